"""Libya 2011: every public figure in `scenarios/libya_2011/observed/` beside the simulated value.

Runs the calibrated default scenario for several seeds and writes `table.csv` and `table.md`:
one row per observed figure the model can simulate, with the seed mean, the ratio simulated /
observed, and whether the figure was **fitted** (a point of a series in calibration.yaml) or
**untuned**. Figures the model cannot simulate (Libyans, nationality splits of a crossing,
flights, deaths at sea) are listed with the reason. Also the issue-11 targets, met or not.

    .venv/bin/python experiments/libya_validation/validate.py --agents 200000 --days 320

Counts are people (agents x people per agent, printed in the header).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from micic_sim.calibrate import at_days, crossing_curve, place_curve, safe_curve
from micic_sim.codes import State
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario, resolve_scenario_path

HERE = Path(__file__).resolve().parent
ROOT = resolve_scenario_path("libya_2011")
CROSSINGS = {
    "Tunisia": ["x_ras_ajdir", "x_dehiba_wazin"],
    "Egypt": ["x_salloum"],
    "Algeria": ["x_debdeb", "x_tin_alkoum"],
    "Niger": ["x_tummo_madama"],
    "Chad": ["x_chad_tibesti", "x_chad_ounianga"],
    "Sudan": ["x_sudan"],
}
ALL_LAND = sum(CROSSINGS.values(), [])
BORDER_TN = ["ras_ajdir_tn", "choucha", "ben_gardane", "djerba_airport", "zarzis_port"]
NAT = {
    "China": "CHN",
    "Turkey": "TUR",
    "Viet Nam": "VNM",
    "India": "IND",
    "Ghana": "GHA",
    "Sudan": "SDN",
    "Bangladesh": "BGD",
}


def spec_for(metric: str, geo: str) -> tuple[str, object, str] | tuple[None, None, str]:
    """(kind, argument, note) of the simulated figure for an observed row, or (None, None, why)."""
    dest = re.match(r"Libya->(.+?)( \(|$)", geo)
    if metric.startswith("cumulative_arrivals"):
        who = metric.removeprefix("cumulative_arrivals_")
        if who not in ("all", "migrants"):
            return None, None, f"'{who}' only: the model counts crossings, not who crossed"
        if not dest:
            return None, None, "no destination"
        country = dest.group(1)
        note = "observed includes Libyans" if who == "all" else ""
        if country == "all neighbours":
            return "crossings", ALL_LAND, note
        if country.startswith("Italy"):
            return "link", "link:l_sea_zaw_lampedusa", note
        if country in CROSSINGS:
            return "crossings", CROSSINGS[country], note
        return None, None, f"unknown destination {country}"
    if metric == "cumulative_evacuated":
        for name, nat in NAT.items():
            if geo.startswith(name) and "other" not in geo:
                return "safe", [nat], "nationals who reached safety (any route)"
        return None, None, "an operator's total across nationalities"
    if metric in ("camp_population", "awaiting_evacuation") and geo.startswith("Tunisia"):
        return "places", ["choucha", "remada"], "people at the Tunisian camps"
    if metric == "awaiting_onward_transport":
        return "places", BORDER_TN, "people at the Tunisian border area waiting to go on"
    if metric == "stranded_at_border":
        if geo.startswith("Libya side of Ras Ajdir"):
            return "places", ["ras_ajdir_ly"], ""
        if geo.startswith("Libya/Egypt"):
            return "places", ["amsaad_ly"], ""
        if geo.startswith("Egypt"):
            return "places", ["salloum_eg"], ""
        if geo.startswith("Tunisia"):
            return "places", ["ras_ajdir_tn", "choucha"], ""
    if metric == "stranded_at_reception":
        return "places", ["dirkou_ne"] if "Niger" in geo else ["faya_td"], ""
    if metric == "stranded_at_port" and "Misrata" in geo:
        return "places", ["misrata_port"], ""
    if metric == "stranded_in_country" and geo.startswith("Libya (all"):
        return "in_country", None, "foreign nationals not yet out of Libya"
    return None, None, "not simulated"


def simulate(models: list[EvacuationModel], kind: str, arg: object, day: float) -> float:
    vals = []
    for m in models:
        if kind == "crossings":
            d, c = crossing_curve(m, arg)  # type: ignore[arg-type]
        elif kind == "link":
            idx = [k for k, sp in enumerate(m.service_points) if sp.label == arg]
            d = np.array([r.day for r in m.records])
            c = np.cumsum([r.passed[idx].sum() for r in m.records]) / m.scale
        elif kind == "safe":
            d, c = safe_curve(m, arg)  # type: ignore[arg-type]
        elif kind == "places":
            d, c = place_curve(m, arg)  # type: ignore[arg-type]
        else:  # in_country: everyone minus the safe, the harmed and those still to appear
            d = np.array([r.day for r in m.records])
            total = m.population.n
            c = (
                np.array(
                    [
                        total - r.safe - r.by_status[State.HARMED].sum() - r.by_status[0].sum()
                        for r in m.records
                    ],
                    float,
                )
                / m.scale
            )
        vals.append(float(at_days(d, c, np.array([day]))[0]))
    return float(np.mean(vals))


def fitted_points(start: dt.date) -> set[tuple[str, str]]:
    """(date, label) of every point of a fitted series."""
    spec = yaml.safe_load((ROOT / "calibration.yaml").read_text())
    out = set()
    for t in spec.get("targets", []):
        df = pd.read_csv(ROOT / t["series"], comment="#")
        for col, v in (t.get("where") or {}).items():
            df = df[df[col].astype(str) == str(v)]
        out |= {(str(d), t["label"]) for d in df["date"]}
    return out


def label_of(metric: str, geo: str) -> str:
    if metric.startswith("cumulative_arrivals"):
        dest = re.match(r"Libya->(.+?)( \(|$)", geo)
        return dest.group(1) if dest else geo
    for name in NAT:
        if geo.startswith(name):
            return name
    return geo


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=200000)
    ap.add_argument("--days", type=float, default=320)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--out", type=Path, default=HERE)
    ns = ap.parse_args()
    case = load_scenario("libya_2011")
    seeds = [int(s) for s in ns.seeds.split(",")]
    models = [
        EvacuationModel(case, seed=s, population_total=ns.agents, days=ns.days).run() for s in seeds
    ]
    start = case.start_date
    fitted = fitted_points(start)
    obs = pd.read_csv(ROOT / "observed" / "other_figures.csv", comment="#")
    tun = pd.read_csv(ROOT / "observed" / "calibration_tunisia.csv", comment="#")
    tun = tun.assign(metric="cumulative_arrivals_migrants", geography="Libya->Tunisia")
    rows = []
    for r in pd.concat([tun, obs], ignore_index=True).itertuples(index=False):
        day = (pd.Timestamp(r.date) - pd.Timestamp(start)).days
        kind, arg, note = spec_for(r.metric, r.geography)
        label = label_of(r.metric, r.geography)
        is_fit = (str(r.date), label) in fitted and r.metric in (
            "cumulative_arrivals_all",
            "cumulative_arrivals_migrants",
            "cumulative_evacuated",
        )
        sim = simulate(models, kind, arg, day) if kind and day <= ns.days else np.nan
        rows.append(
            {
                "date": r.date,
                "metric": r.metric,
                "geography": r.geography,
                "observed": float(r.value),
                "simulated": round(sim) if np.isfinite(sim) else np.nan,
                "ratio": round(sim / float(r.value), 2) if np.isfinite(sim) else np.nan,
                "fitted": "fitted" if is_fit else ("untuned" if kind else ""),
                "note": note,
            }
        )
    table = pd.DataFrame(rows).sort_values(["fitted", "date"], ascending=[True, True])
    ns.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(ns.out / "table.csv", index=False)
    scale = models[0].scale
    head = (
        f"# Libya 2011: observed vs simulated\n\n{ns.agents:,} agents "
        f"(1 agent = {1 / scale:,.1f} people), seeds {ns.seeds}, {ns.days:g} days; "
        "all counts in people (seed mean).\n"
        f"Command: `.venv/bin/python experiments/libya_validation/validate.py --agents "
        f"{ns.agents} --days {ns.days:g}`\n\n"
    )
    parts = [head]
    for name, sel in (
        ("Fitted (points of the series in calibration.yaml)", table["fitted"] == "fitted"),
        ("Untuned (never fitted to)", table["fitted"] == "untuned"),
        ("Not simulated", table["fitted"] == ""),
    ):
        part = table[sel].drop(columns=["fitted"])
        parts.append(f"## {name}\n\n{part.to_markdown(index=False)}\n\n")
    (ns.out / "table.md").write_text("".join(parts))
    print("".join(parts))


if __name__ == "__main__":
    main()
