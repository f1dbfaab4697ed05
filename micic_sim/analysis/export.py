"""Export a run's or a sweep's results as files a planner opens in a spreadsheet: one CSV per
table and one Excel workbook with a sheet per table, units in every column header.

Parquet stays the format for analysis; these tables are for reading and sharing. Counts are in
people (agents x people per agent), with the agent counts in their own columns; the `about`
table says what the units mean and how many agents the numbers rest on.

    outcomes        one row per run x group (overall, status, documentation, nationality)
    key_numbers     per policy: the brief's key numbers, mean over seeds and 95% interval
    over_time       per run x day: people in each state, overall and by status
    bottlenecks     per policy x service point: peak queue and person-days waiting
    service_points  per run x service point: people passed, refused, detained
    about           scale, minimum agents for a claim, where the numbers come from
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from micic_sim.analysis.bottlenecks import bottlenecks
from micic_sim.analysis.keynumbers import key_numbers
from micic_sim.analysis.load import Results, load
from micic_sim.analysis.outcomes import OUTCOMES
from micic_sim.analysis.series import state_counts
from micic_sim.codes import State
from micic_sim.inputs import INPUT_ERROR, check_writable
from micic_sim.results import atomic_write
from micic_sim.units import MIN_AGENTS

UNIT_WORDS = {"share": "share 0-1", "people": "people", "days": "days", "agents": "agents"}
IDENTITY = {
    *("run_id", "scenario", "policy", "seed", "levers", "group_type", "group", "label"),
    *("metric", "unit", "name", "kind", "kind_name", "item", "value"),
}


def unit_of(column: str) -> str:
    """The unit of an exported column ('' for identity and text columns)."""
    if column in IDENTITY or column.startswith("lever_") or column == "lever_settings":
        return ""
    if column.endswith("_agents") or column in ("agents", "min_agents", "n_levers"):
        return "agents" if column != "n_levers" else "levers"
    if column == "people_per_agent":
        return "people per agent"
    if column in OUTCOMES:
        return UNIT_WORDS.get(OUTCOMES[column][1], OUTCOMES[column][1])
    if column.endswith("_share"):
        return "share 0-1"
    if "days" in column or column == "day":
        return "days"
    return "people"


def with_units(df: pd.DataFrame, units: dict[str, str] | None = None) -> pd.DataFrame:
    """Column headers with their unit: 'stranded [people]', 'day [days]'."""
    units = units or {}
    names = {}
    for c in df.columns:
        unit = units.get(c, unit_of(c))
        names[c] = f"{c} [{unit}]" if unit else c
    return df.rename(columns=names)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categories as text (spreadsheets have no categories)."""
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(str)
    return out


