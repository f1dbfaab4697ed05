"""`micic-sim report <run or sweep dir>`: a workshop brief as self-contained HTML and PDF.

    <out>/report.html   charts embedded, opens offline, can be e-mailed
    <out>/report.pdf    printable handout
    <out>/charts/*.png  the charts on their own (for slides), with findings.json: each chart's
                        finding (its title) and how to read it

The brief states the scenario, the policies compared, the key numbers with their intervals,
the bottlenecks, every chart, and a methods-and-limits note ending with the safeguard that the
results must never serve enforcement (brief_text.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import pandas as pd

from micic_sim.analysis.bottlenecks import bottlenecks
from micic_sim.analysis.keynumbers import key_numbers_wide
from micic_sim.analysis.load import Results, load
from micic_sim.inputs import INPUT_ERROR, check_writable
from micic_sim.plots.brief_text import build_brief
from micic_sim.plots.charts import build
from micic_sim.plots.common import policy_rows, reference_policy
from micic_sim.plots.report_html import render_html, write_html
from micic_sim.plots.report_pdf import write_pdf
from micic_sim.plots.words import policy_label, resource_name

TOP_BOTTLENECKS = 8


def bottleneck_rows(res: Results, policy: str) -> pd.DataFrame:
    """The worst service points of one policy, formatted for a table."""
    table = bottlenecks(policy_rows(res.timeseries, policy), by=()).head(TOP_BOTTLENECKS)
    return pd.DataFrame(
        {
            "Service point": [resource_name(x, res.scenario) for x in table["label"]],
            "Kind": table["kind_name"].to_list(),
            "Peak queue (people)": [f"{x:,.0f}" for x in table["peak"]],
            "Worst on day": [f"{x:.0f}" for x in table["peak_day"]],
            "Person-days waiting": [f"{x:,.0f}" for x in table["person_days"]],
        }
    ).set_index("Service point")


def write_report(
    path: str | Path,
    out_dir: str | Path | None = None,
    policy: str | None = None,
    *,
    pdf: bool = True,
) -> dict[str, Path]:
    """Build the brief for a run or sweep folder; returns the paths written."""
    res = load(path)
    out = Path(out_dir) if out_dir is not None else Path(path) / "report"
    check_writable(out, "--out")
    ref = reference_policy(res, policy)
    brief = build_brief(res)
    charts = build(res, ref)
    key = key_numbers_wide(res.outcomes, res.policies)
    key.index = [policy_label(p) for p in key.index]
    key.index.name = "Policy"
    bottle = bottleneck_rows(res, ref)
    written: dict[str, Path] = {}
    # Made once everything is read and drawn: a damaged run file leaves no half report.
    (out / "charts").mkdir(parents=True, exist_ok=True)
    findings = {}
    for c in charts:
        c.figure.savefig(out / "charts" / f"{c.key}.png", bbox_inches="tight", facecolor="white")
        findings[c.key] = {
            "finding": c.figure.texts[0].get_text().replace("\n", " "),
            "caption": c.caption,
        }
    (out / "charts" / "findings.json").write_text(json.dumps(findings, indent=1) + "\n")
    html = render_html(
        brief,
        charts,
        key,
        [
            {
                "name": n,
                "kind": r["Kind"],
                "peak": r["Peak queue (people)"],
                "day": r["Worst on day"],
                "person_days": r["Person-days waiting"],
            }
            for n, r in bottle.iterrows()
        ],
        policy_label(ref),
        str(path),
    )
    written["html"] = write_html(out / "report.html", html)
    if pdf:
        written["pdf"] = write_pdf(
            out / "report.pdf", brief, charts, key, bottle, policy_label(ref), str(path)
        )
    written["charts"] = out / "charts"
    return written


def main(args: list[str] | None = None) -> int:
    """`micic-sim report <run or sweep dir> [--out DIR] [--policy NAME] [--no-pdf]`."""
    ap = argparse.ArgumentParser(
        prog="micic-sim report",
        description="Write a workshop brief (HTML and PDF) for a run or a sweep folder.",
    )
    ap.add_argument("path", help="a run folder (with summary.json) or a sweep folder")
    ap.add_argument("--out", help="output folder (default: <path>/report)")
    ap.add_argument("--policy", help="policy shown in the single-policy charts (default: baseline)")
    ap.add_argument("--no-pdf", action="store_true", help="HTML only")
    ns = ap.parse_args(args)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        written = write_report(ns.path, ns.out, ns.policy, pdf=not ns.no_pdf)
    except (FileNotFoundError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_ERROR
    for kind, p in written.items():
        print(f"{kind}: {p}")
    return 0
