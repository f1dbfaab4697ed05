"""The guidelines' levers on two crises: Libya 2011 and Lebanon 2006.

Runs the baseline, each lever preset of configs/policy/ alone and `guidelines` (all of them) on
both bundled scenarios, same seeds for every policy (paired comparisons), one process, and writes
`runs.csv` (one row per run) and `results.md` (effect of each lever against the baseline, in
people, per scenario). Lebanon runs with Libya's behaviour (`behaviour_from`), so the two
columns differ only by what each scenario states: its people, places, rules and timeline.

    .venv/bin/python experiments/cross_scenario_levers/run.py --agents 20000 --seeds 0,1

Steps of 12 h and Libya's first 60 days (the default run is 120 days in 6 h steps) keep the
150-odd runs within a modest CPU budget; every policy runs with the same settings.

`--analyse` rewrites results.md from runs.csv without running.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from micic_sim.codes import SAFE_STATES, Doc, Household, State, Status
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario

HERE = Path(__file__).resolve().parent
POLICIES = HERE.parents[1] / "configs" / "policy"
SCENARIOS = ("libya_2011", "lebanon_2006")
# Outcomes in people: (column, label, higher is better)
OUTCOMES = [
    ("safe", "reached safety", True),
    ("safe_employer_held", "reached safety, passport held by employer", True),
    ("safe_live_in", "reached safety, live-in domestic workers", True),
    ("safe_irregular", "reached safety, irregular status", True),
    ("stranded_days", "people-days stranded or queuing at borders", False),
    ("harmed", "harmed", False),
    ("detained_days", "people-days in detention", False),
]


def policies() -> list[str]:
    names = sorted(p.stem for p in POLICIES.glob("*.yaml"))
    return ["baseline", *[n for n in names if n not in ("baseline", "guidelines")], "guidelines"]


def levers_of(policy: str) -> dict:
    doc = yaml.safe_load((POLICIES / f"{policy}.yaml").read_text()) or {}
    return doc.get("levers") or {}


def outcomes(m: EvacuationModel) -> dict[str, float]:
    """End-of-run outcomes in people (agents / scale)."""
    p, s = m.population, m.scale
    safe = np.isin(p.state, [int(x) for x in SAFE_STATES])
    per_day = m.dt / s
    stuck = (State.STRANDED, State.QUEUE_BORDER)
    return {
        "safe": safe.sum() / s,
        "safe_employer_held": (safe & (p.doc_start == Doc.EMPLOYER_HELD)).sum() / s,
        "safe_live_in": (safe & (p.household_type == Household.LIVE_IN)).sum() / s,
        "safe_irregular": (safe & (p.status == Status.IRREGULAR)).sum() / s,
        "employer_held": (p.doc_start == Doc.EMPLOYER_HELD).sum() / s,
        "live_in": (p.household_type == Household.LIVE_IN).sum() / s,
        "irregular": (p.status == Status.IRREGULAR).sum() / s,
        "stranded_days": sum(r.by_status[list(stuck)].sum() for r in m.records) * per_day,
        "harmed": (p.state == State.HARMED).sum() / s,
        "detained_days": sum(r.by_status[State.DETAINED].sum() for r in m.records) * per_day,
        "people_per_agent": 1 / s,
        "population": p.n / s,
    }


def run(agents: int, seeds: list[int], out: Path, dt_hours: float, days: dict) -> pd.DataFrame:
    rows = []
    for name in SCENARIOS:
        case = load_scenario(name)
        for policy in policies():
            levers = levers_of(policy)
            for seed in seeds:
                t = time.perf_counter()
                m = EvacuationModel(
                    case,
                    seed=seed,
                    population_total=agents,
                    levers=levers,
                    dt_hours=dt_hours,
                    days=days.get(name),
                ).run()
                rows.append(
                    {"scenario": name, "policy": policy, "seed": seed, "days": m.days}
                    | outcomes(m)
                    | {"seconds": round(time.perf_counter() - t, 1)}
                )
                print(name, policy, seed, f"{rows[-1]['safe']:,.0f} safe", rows[-1]["seconds"], "s")
        pd.DataFrame(rows).to_csv(out / "runs.csv", index=False)
    return pd.DataFrame(rows)


def effects(df: pd.DataFrame) -> pd.DataFrame:
    """Mean paired difference lever - baseline per scenario and outcome (same seeds), with the
    seeds' min and max of that difference."""
    base = df[df.policy == "baseline"].set_index(["scenario", "seed"])
    out = []
    for (scen, pol), g in df[df.policy != "baseline"].groupby(["scenario", "policy"]):
        g = g.set_index(["scenario", "seed"])
        row = {"scenario": scen, "policy": pol}
        for col, _, _ in OUTCOMES:
            d = g[col] - base.loc[g.index, col]
            row[col] = d.mean()
            row[col + "_lo"], row[col + "_hi"] = d.min(), d.max()
        out.append(row)
    return pd.DataFrame(out)


