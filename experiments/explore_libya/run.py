"""Morris screening of the Libya 2011 scenario's assumptions: guidelines vs baseline.

Every assumption with a range in scenarios/libya_2011/uncertainties.csv ([A..] tags of
SOURCES.md, and the model defaults the scenario relies on) is screened by Morris elementary
effects; each sample runs under `baseline` and `guidelines` with the same seed, and the
indices rank the assumptions by how much they change the guidelines' effect, in people.

    nice -n 10 .venv/bin/python experiments/explore_libya/run.py            # runs, then analyses
    .venv/bin/python experiments/explore_libya/run.py --analyse             # reuses runs.csv
    nice -n 10 .venv/bin/python experiments/explore_libya/run.py --design lhs   # single levers

The settings are those of `micic-sim explore` (configs/exploration.yaml), given below as
command-line overrides, so the same study runs as

    micic-sim explore scenario=libya_2011 explore=morris explore.n=8 agents=10000 dt_hours=12 \\
        out_dir=experiments/explore_libya/results

The runs are kept in `results.runs.csv` as soon as they finish (until the results folder is
written), and `--analyse` redoes the analysis from `results/runs.csv` (or that file).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from micic_sim.explore.cli import compose
from micic_sim.explore.study import run_exploration

HERE = Path(__file__).resolve().parent
COMMON = [
    "scenario=libya_2011",
    "agents=10000",
    "dt_hours=12",
    "seeds=[0]",
    "workers=2",
    "threads=1",
]
DESIGNS = {
    # the screening: every assumption, guidelines vs baseline
    "morris": ["explore=morris", "explore.n=8", "policies=[baseline,guidelines]"],
    # robustness and scenario discovery over single levers (no indices from an LHS design)
    "lhs": [
        "explore=lhs",
        "explore.n=100",
        "policies=[baseline,guidelines,laissez_passer,evacuation_transport,shelters,firewall]",
    ],
}
FOLDERS = {"morris": "results", "lhs": "results_lhs"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--design", choices=DESIGNS, default="morris")
    ap.add_argument("--analyse", action="store_true", help="reuse the runs in <folder>/runs.csv")
    ap.add_argument("overrides", nargs="*", help="more key=value settings")
    ns = ap.parse_args()
    folder = HERE / FOLDERS[ns.design]
    cfg = compose([*COMMON, *DESIGNS[ns.design], f"out_dir={folder}", *ns.overrides])
    runs, seconds = None, None
    if ns.analyse:
        kept = HERE / f"{folder.name}.runs.csv"
        runs = pd.read_csv(kept if kept.is_file() else folder / "runs.csv")
        done = folder / "settings.json"
        seconds = json.loads(done.read_text())["seconds"] if done.is_file() else None
    x, out = run_exploration(cfg, progress=True, runs=runs, runs_seconds=seconds)
    print(f"{len(x.runs):,} runs in {x.seconds / 60:,.1f} min -> {out}")


if __name__ == "__main__":
    main()
