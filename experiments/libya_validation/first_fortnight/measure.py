"""Libya 2011, the first fortnight: where the model's people are, by nationality and region.

Issue 11 leaves two targets missed (all neighbours on 13 Mar, people stranded at the Tunisian and
Egyptian borders on 1-2 Mar), both traced to too few Egyptians leaving in the first fortnight.
Before building any mechanism this script measures, on the calibrated default scenario, what the
model does on days 5-15 (20 Feb - 2 Mar 2011): per nationality and home region, how many are at
home, on the move, queued, across a border; how many employers have shut by region; and what the
crossings at Ras Ajdir and Salloum let through per day against their capacity.

    .venv/bin/python experiments/libya_validation/first_fortnight/measure.py --agents 200000

Counts are people (agents x people per agent, printed in the header), seed mean (default seeds 0-2).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from micic_sim.codes import State
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario

HERE = Path(__file__).resolve().parent
REGION = {
    "tripoli": "west",
    "zawiya": "west",
    "nafusa": "west",
    "misrata": "west",
    "sirte": "centre",
    "brega_ajdabiya": "east",
    "benghazi": "east",
    "bayda_derna": "east",
    "tobruk": "east",
    "sabha": "south",
    "sabha_detention": "south",
    "kufra": "south",
}
GROUPS = {"EGY": "EGY", "TUN": "TUN", "BGD": "BGD"}
STATE_CAT = {
    State.HOME: "home",
    State.MOVING: "moving",
    State.QUEUE_BORDER: "queued",
    State.QUEUE_CONSULATE: "queued",
    State.QUEUE_TRANSPORT: "queued",
    State.STRANDED: "stranded",
    State.IN_SHELTER: "home",
    State.DETAINED: "stranded",
    State.CROSSED: "out",
    State.EVACUATED: "out",
    State.REPATRIATED: "out",
    State.WAITING: "out",
    State.HARMED: "harmed",
    State.NOT_YET: "not_yet",
}
DAYS = list(range(5, 17))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=200000)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--out", type=Path, default=HERE)
    ns = ap.parse_args()
    case = load_scenario("libya_2011")
    parts = [measure(case, int(s), ns.agents) for s in ns.seeds.split(",")]
    state, emp, cross = (
        pd.concat([p[k] for p in parts]).groupby(keys).mean().reset_index()
        for k, keys in (
            (0, ["group", "region", "day"]),
            (1, ["group", "region", "day"]),
            (2, ["crossing", "day"]),
        )
    )
    ppa = parts[0][3]
    ns.out.mkdir(parents=True, exist_ok=True)
    state.round(0).to_csv(ns.out / "state_by_day.csv", index=False)
    emp.round(4).to_csv(ns.out / "employers_by_day.csv", index=False)
    cross.round(0).to_csv(ns.out / "crossings_by_day.csv", index=False)
    print(f"{ns.agents:,} agents, 1 agent = {ppa:.2f} people, seeds {ns.seeds} (mean)")
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        print(state[state.day.isin([7, 9, 14])].round(0).to_string(index=False))
        print(emp[emp.day.isin([7, 9, 14])].round(3).to_string(index=False))
        print(cross.round(0).to_string(index=False))


def measure(
    case: object, seed: int, agents: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float]:
    """State by group, region and day; employers shut; crossings by day (one seed)."""
    m = EvacuationModel(case, seed=seed, population_total=agents, days=max(DAYS) + 0.5)
    ppa = 1.0 / m.scale
    p = m.population
    w = m.world
    place_ids = w.place_ids
    home = p.place.copy()
    region = np.array([REGION.get(place_ids[i], "other") for i in home])
    nat_ids = w.nat_ids
    nat = np.array([nat_ids[i] for i in p.nationality])
    group = np.array([GROUPS.get(n, "other") for n in nat])
    cat_of = np.array([STATE_CAT.get(State(s), "other") for s in range(max(State) + 1)])
    steps_per_day = round(1 / m.dt)
    rows, emp_rows = [], []
    while m.running:
        m.step()
        if m.steps % steps_per_day:
            continue
        day = round(m.day)
        if day not in DAYS:
            continue
        cat = cat_of[p.state]
        left = ~np.isnan(p.left_day)
        df = pd.DataFrame({"group": group, "region": region, "cat": cat})
        t = df.groupby(["group", "region", "cat"]).size().unstack(fill_value=0) * ppa
        t["left_home"] = (
            pd.Series(left).groupby([group, region]).sum().reindex(t.index).values * ppa
        )
        t = t.reset_index().assign(day=day)
        rows.append(t)
        emp = p.employer
        has = emp >= 0
        gone = np.zeros(p.n, bool)
        gone[has] = m.employers.gone[emp[has]]
        e = pd.DataFrame({"group": group[has], "region": region[has], "gone": gone[has]})
        e = e.groupby(["group", "region"])["gone"].mean().rename("employer_gone_share")
        emp_rows.append(e.reset_index().assign(day=day))
    state = pd.concat(rows, ignore_index=True).fillna(0)
    emp = pd.concat(emp_rows, ignore_index=True)
    # people let through so far at the posts to Tunisia and Egypt, by nationality
    labels = [sp.label for sp in m.service_points]
    day_of = np.array([r.day for r in m.records])
    cross = []
    for lab in ("crossing:x_ras_ajdir", "crossing:x_dehiba_wazin", "crossing:x_salloum"):
        k = labels.index(lab)
        for d in DAYS:
            i = int(np.searchsorted(day_of, d - 1e-9))
            row = m.records[i].passed_nat[k] * ppa
            cross.append({"crossing": lab.split(":")[1], "day": d, "all": row.sum()})
            cross[-1].update(dict(zip(nat_ids, row, strict=True)))
    return state, emp, pd.DataFrame(cross), ppa


if __name__ == "__main__":
    main()
