"""Summarise the Flee-case validation: the joint calibration, leave-one-out, and the shipped
defaults scored on fresh seeds. Writes results.md and one chart per case beside this file.

    .venv/bin/python experiments/flee_validation/summarise.py

Reads joint/grid.csv (written by `micic-sim calibrate flee_mali flee_car --out ...`); runs each
bundled case (scenarios/flee_mali, scenarios/flee_car) with the shipped defaults on seeds
0, 1 and 2 (the calibration used seed 0 only).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CASES = ("flee_mali", "flee_car")
#: Flee 3.1 with its defaults (benchmarks/FLEE_BASELINE.md): ARD per seed, denominator the
#: people observed in the modelled camps ...
FLEE_ARD = {"flee_mali": [0.3526, 0.3496], "flee_car": [0.3136]}
#: ... and denominator Flee's total refugee count (run.py's "raw UNHCR refugee count").
FLEE_ARD_TOTAL = {"flee_mali": [0.2196, 0.2178], "flee_car": [0.2743]}
SEEDS = (0, 1, 2)
PARAMS = ("foreign_weight", "capacity_buffer", "camp_move_chance")


def leave_one_out(grid: pd.DataFrame) -> list[dict]:
    """Tune on one case alone (its best grid point) and score the other case with it."""
    rows = []
    for tuned, other in (CASES, CASES[::-1]):
        best = grid.loc[grid[f"{tuned}:ard"].idxmin()]
        rows.append(
            {
                "tuned on": tuned,
                **{p: best[p] for p in PARAMS},
                f"ARD {tuned} (fitted)": best[f"{tuned}:ard"],
                f"ARD {other} (held out)": best[f"{other}:ard"],
            }
        )
    return rows


def score_defaults() -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """ARD of each bundled case with the shipped defaults, per seed (and the seed-0 chart),
    with both denominators (camps, Flee's total count)."""
    from micic_sim.validation.cli import validate

    out: dict[str, list[float]] = {}
    total: dict[str, list[float]] = {}
    for case in CASES:
        root = REPO / "scenarios" / case
        out[case] = []
        total[case] = []
        for seed in SEEDS:
            t0 = time.perf_counter()
            chart = HERE / "charts" / f"{case}.png" if seed == 0 else None
            r = validate(str(root), root / "observed" / "flee", seed=seed, chart=chart)
            out[case].append(r["ard"])
            total[case].append(r["ard_flee_total"])
            print(
                f"{case} seed {seed}: ARD {r['ard']:.4f} ({time.perf_counter() - t0:.1f} s)",
                file=sys.stderr,
            )
    return out, total


def flee_settings() -> dict[str, float]:
    """ARD with Flee's own values of the three calibrated parameters (seed 0)."""
    from micic_sim.validation.cli import validate

    flee = {"foreign_weight": 1.0, "capacity_buffer": 0.9, "camp_move_chance": 0.001}
    return {
        case: validate(
            str(REPO / "scenarios" / case),
            REPO / "scenarios" / case / "observed" / "flee",
            seed=0,
            behaviour=flee,
        )["ard"]
        for case in CASES
    }


def main() -> int:
    (HERE / "charts").mkdir(exist_ok=True)
    grid = pd.read_csv(HERE / "joint" / "grid.csv")
    top = grid.iloc[0]
    defaults, defaults_total = score_defaults()
    lines = [
        "# micic-sim on Flee's cases: results",
        "",
        "Written by `experiments/flee_validation/summarise.py`; see README.md for the commands.",
        "",
        "## Shipped defaults against Flee's (ARD, lower is better)",
        "",
        "Denominator *camps*: people observed in the modelled camps; *total*: Flee's total "
        "refugee count (the 'raw UNHCR refugee count' of Flee's run.py).",
        "",
        "| case | denominator | Flee 3.1, its defaults | micic-sim, its defaults: seeds 0, 1, 2 "
        "| mean |",
        "|---|---|---|---|---|",
    ]
    for case in CASES:
        for label, flee_v, ours_v in (
            ("camps", FLEE_ARD, defaults),
            ("total", FLEE_ARD_TOTAL, defaults_total),
        ):
            flee = ", ".join(f"{x:.4f}" for x in flee_v[case])
            ours = ", ".join(f"{x:.4f}" for x in ours_v[case])
            lines.append(f"| {case} | {label} | {flee} | {ours} | {np.mean(ours_v[case]):.4f} |")
    lines += [
        "",
        "## Joint calibration (seed 0, every grid point scores both cases)",
        "",
        f"Best of {len(grid)} points: "
        + ", ".join(f"{p} = {top[p]:g}" for p in PARAMS)
        + f"; ARD Mali {top['flee_mali:ard']:.4f}, CAR {top['flee_car:ard']:.4f}, "
        f"mean {top['mean']:.4f}.",
        "",
        "micic-sim's wayfinding with Flee's own values of these three (foreign_weight 1, "
        "capacity_buffer 0.9, camp_move_chance 0.001), seed 0: "
        + ", ".join(f"{c} {v:.4f}" for c, v in flee_settings().items())
        + " (Flee itself: Mali 0.3526, CAR 0.3136).",
    ]
    lines += [
        "",
        "## Leave one out: tuned on one case, scored on the other",
        "",
        "| tuned on | " + " | ".join(PARAMS) + " | fitted case ARD | held-out case ARD |",
        "|---|" + "---|" * (len(PARAMS) + 2),
    ]
    for r in leave_one_out(grid):
        vals = list(r.values())
        lines.append(
            f"| {vals[0]} | "
            + " | ".join(f"{v:g}" for v in vals[1:4])
            + f" | {vals[4]:.4f} | {vals[5]:.4f} |"
        )
    cols = list(grid.columns)
    lines += [
        "",
        "## The 10 best grid points",
        "",
        "| " + " | ".join(cols) + " |",
        "|---" * len(cols) + "|",
    ]
    lines += [
        "| " + " | ".join(f"{v:.4g}" for v in row) + " |"
        for row in grid.head(10).itertuples(index=False)
    ]
    lines.append("")
    (HERE / "results.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
