"""Where Libya's behaviour does not carry over to Lebanon: one seed, two behaviour values moved
one at a time (NOT adopted: the scenario keeps Libya's values; this only shows the direction).

    .venv/bin/python experiments/lebanon_2006/sensitivity.py

Prints, for the figures that miss most, simulated / observed in people (100,000 agents, seed 0).
"""

from __future__ import annotations

import pandas as pd
from validate import ROOT, simulate

from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario

CASES = [
    ("Libya as is", {}),
    ("call_leave_rate 1.0 -> 0.1", {"call_leave_rate": 0.1}),
    ("leave_rate 0.004 -> 0.04", {"leave_rate": 0.04}),
]
TAGS = ["S03", "S44", "S45", "S47", "S16", "S17", "S32"]


def main() -> None:
    case = load_scenario("lebanon_2006")
    obs = pd.read_csv(ROOT / "observed" / "figures.csv", comment="#")
    start = pd.Timestamp(case.start_date)
    obs["day"] = [min((pd.Timestamp(d) - start).days, case.days) for d in obs["date"]]
    obs = obs[obs.tag.isin(TAGS) & (obs.metric != "waiting")]
    for label, behaviour in CASES:
        m = EvacuationModel(case, seed=0, population_total=100000, behaviour=behaviour).run()
        print(f"## {label}")
        for r in obs.itertuples(index=False):
            sim = simulate(m, {}, r, float(r.day))
            print(f"{r.label}: {sim:,.0f} / {r.value:,} = {sim / r.value:.2f}")


if __name__ == "__main__":
    main()
