"""Calibration: tune a few behaviour parameters of a scenario to an observed time series.

`micic-sim calibrate <scenario>` reads `<scenario>/calibration.yaml`:

    target:
      series: observed/calibration_tunisia.csv   # date,value (cumulative people, real counts)
      crossings: [x_ras_ajdir, x_dehiba_wazin]   # simulated: people passing these crossings
    agents: 30000                                # agents per run (counts are scaled up)
    seeds: [0, 1]                                # replicates averaged per grid point
    parameters:                                  # grid of behaviour parameters to search
      leave_rate: [0.05, 0.1, 0.2]
      tolerance_max: [1.0, 2.0]
    report:                                      # other figures shown beside, never tuned to
      - {label: Egypt (Salloum), crossings: [x_salloum], series: observed/egypt.csv}

It runs the full grid (every combination, every seed), scores each by the mean absolute
percentage error (MAPE) of the cumulative curve at the observed dates, and writes into the
scenario folder: `calibration/grid.csv` (every point and its error), `calibration/fit.json` (the
best point, its MAPE and RMSE, the parameters searched and their ranges), `calibration/fit.png`
(observed vs simulated), and `calibrated.yaml` (the best parameters as a `behaviour:` block that
loading the scenario applies on top of scenario.yaml's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from micic_sim.scenario import ScenarioError, load_scenario, resolve_scenario_path


def load_series(path: Path, start: dt.date) -> pd.DataFrame:
    """An observed series (date,value[,low,high]) with `day` counted from the scenario start."""
    df = pd.read_csv(path, comment="#")
    for col in ("date", "value"):
        if col not in df.columns:
            raise ScenarioError(path, f"missing column '{col}'", row=1, field=col)
    df["day"] = (pd.to_datetime(df["date"]) - pd.Timestamp(start)).dt.days.astype(float)
    return df.sort_values("day").reset_index(drop=True)


def crossing_curve(model: Any, crossings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Days and cumulative simulated people (scaled to real counts) through `crossings`."""
    labels = [f"crossing:{c}" for c in crossings]
    idx = [k for k, sp in enumerate(model.service_points) if sp.label in labels]
    if len(idx) != len(crossings):
        known = [sp.label.split(":", 1)[1] for sp in model.service_points
                 if sp.label.startswith("crossing:")]
        missing = sorted(set(crossings) - {model.service_points[k].label[9:] for k in idx})
        raise KeyError(f"unknown crossing(s) {missing}; crossings: {', '.join(known)}")
    days = np.array([r.day for r in model.records])
    cum = np.cumsum([r.passed[idx].sum() for r in model.records]).astype(float)
    real = float(model.case.population["count"].sum())
    return days, cum * real / model.population.n


def at_days(days: np.ndarray, values: np.ndarray, when: np.ndarray) -> np.ndarray:
    return np.interp(when, days, values)


def errors(sim: np.ndarray, obs: np.ndarray) -> dict[str, float]:
    rel = (sim - obs) / obs
    return {"mape": float(np.mean(np.abs(rel))), "rmse": float(np.sqrt(np.mean((sim - obs) ** 2))),
            "bias": float(np.mean(rel))}


def run_point(scenario: Any, behaviour: dict[str, float], seed: int, agents: int,
              days: float) -> Any:
    from micic_sim.model import EvacuationModel

    return EvacuationModel(scenario, seed=seed, population_total=agents, days=days,
                           behaviour=behaviour).run()