def tables(res: Results) -> dict[str, pd.DataFrame]:
    """The exported tables (see module docstring), headers with units."""
    from micic_sim.plots.words import resource_name

    out: dict[str, pd.DataFrame] = {}
    outcomes = _plain(res.outcomes)
    out["outcomes"] = with_units(outcomes)
    kn = key_numbers(res.outcomes, res.policies)
    kn.insert(2, "unit", [unit_of(m) for m in kn["metric"]])
    out["key_numbers"] = with_units(
        kn,
        {
            "n": "runs",
            "mean": "see unit",
            "ci_low": "see unit",
            "ci_high": "see unit",
            "agents": "agents",
        },
    )

    states = [s.name.lower() for s in State]
    over = []
    for group_type in ("status",):
        wide = state_counts(res.timeseries, group_type)
        if wide.empty:
            continue
        keys = [c for c in ("run_id", "policy", "seed") if c in wide.columns]
        total = wide.groupby([*keys, "day"], observed=True)[states].sum().reset_index()
        total.insert(len(keys) + 1, "group", "all")
        over += [total, wide[[*keys, "day", "group", *states]]]
    if over:
        ts = _plain(pd.concat(over, ignore_index=True))
        ts = ts.sort_values([c for c in ("run_id", "day", "group") if c in ts.columns])
        out["over_time"] = with_units(ts.reset_index(drop=True), dict.fromkeys(states, "people"))

    b = bottlenecks(res.timeseries)
    if len(b):
        b = _plain(b)
        b.insert(
            b.columns.get_loc("label") + 1,
            "name",
            [resource_name(x, res.scenario) for x in b["label"]],
        )
        out["bottlenecks"] = with_units(
            b.drop(columns=["kind"]),
            {
                "name": "",
                "kind_name": "",
                "runs": "runs",
                "peak": "people",
                "peak_low": "people",
                "peak_high": "people",
                "peak_day": "days",
                "person_days": "person-days",
                "days_with_queue": "days",
            },
        )
    inst = res.institutions()
    if len(inst):
        inst = _plain(inst)
        inst.insert(
            inst.columns.get_loc("label") + 1,
            "name",
            [resource_name(x, res.scenario) for x in inst["label"]],
        )
        out["service_points"] = with_units(inst, {"kind": "", "name": ""})
    ppa = res.people_per_agent()
    out["about"] = pd.DataFrame(
        [
            ("source", str(res.root)),
            ("scenarios", ", ".join(res.scenarios)),
            ("runs", len(res.runs)),
            ("simulated agents per run", res.agents_total()),
            ("people per agent", ppa),
            (
                "units",
                "counts are in people (agents x people per agent); [agents] columns give the "
                "simulated agents a count rests on; shares are 0-1",
            ),
            (
                "minimum agents for a claim",
                f"{MIN_AGENTS}: group comparisons and ratios resting on fewer agents are "
                "not reliable",
            ),
        ],
        columns=["item", "value"],
    )
    return out


def export(
    path: str | Path, out_dir: str | Path | None = None, formats=("csv", "xlsx")
) -> list[Path]:
    """Write the tables of the run or sweep at `path` into `out_dir` (default: `<path>/export`)
    as CSV files and/or one Excel workbook; returns the files written."""
    res = load(path, write_collection=False)
    out = Path(out_dir) if out_dir is not None else Path(path) / "export"
    check_writable(out, "--out")
    found = tables(res)  # every table read before the folder is made: a damaged run leaves none
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if "csv" in formats:
        for name, df in found.items():
            target = out / f"{name}.csv"
            atomic_write(target, lambda p, df=df: df.to_csv(p, index=False))
            target.chmod(0o644)  # to share, like any file the user writes
            written.append(target)
    if "xlsx" in formats:
        target = out / "results.xlsx"

        def write_book(p: Path) -> None:
            with pd.ExcelWriter(p, engine="openpyxl") as book:
                for name, df in found.items():
                    df.to_excel(book, sheet_name=name[:31], index=False)
                    sheet = book.sheets[name[:31]]
                    sheet.freeze_panes = "A2"
                    for col in sheet.columns:  # wide enough for the header with its unit
                        width = max(len(str(c.value or "")) for c in col[:200])
                        sheet.column_dimensions[col[0].column_letter].width = min(
                            60, max(8, width + 2)
                        )

        atomic_write(target, write_book)
        target.chmod(0o644)
        written.append(target)
    return written


def main(args: list[str] | None = None) -> int:
    """`micic-sim export <run or sweep dir>`: CSV files and an Excel workbook."""
    ap = argparse.ArgumentParser(
        prog="micic-sim export",
        description="Write a run's or a sweep's results as CSV files and an Excel workbook "
        "(one sheet per table, units in the headers, counts in people).",
    )
    ap.add_argument("path", help="a run folder or a sweep folder")
    ap.add_argument("--out", help="folder for the files (default: <path>/export)")
    ap.add_argument(
        "--format",
        default="csv,xlsx",
        help="comma-separated: csv, xlsx (default: both)",
    )
    ns = ap.parse_args(args)
    formats = tuple(f.strip() for f in ns.format.split(",") if f.strip())
    bad = [f for f in formats if f not in ("csv", "xlsx")]
    if bad or not formats:
        ap.error(f"--format: unknown format(s) {', '.join(bad) or '(none)'}; use csv and/or xlsx")
    try:
        written = export(ns.path, ns.out, formats)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_ERROR
    for p in written:
        print(p)
    return 0
