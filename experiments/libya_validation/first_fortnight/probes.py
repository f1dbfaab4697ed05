"""Libya 2011, the first fortnight: what-if probes on the calibrated default scenario.

Not mechanisms: each probe overrides one thing for one group in a running model, to measure
which kind of change the record asks for before anything is built (README.md here). Probes:

- `baseline`: the calibrated scenario as it is.
- `propensity_x2.5`: Egyptians and Tunisians 2.5 times as willing to leave (their propensity),
  all war long: is it the will to leave that is missing?
- `employers_x3`: the employers of Egyptians and Tunisians shut 3 times as fast, all war long.
- `employers_x4_pulse`: the same, 4 times as fast, only from 20 Feb to 2 Mar (days 5-15).
- `pulse_ras_ajdir_ramp`: the pulse, and the Tunisian post at Ras Ajdir processing 35% of its
  14,000 a day until 25 Feb (day 10), then all of it.
- `group_violence_ceiling`: violence aimed at Egyptians and Tunisians at its ceiling: hazard 1.0
  for them and for their employers' closing clocks everywhere, 20 Feb - 2 Mar (the most any
  danger-based driver can do on the scenario's hazard scale).
- `egypt_call`: Egypt's call home from 21 Feb (day 6) as the scenario's `call_home` rule would
  read Egypt's flights from Tripoli (near-total, like China's).
- `everyone_employers_x4_pulse`, `everyone_employers_x2.5_pulse`: the pulse for every
  nationality's employers (a burst of closures at the onset, not aimed at one group).

    .venv/bin/python experiments/libya_validation/first_fortnight/probes.py --agents 200000

Writes `probes.csv` (every figure, every probe, seed mean, in people).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import validate as V  # noqa: E402  (the validation script's figures and targets)

from micic_sim.model import EvacuationModel  # noqa: E402
from micic_sim.scenario import load_scenario  # noqa: E402

NEIGHBOURS = ("EGY", "TUN")


@dataclass(frozen=True)
class Probe:
    name: str
    propensity: float = 1.0  # factor on EGY/TUN people's propensity, whole run
    employers: float = 1.0  # factor on EGY/TUN employers' propensity to shut
    window: tuple[float, float] | None = None  # days the employer factor holds (None: always)
    ras_ajdir_early: float | None = None  # share of Ras Ajdir's capacity until day 10
    group_ceiling: bool = False  # EGY/TUN and their employers at hazard 1.0 in `window`
    egypt_call: bool = False  # Egypt's call from day 6 (the scenario's call_home rule)
    everyone: bool = False  # the overrides apply to every nationality, not EGY/TUN only


PROBES = [
    Probe("baseline"),
    Probe("propensity_x2.5", propensity=2.5),
    Probe("employers_x3", employers=3.0),
    Probe("employers_x4_pulse", employers=4.0, window=(5.0, 15.0)),
    Probe("pulse_ras_ajdir_ramp", employers=4.0, window=(5.0, 15.0), ras_ajdir_early=0.35),
    Probe("group_violence_ceiling", window=(5.0, 15.0), group_ceiling=True),
    Probe("egypt_call", egypt_call=True),
    Probe("everyone_employers_x4_pulse", employers=4.0, window=(5.0, 15.0), everyone=True),
    Probe("everyone_employers_x2.5_pulse", employers=2.5, window=(5.0, 15.0), everyone=True),
]

# (label, kind, argument, day since 15 Feb 2011, observed people)
EXTRA = [
    ("Egyptians into Egypt, 24 Feb", "crossings", (V.CROSSINGS["Egypt"], ["EGY"]), 9, 25547),
    ("Egyptians into Tunisia, 2 Mar", "crossings", (V.CROSSINGS["Tunisia"], ["EGY"]), 15, 38000),
    ("Egyptians into Egypt, 27 Mar", "crossings", (V.CROSSINGS["Egypt"], ["EGY"]), 40, 79369),
    ("Egyptians into Egypt, 10 Apr", "crossings", (V.CROSSINGS["Egypt"], ["EGY"]), 54, 82218),
    ("TCNs into Egypt, 1 Apr", "crossings", (V.CROSSINGS["Egypt"], "tcn"), 45, 45000),
    ("Tunisia, 25 Feb (fitted)", "crossings", (V.CROSSINGS["Tunisia"], None), 10, 22000),
    ("Tunisia, 1 Mar (fitted)", "crossings", (V.CROSSINGS["Tunisia"], None), 14, 72500),
    ("Tunisia, 13 Mar (fitted)", "crossings", (V.CROSSINGS["Tunisia"], None), 26, 144374),
    ("Tunisia, 31 May (fitted)", "crossings", (V.CROSSINGS["Tunisia"], None), 105, 224000),
    ("Egypt, 3 Mar (fitted)", "crossings", (V.CROSSINGS["Egypt"], None), 16, 80000),
    ("Egypt, 13 Mar (fitted)", "crossings", (V.CROSSINGS["Egypt"], None), 26, 117991),
    ("held at Salloum, 1 Mar", "places", ["salloum_eg"], 14, 22000),
    ("Libyan side of Ras Ajdir, 1 Mar", "places", ["ras_ajdir_ly"], 14, 40000),
    ("no-man's land at Salloum, 1 Mar", "places", ["amsaad_ly"], 14, 7000),
    ("Tunisian side and Choucha, 2 Mar", "places", ["ras_ajdir_tn", "choucha"], 15, 20000),
]


def run(case: object, seed: int, agents: int, days: float, probe: Probe) -> EvacuationModel:
    """One run with the probe's overrides applied between steps."""
    m = EvacuationModel(case, seed=seed, population_total=agents, days=days)
    p = m.population
    ids = [m.world.nat_ids.index(n) for n in NEIGHBOURS]
    mine = np.ones(p.n, bool) if probe.everyone else np.isin(p.nationality, ids)
    p.propensity[mine] *= probe.propensity
    emp = np.unique(p.employer[mine & (p.employer >= 0)])
    base = m.employers.propensity[emp].copy()
    ra = m.world.crossing_ids.index("x_ras_ajdir") if probe.ras_ajdir_early else -1
    cap0 = float(m.world._cr_cap_base[ra]) if ra >= 0 else 0.0
    egy = m.world.nat_ids.index("EGY")
    beh = m.behaviour
    while m.running:
        lo, hi = probe.window or (-1.0, np.inf)
        inside = lo <= m.day < hi
        m.employers.propensity[emp] = base * (probe.employers if inside else 1.0)
        if probe.group_ceiling:
            m.world.group_hazard[ids] = 1.0 if inside else 0.0
            if inside:  # their employers' clocks run at hazard 1.0 (the step adds the rest)
                h = m.world.hazard[m.employers.place[emp]]
                extra = (1.0 - np.maximum(h, beh.everyday_hazard)) * m.dt
                m.employers.budget[emp] -= beh.employer_close_rate * base * extra
                m.employers.gone[emp] |= m.employers.budget[emp] <= 0.0
        if probe.egypt_call and m.day >= 6:
            m.world.call[egy] = 1.0
        if ra >= 0:  # before the timeline's own capacity events (day 15 on): the base only
            share = probe.ras_ajdir_early if m.day < 10 else 1.0
            m.world._cr_cap_base[ra] = cap0 * share
            if m.day < 15:
                m.world.cr_cap_day[ra] = cap0 * share
        m.step()
    return m


