"""Lebanon 2006: every public figure in `scenarios/lebanon_2006/observed/figures.csv` beside
the simulated value, with the behaviour fitted on Libya 2011 and nothing fitted on Lebanon.

Runs the bundled scenario for several seeds and writes `table.csv` and `table.md`: one row per
observed figure, with the seed mean (and range) in people, the ratio simulated / observed, and
whether the figure was fitted. No Lebanon figure is fitted (the scenario borrows Libya's
behaviour with `behaviour_from`), so the fitted section is empty by construction.

    .venv/bin/python experiments/lebanon_2006/validate.py --agents 100000 --seeds 0,1,2

Counts are people (agents x people per agent, printed in the header).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from micic_sim.calibrate import at_days, safe_curve
from micic_sim.codes import State
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario, resolve_scenario_path

HERE = Path(__file__).resolve().parent
ROOT = resolve_scenario_path("lebanon_2006")
WAITING = (
    State.STRANDED,
    State.QUEUE_BORDER,
    State.QUEUE_CONSULATE,
    State.QUEUE_TRANSPORT,
    State.MOVING,
)


def evac_curve(m: EvacuationModel, select) -> tuple[np.ndarray, np.ndarray]:
    """Days and cumulative people carried by the evacuation offers `select(offer row)` picks."""
    offers = m.case.evacuations.set_index("id")
    idx = [
        k
        for k, sp in enumerate(m.service_points)
        if sp.label.startswith("evacuation:")
        and sp.label[11:] in offers.index
        and select(offers.loc[sp.label[11:]])
    ]
    days = np.array([r.day for r in m.records])
    cum = np.cumsum([r.passed[idx].sum() if idx else 0 for r in m.records]).astype(float)
    return days, cum / m.scale


def crossing_total(m: EvacuationModel) -> tuple[np.ndarray, np.ndarray]:
    idx = [k for k, sp in enumerate(m.service_points) if sp.label.startswith("crossing:")]
    days = np.array([r.day for r in m.records])
    return days, np.cumsum([r.passed[idx].sum() for r in m.records]) / m.scale


def run_one(case, seed: int, agents: int, snapshots: dict[float, list[str]]) -> tuple:
    """Run a seed; at each snapshot day count people of the listed nationalities who wanted to
    leave and had not (stranded, queuing, on the way)."""
    m = EvacuationModel(case, seed=seed, population_total=agents)
    waiting: dict[tuple[float, str], float] = {}
    nat_ids = m.world.nat_ids
    pending = sorted(snapshots)
    while m.running:
        m.step()
        while pending and m.day >= pending[0]:
            d = pending.pop(0)
            p = m.population
            nats = [nat_ids.index(n) for n in snapshots[d]]
            mask = np.isin(p.nationality, nats) & np.isin(p.state, [int(s) for s in WAITING])
            waiting[(d, ";".join(snapshots[d]))] = float(mask.sum()) / m.scale
    return m, waiting


def simulate(m: EvacuationModel, waiting: dict, row, day: float) -> float:
    metric, what = row.metric, str(row.what) if isinstance(row.what, str) else ""
    country = dict(zip(m.case.places["id"], m.case.places["country"], strict=True))
    if metric == "evacuated_by":
        d, c = evac_curve(m, lambda o: str(o.name).startswith(what))
    elif metric == "safe_nat":
        d, c = safe_curve(m, what.split(";"))
    elif metric == "arrived":
        places = set(what.split(";"))
        d, c = evac_curve(
            m, lambda o: o["to_place"] in places and country[o["from_place"]] == m.case.host_country
        )
    elif metric == "into_syria_non_syrian":
        d, c = crossing_total(m)
        _, road = evac_curve(
            m,
            lambda o: (
                country[o["to_place"]] == "SYR" and country[o["from_place"]] == m.case.host_country
            ),
        )
        _, syr = safe_curve(m, ["SYR"])
        c = c + road - syr
    elif metric == "waiting":
        return waiting[(day, what)]
    else:
        raise ValueError(f"unknown metric {metric!r}")
    return float(at_days(d, c, np.array([day]))[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=100000)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--out", type=Path, default=HERE)
    ns = ap.parse_args()
    case = load_scenario("lebanon_2006")
    obs = pd.read_csv(ROOT / "observed" / "figures.csv", comment="#")
    start = pd.Timestamp(case.start_date)
    obs["day"] = [min((pd.Timestamp(d) - start).days, case.days) for d in obs["date"]]
    snaps = {
        float(r.day): str(r.what).split(";") for r in obs.itertuples() if r.metric == "waiting"
    }
    seeds = [int(s) for s in ns.seeds.split(",")]
    runs = [run_one(case, s, ns.agents, snaps) for s in seeds]
    rows = []
    for r in obs.itertuples(index=False):
        vals = [simulate(m, w, r, float(r.day)) for m, w in runs]
        sim = float(np.mean(vals))
        rows.append(
            {
                "date": r.date,
                "figure": r.label,
                "observed": int(r.value),
                "simulated": round(sim),
                "seed range": f"{min(vals):,.0f}-{max(vals):,.0f}",
                "ratio": round(sim / float(r.value), 2),
                "source": f"[{r.tag}]",
            }
        )
    table = pd.DataFrame(rows)
    ns.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(ns.out / "table.csv", index=False)
    m0 = runs[0][0]
    head = (
        "# Lebanon 2006: observed vs simulated\n\n"
        f"{ns.agents:,} agents (1 agent = {1 / m0.scale:,.1f} people), seeds {ns.seeds}, "
        f"{case.days:g} days from {case.start_date}; all counts in people (seed mean and range). "
        "Behaviour: Libya 2011's as it runs (`behaviour_from: libya_2011`), untouched.\n\n"
        f"Command: `.venv/bin/python experiments/lebanon_2006/validate.py --agents {ns.agents} "
        f"--seeds {ns.seeds}`\n\n"
        "Figures dated after the last simulated day are compared on the last day. "
        "Sources: scenarios/lebanon_2006/SOURCES.md (tag in the last column).\n\n"
        "## Fitted\n\nNone: no Lebanon figure was fitted to. Every behaviour parameter comes "
        "from Libya 2011 (scenarios/libya_2011/calibrated.yaml and its scenario.yaml).\n\n"
        "## Untuned (never fitted to)\n\n"
    )
    text = head + table.to_markdown(index=False) + "\n"
    (ns.out / "table.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
