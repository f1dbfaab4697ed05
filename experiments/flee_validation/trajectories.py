"""Camp by camp: micic-sim beside Flee and the observed counts on one of the study's cases.

The leave-one-case-out table says *how much* the tools differ on a case; this says *where*:
for each scored camp, the people on a few days in micic-sim (one or more grid points), in Flee
(a `benchmarks/flee_runner.py case --out-csv` file) and in the counts, and each camp's share
of the ARD (camps denominator). Used to find what separates micic-sim from Flee on a case
(README: "What changed").

    .venv/bin/python experiments/flee_validation/trajectories.py nigeria2022_2024 \\
        --flee /tmp/flee-nigeria-seed0.csv --point 1,0.9,0.001 --point 1,0.3,0.001
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from loco import CASES  # noqa: E402

WORK = HERE / "loco" / "trajectories"  # imported here, apart from loco.py's runs (not in git)


def micic(
    root: Path, val: Path, point: dict | None, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily people per scored camp in micic-sim, and the observed counts."""
    from micic_sim.model import EvacuationModel
    from micic_sim.validation.cli import scores

    model = EvacuationModel(str(root), seed=seed, behaviour=point).run()
    s = scores(model, root / "observed" / "flee")
    return s["sim"], s["obs"]


def table(runs: dict[str, pd.DataFrame], obs: pd.DataFrame, days: list[int]) -> str:
    """People per camp on `days` in each run and in the counts; each run's ARD share."""
    den = np.maximum(obs.sum(axis=1).to_numpy(), 1.0)
    lines = ["| camp | day | observed | " + " | ".join(runs) + " |"]
    lines.append("|---" * (3 + len(runs)) + "|")
    for camp in obs.columns:
        for d in days:
            vals = [f"{runs[r][camp].iloc[d]:,.0f}" for r in runs]
            lines.append(f"| {camp} | {d} | {obs[camp].iloc[d]:,.0f} | " + " | ".join(vals) + " |")
    lines.append("")
    lines.append("ARD share (camps denominator) per camp: " + ", ".join(runs))
    for camp in obs.columns:
        shares = [
            f"{np.mean(np.abs(runs[r][camp].to_numpy() - obs[camp].to_numpy()) / den):.4f}"
            for r in runs
        ]
        lines.append(f"- {camp}: " + " / ".join(shares))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--flee", action="append", default=[], help="flee_runner.py --out-csv file")
    ap.add_argument("--point", action="append", default=[], help="foreign_weight,cb,cm")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--days", default="", help="comma-separated days (default: 5 spread out)")
    ns = ap.parse_args(argv)
    from micic_sim.scenario.flee_import import import_flee

    inp, val = CASES[ns.case]
    root = WORK / ns.case
    if not (root / "import.json").is_file():
        root = import_flee(inp, WORK, ns.case, validation=val, overwrite=True)
    runs: dict[str, pd.DataFrame] = {}
    obs = None
    for spec in ns.point or ["1,0.9,0.001"]:
        fw, cb, cm = (float(x) for x in spec.split(","))
        point = {"foreign_weight": fw, "capacity_buffer": cb, "camp_move_chance": cm}
        sim, obs = micic(root, val, point, ns.seed)
        runs[f"micic {spec}"] = sim
    assert obs is not None
    for path in ns.flee:
        flee = pd.read_csv(path).set_index("day")
        runs[f"Flee {Path(path).stem}"] = flee.reindex(columns=obs.columns).iloc[: len(obs)]
    n = len(obs)
    days = (
        [int(d) for d in ns.days.split(",")] if ns.days else [0, n // 4, n // 2, 3 * n // 4, n - 1]
    )
    print(table(runs, obs, days))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