def calibrate(scenario_name: str, *, quick: bool = False) -> dict[str, Any]:
    root = resolve_scenario_path(scenario_name)
    cpath = root / "calibration.yaml"
    if not cpath.exists():
        raise ScenarioError(cpath, "file is missing: it says what to calibrate (see "
                            "micic_sim/calibrate.py)")
    spec = yaml.safe_load(cpath.read_text())
    scenario = load_scenario(root)
    # Calibrate from the scenario's own behaviour, not from an earlier calibration.
    scenario.behaviour = dict(scenario.extra.get("behaviour_uncalibrated", scenario.behaviour))
    target = spec["target"]
    obs = load_series(root / target["series"], scenario.start_date)
    horizon = float(obs["day"].max()) + 1
    grid_spec: dict[str, list[float]] = spec["parameters"]
    seeds = spec.get("seeds", [0])[: 1 if quick else None]
    agents = int(spec.get("agents", 30000)) // (4 if quick else 1)
    names = list(grid_spec)
    rows = []
    best: tuple[float, dict[str, float], list[Any]] | None = None
    combos = list(itertools.product(*(grid_spec[n] for n in names)))
    for k, values in enumerate(combos):
        beh = dict(zip(names, map(float, values), strict=True))
        sims, models = [], []
        for seed in seeds:
            m = run_point(scenario, {**scenario.behaviour, **beh}, seed, agents, horizon)
            d, c = crossing_curve(m, target["crossings"])
            sims.append(at_days(d, c, obs["day"].to_numpy()))
            models.append(m)
        sim = np.mean(sims, axis=0)
        err = errors(sim, obs["value"].to_numpy(float))
        rows.append({**beh, **err})
        print(f"[{k + 1}/{len(combos)}] {beh} MAPE {err['mape']:.3f}", file=sys.stderr)
        if best is None or err["mape"] < best[0]:
            best = (err["mape"], beh, models)
    assert best is not None
    out = root / "calibration"
    out.mkdir(exist_ok=True)
    grid = pd.DataFrame(rows).sort_values("mape")
    grid.to_csv(out / "grid.csv", index=False)
    mape, beh, models = best
    curves = [crossing_curve(m, target["crossings"]) for m in models]
    fit = {
        "scenario": scenario.name, "target": target, "observed_points": int(len(obs)),
        "metric": "MAPE of the cumulative curve at the observed dates",
        "mape": mape, **{k: v for k, v in grid.iloc[0].items() if k in ("rmse", "bias")},
        "best": beh, "searched": {n: [float(min(v)), float(max(v)), len(v)]
                                  for n, v in grid_spec.items()},
        "agents": agents, "seeds": list(seeds), "grid_points": len(combos),
        "report": _report_others(spec.get("report", []), root, scenario, models),
    }
    (out / "fit.json").write_text(json.dumps(fit, indent=2) + "\n")
    _plot(out / "fit.png", scenario, obs, curves, fit)
    (root / "calibrated.yaml").write_text(
        "# Written by `micic-sim calibrate`; see calibration/fit.json. Loading the scenario\n"
        "# applies these behaviour parameters on top of scenario.yaml's.\n"
        + yaml.safe_dump({"behaviour": beh}, sort_keys=True))
    return fit


def _report_others(items: list[dict], root: Path, scenario: Any, models: list[Any]
                   ) -> list[dict[str, Any]]:
    """Other figures beside the calibrated one (not tuned to): simulated vs observed."""
    out = []
    for item in items:
        obs = load_series(root / item["series"], scenario.start_date)
        sims = [at_days(*crossing_curve(m, item["crossings"]), obs["day"].to_numpy())
                for m in models]
        sim = np.mean(sims, axis=0)
        out.append({"label": item["label"], "dates": list(obs["date"].astype(str)),
                    "observed": [float(x) for x in obs["value"]],
                    "simulated": [round(float(x)) for x in sim]})
    return out


def _plot(path: Path, scenario: Any, obs: pd.DataFrame, curves: list, fit: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 6), dpi=120)
    for k, (d, c) in enumerate(curves):
        ax.plot(d, c / 1000, color="#0072B2", lw=2, alpha=0.8,
                label="simulated (best fit)" if k == 0 else None)
    ax.scatter(obs["day"], obs["value"] / 1000, color="#D55E00", zorder=3, s=40,
               label="observed (IOM / UNHCR / Tunisian authorities)")
    if {"low", "high"} <= set(obs.columns):
        lo, hi = obs["low"].fillna(obs["value"]), obs["high"].fillna(obs["value"])
        ax.vlines(obs["day"], lo / 1000, hi / 1000, color="#D55E00", lw=1.5)
    ax.set_xlabel(f"days since {scenario.start_date}")
    ax.set_ylabel("people crossed, cumulative (thousands)")
    params = ", ".join(f"{k}={v:g}" for k, v in fit["best"].items())
    ax.set_title(f"{scenario.title}\ncalibration fit: MAPE {fit['mape']:.0%} ({params})",
                 fontsize=12)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(args: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="micic-sim calibrate", description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--quick", action="store_true", help="one seed, a quarter of the agents")
    ns = ap.parse_args(args)
    try:
        fit = calibrate(ns.scenario, quick=ns.quick)
    except (ScenarioError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"MAPE {fit['mape']:.4f}  best {fit['best']}")
    return 0