def fmt(x: float) -> str:
    return f"{x:+,.0f}" if abs(x) >= 0.5 else "0"


def report(df: pd.DataFrame, out: Path, ns: argparse.Namespace, days: dict) -> str:
    agents, seeds = ns.agents, ns.seeds
    eff = effects(df)
    base = df[df.policy == "baseline"].groupby("scenario").mean(numeric_only=True)
    lines = [
        "# Guidelines levers on two crises: Libya 2011 and Lebanon 2006\n",
        f"{agents:,} agents per run; seeds {seeds} (same seeds for every policy); one process; "
        f"steps of {ns.dt_hours:g} h; days simulated: "
        + ", ".join(f"{s} {d:g}" for s, d in df.groupby("scenario")["days"].first().items())
        + ". "
        "People per agent: "
        + ", ".join(f"{s} {base.loc[s, 'people_per_agent']:.1f}" for s in base.index)
        + ". Lebanon runs with Libya's behaviour (`behaviour_from: libya_2011`). "
        "All counts in people (seed mean).\n",
        f"Command: `.venv/bin/python experiments/cross_scenario_levers/run.py --agents {agents} "
        f"--seeds {seeds} --dt-hours {ns.dt_hours:g} --libya-days {ns.libya_days:g}`\n",
        "## Baseline\n",
        "| outcome | " + " | ".join(base.index) + " |",
        "|---|" + "---:|" * len(base.index),
    ]
    for col, label in [
        ("population", "foreign nationals"),
        ("safe", "reached safety"),
        ("employer_held", "passport held by employer (at the start)"),
        ("safe_employer_held", "of whom reached safety"),
        ("live_in", "live-in domestic workers"),
        ("safe_live_in", "of whom reached safety"),
        ("irregular", "irregular status"),
        ("safe_irregular", "of whom reached safety"),
        ("stranded_days", "people-days stranded or queuing at borders"),
        ("harmed", "harmed"),
        ("detained_days", "people-days in detention"),
    ]:
        lines.append(
            f"| {label} | " + " | ".join(f"{base.loc[s, col]:,.0f}" for s in base.index) + " |"
        )
    lines.append("")
    for col, label, _ in OUTCOMES:
        lines += [
            f"## Change against the baseline: {label}\n",
            "Mean paired difference (lever - baseline, same seed) in people; "
            "[min, max] over seeds.\n",
            "| policy | " + " | ".join(SCENARIOS) + " |",
            "|---|" + "---:|" * len(SCENARIOS),
        ]
        piv = eff.set_index(["policy", "scenario"])
        for pol in [p for p in policies() if p != "baseline"]:
            cells = []
            for s in SCENARIOS:
                r = piv.loc[(pol, s)]
                cells.append(f"{fmt(r[col])} [{fmt(r[col + '_lo'])}, {fmt(r[col + '_hi'])}]")
            lines.append(f"| {pol} | " + " | ".join(cells) + " |")
        lines.append("")
    text = "\n".join(lines) + "\n"
    (out / "results_tables.md").write_text(text)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=20000)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--dt-hours", type=float, default=12.0, help="step length (CPU budget)")
    ap.add_argument("--libya-days", type=float, default=60.0, help="Libya's simulated days")
    ap.add_argument("--analyse", action="store_true")
    ns = ap.parse_args()
    seeds = [int(s) for s in ns.seeds.split(",")]
    days = {"libya_2011": ns.libya_days}
    df = (
        pd.read_csv(HERE / "runs.csv")
        if ns.analyse
        else run(ns.agents, seeds, HERE, ns.dt_hours, days)
    )
    print(report(df, HERE, ns, days))


if __name__ == "__main__":
    main()
