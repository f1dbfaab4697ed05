"""A near tie of the leave-one-case-out table, on more seeds.

The table's target compares means over seeds 0, 1 and 2; where the two tools differ by less
than their seeds scatter, three seeds cannot say which is better. This scores one case with
micic-sim at its held-out point (fitted without it, as in loco.py) and runs Flee 3.1 (its
defaults or the case's simsetting.yml, as loco.py) on more seeds, then prints both ARDs,
mean and standard deviation per tool, and Welch's t-test and the Mann-Whitney U test of the
difference. It never refits: the held-out point is loco.py's, from its seed-0 grid.

    .venv/bin/python experiments/flee_validation/more_seeds.py nigeria2016 --seeds 0-9

Results are kept in loco/more_seeds/<case>.csv (one row per tool and seed; delete it to start
again) and the table in loco/more_seeds/<case>.md; the case is imported afresh into
loco/more_seeds/scenarios/. Flee takes about 35 s a seed on Nigeria
2016 here; `--flee-json 'DIR/flee-seed{seed}.json'` records runs made elsewhere with
`benchmarks/flee_runner.py case` instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd
from scipy import stats

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from loco import CASES, OUT, case_grid, held_out_point, run_flee, score  # noqa: E402

FOLDER = OUT / "more_seeds"
COLUMNS = ["tool", "seed", "ard_camps", "ard_total"]


def seed_list(text: str) -> list[int]:
    """'0-9' or '0,1,2' (or both: '0-2,5')."""
    seeds: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.strip().partition("-")
        seeds += list(range(int(lo), int(hi or lo) + 1))
    return sorted(set(seeds))


def compare(rows: pd.DataFrame, seeds: list[int]) -> tuple[str, dict]:
    """The markdown table and the figures behind it."""
    rows = rows[rows["seed"].isin(seeds)]
    lines = [
        "| denominator | micic-sim held out: mean (sd) | Flee 3.1: mean (sd) | "
        "difference | Welch p | Mann-Whitney p |",
        "|---|---|---|---|---|---|",
    ]
    figures: dict = {}
    for col, name in (("ard_camps", "camps"), ("ard_total", "total")):
        m = rows[rows["tool"] == "micic-sim"].sort_values("seed")[col].to_numpy(float)
        f = rows[rows["tool"] == "flee"].sort_values("seed")[col].to_numpy(float)
        welch = stats.ttest_ind(m, f, equal_var=False).pvalue
        mwu = stats.mannwhitneyu(m, f).pvalue
        figures[name] = {
            "micic": float(m.mean()),
            "flee": float(f.mean()),
            "difference": float(m.mean() - f.mean()),
            "welch_p": float(welch),
            "mann_whitney_p": float(mwu),
        }
        lines.append(
            f"| {name} | {m.mean():.5f} ({m.std(ddof=1):.5f}) | {f.mean():.5f} "
            f"({f.std(ddof=1):.5f}) | {m.mean() - f.mean():+.5f} | {welch:.2f} | {mwu:.2f} |"
        )
    return "\n".join(lines), figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--seeds", default="0-9", help="e.g. 0-9 or 0,1,2 (default 0-9)")
    ap.add_argument(
        "--flee-json",
        default=None,
        metavar="PATTERN",
        help="flee_runner.py case results run elsewhere, e.g. 'runs/flee-seed{seed}.json'",
    )
    ns = ap.parse_args(argv)
    seeds = seed_list(ns.seeds)
    if len(seeds) < 3:
        ap.error("--seeds: at least 3 seeds, to compare scatter")
    from micic_sim.scenario.flee_import import import_flee

    inp, val = CASES[ns.case]
    # imported afresh: an import left by an earlier loco.py run may predate the importer
    root = import_flee(inp, FOLDER / "scenarios", ns.case, validation=val, overwrite=True)
    grid = pd.concat([case_grid(c) for c in CASES], ignore_index=True)
    point = held_out_point(grid, ns.case, list(CASES))
    if point is None:
        ap.error("loco.py's grid has no other case scored yet: run loco.py --grid-only first")
    behaviour = {k: float(v) for k, v in (kv.split("=") for kv in point.split(","))}

    path = FOLDER / f"{ns.case}.csv"
    rows = pd.read_csv(path) if path.is_file() else pd.DataFrame(columns=COLUMNS)
    for seed in seeds:
        for tool in ("micic-sim", "flee"):
            if ((rows["tool"] == tool) & (rows["seed"] == seed)).any():
                continue
            if tool == "micic-sim":
                r = score(ns.case, root, behaviour, seed)
            elif ns.flee_json and Path(ns.flee_json.format(seed=seed)).is_file():
                out = json.loads(Path(ns.flee_json.format(seed=seed)).read_text())
                r = {"ard_camps": out["ard"], "ard_total": out["ard_total_error_mean"]}
            else:
                (OUT / "flee").mkdir(exist_ok=True)
                r = run_flee(ns.case, inp, val, seed)
            row = {"tool": tool, "seed": seed, "ard_camps": r["ard_camps"]}
            row["ard_total"] = r["ard_total"]
            print(row, file=sys.stderr)
            rows = pd.concat([rows, pd.DataFrame([row])], ignore_index=True)
            rows.to_csv(path, index=False)
    table, _ = compare(rows, seeds)
    text = (
        f"# {ns.case}: micic-sim held out against Flee 3.1 on seeds {ns.seeds}\n\n"
        f"Written by `experiments/flee_validation/more_seeds.py`. micic-sim at the point fitted "
        f"without the case ({point}); ARD, lower is better; sd: standard deviation over the "
        f"seeds; difference: micic-sim minus Flee.\n\n{table}\n"
    )
    (FOLDER / f"{ns.case}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
