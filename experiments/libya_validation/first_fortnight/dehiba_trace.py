"""Who the model sends through Dehiba-Wazin in the first fortnight, and why.

Follows every person who crosses at Dehiba-Wazin or Ras Ajdir by 2 Mar 2011 (day 15; caught on
the Tunisian side of the post) and tabulates their home place, nationality group and
awareness (informed people weigh queues; see kernels/decide.option_cost), in people.

    .venv/bin/python experiments/libya_validation/first_fortnight/dehiba_trace.py --seeds 0,1,2
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from micic_sim.codes import Awareness
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario

#: Each post's Tunisian side: the entry place and the places and links just beyond it. A person
#: passes the post within a step, so they are caught on this side (or on the link out of it).
POSTS = {
    "dehiba": (("dehiba_tn", "remada", "tataouine"), ("l_dehiba_remada", "l_remada_tataouine")),
    "ras_ajdir": (("ras_ajdir_tn", "choucha", "ben_gardane"), ("l_rasajdir_choucha",)),
}


def trace(case: object, seed: int, agents: int, last_day: int) -> pd.DataFrame:
    """One seed: people first seen at each Libyan post by day, with home, group, awareness."""
    m = EvacuationModel(case, seed=seed, population_total=agents, days=last_day + 0.5)
    ppa = 1.0 / m.scale
    p, w = m.population, m.world
    pid = {
        name: (
            np.array([w.place_ids.index(x) for x in places]),
            np.array([e for e, j in enumerate(w.link_scn) if w.link_ids[j] in links]),
        )
        for name, (places, links) in POSTS.items()
    }
    home = np.array(w.place_ids)[p.place.copy()]
    nat = np.array(w.nat_ids)[p.nationality]
    first = {name: np.full(p.n, -1.0) for name in POSTS}
    informed_at = {name: np.zeros(p.n, bool) for name in POSTS}
    while m.running:
        m.step()
        for name, (places, links) in pid.items():
            there = np.isin(p.place, places) & (p.link < 0) | np.isin(p.link, links)
            new = there & (first[name] < 0) & (first["dehiba"] < 0) & (first["ras_ajdir"] < 0)
            first[name][new] = m.day
            informed_at[name][new] = p.awareness[new] == int(Awareness.INFORMED)
    rows = []
    for name in POSTS:
        seen = first[name] >= 0
        rows.append(
            pd.DataFrame(
                {
                    "post": name,
                    "home": home[seen],
                    "nat": nat[seen],
                    "informed": informed_at[name][seen],
                    "day": np.floor(first[name][seen]).astype(int),
                    "people": ppa,
                    "seed": seed,
                }
            )
        )
    return pd.concat(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=200000)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--last-day", type=int, default=15)
    ap.add_argument("--scenario", default="libya_2011", help="name or folder")
    ns = ap.parse_args()
    case = load_scenario(ns.scenario)
    seeds = [int(s) for s in ns.seeds.split(",")]
    df = pd.concat([trace(case, s, ns.agents, ns.last_day) for s in seeds])
    k = len(seeds)
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        for post, g in df.groupby("post"):
            print(f"\n== {post}: {g.people.sum() / k:,.0f} people reached it by day {ns.last_day}")
            print((g.groupby("home").people.sum() / k).round(0).sort_values(ascending=False))
            print("informed share:", round(float(np.average(g.informed, weights=g.people)), 2))
            print((g.groupby("day").people.sum() / k).round(0).to_string())


if __name__ == "__main__":
    main()