def figure(models: list[EvacuationModel], kind: str, arg: object, day: float) -> float:
    if kind == "crossings" and arg[1] == "tcn":  # type: ignore[index]
        tcn = [n for n in V.NATS if n not in ("EGY", "TUN")]
        arg = (arg[0], tcn)  # type: ignore[index]
    return V.simulate(models, kind, arg, day)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=200000)
    ap.add_argument("--days", type=float, default=320)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--probes", default=",".join(p.name for p in PROBES))
    ns = ap.parse_args()
    case = load_scenario("libya_2011")
    seeds = [int(s) for s in ns.seeds.split(",")]
    wanted = ns.probes.split(",")
    rows = []
    for probe in (p for p in PROBES if p.name in wanted):
        models = [run(case, s, ns.agents, ns.days, probe) for s in seeds]
        figs = [
            (lbl, kind, arg, (pd.Timestamp(d) - pd.Timestamp(case.start_date)).days, obs)
            for lbl, kind, arg, d, obs, _ in V.TARGETS
        ] + EXTRA
        for lbl, kind, arg, day, obs in figs:
            sim = figure(models, kind, arg, day)
            rows.append(
                {"probe": probe.name, "figure": lbl, "observed": obs, "simulated": round(sim)}
            )
        print(probe.name, "done", flush=True)
    df = pd.DataFrame(rows)
    df["ratio"] = (df.simulated / df.observed).round(2)
    wide = df.pivot(index="figure", columns="probe", values="ratio")
    wide = wide.reindex(index=list(dict.fromkeys(df.figure)), columns=wanted)
    people = 1.0 / models[0].scale
    df.to_csv(HERE / "probes.csv", index=False)
    print(f"{ns.agents:,} agents (1 agent = {people:.2f} people), seeds {ns.seeds}; ratios:")
    print(wide.to_markdown())


if __name__ == "__main__":
    main()
