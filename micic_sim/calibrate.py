"""Calibration: tune a few behaviour parameters of a scenario to observed data.

`micic-sim calibrate <scenario>` reads `<scenario>/calibration.yaml`. Two kinds of target:

    target:                                      # cumulative people through crossings
      series: observed/calibration_tunisia.csv   # date,value (cumulative people, real counts)
      crossings: [x_ras_ajdir, x_dehiba_wazin]   # simulated: people passing these crossings
    agents: 30000                                # agents per run (counts are scaled up)
    seeds: [0, 1]                                # replicates averaged per grid point
    parameters:                                  # grid of behaviour parameters to search
      leave_rate: [0.05, 0.1, 0.2]
      leave_heterogeneity: [1.0, 2.0]
    report:                                      # other figures shown beside, never tuned to
      - {label: Egypt (Salloum), crossings: [x_salloum], series: observed/egypt.csv}

scored by the mean absolute percentage error (MAPE) of the cumulative curve at the observed
dates, or

    target:
      kind: flee_ard                             # camp populations, Flee's validation layout
      observed: observed/flee                    # (what `micic-sim import-flee` copies)

scored by Flee's averaged relative difference (ARD) of the daily camp populations over the
whole period (micic_sim.validation).

It runs the full grid (every combination, every seed), averages the error over seeds, and
writes into the scenario folder: `calibration/grid.csv` (every point and its error),
`calibration/fit.json` (the best point, its error, the parameters searched and their ranges),
`calibration/fit.png` (observed vs simulated), and `calibrated.yaml` (the best parameters as a
`behaviour:` block that loading the scenario applies on top of scenario.yaml's).

`micic-sim calibrate <scenario> [<scenario> ...] --out DIR` calibrates one parameter set for
one or several scenarios at once (the same grid in each scenario's calibration.yaml; each keeps its
own target, agents and seeds): a point's score is the mean of the scenarios' errors, so no
case is fitted at the expense of another. It writes `grid.csv` (each scenario's error and the
mean), `fit.json` and `behaviour.yaml` into DIR and leaves the scenarios untouched.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from micic_sim.behaviour import Behaviour
from micic_sim.inputs import check_run
from micic_sim.observed import load_series
from micic_sim.results import atomic_write
from micic_sim.scenario import ConfigError, ScenarioError, load_scenario, resolve_scenario_path
from micic_sim.scenario.tables import is_number, parse_yaml, read_text, suggest

SPEC_KEYS = ("target", "targets", "agents", "seeds", "parameters", "report")
ITEM_KEYS = ("label", "series", "crossings", "nationalities", "places", "where", "weight")


def crossing_curve(
    model: Any, crossings: list[str], nationalities: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Days and cumulative simulated people (scaled to real counts) through `crossings`, of
    every nationality or only of `nationalities`."""
    labels = [f"crossing:{c}" for c in crossings]
    idx = [k for k, sp in enumerate(model.service_points) if sp.label in labels]
    if len(idx) != len(crossings):
        known = [
            sp.label.split(":", 1)[1]
            for sp in model.service_points
            if sp.label.startswith("crossing:")
        ]
        missing = sorted(set(crossings) - {model.service_points[k].label[9:] for k in idx})
        raise KeyError(f"unknown crossing(s) {missing}; crossings: {', '.join(known)}")
    days = np.array([r.day for r in model.records])
    if nationalities is not None:
        nat = [model.world.nat_ids.index(n) for n in nationalities]
        cum = np.array([r.passed_nat[np.ix_(idx, nat)].sum() for r in model.records], float)
    else:
        cum = np.cumsum([r.passed[idx].sum() for r in model.records]).astype(float)
    real = float(model.case.population["count"].sum())
    return days, cum * real / model.population.n


def safe_curve(model: Any, nationalities: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Days and people (real counts) of `nationalities` who have reached safety (crossed a border
    or been evacuated): a State's "evacuated" or "left Libya" figure."""
    w = model.world
    idx = [w.nat_ids.index(n) for n in nationalities]
    days = np.array([r.day for r in model.records])
    n = np.array([r.safe_by_nat[idx].sum() for r in model.records], float)
    return days, n / model.scale


def place_curve(model: Any, places: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Days and people (real counts) present at `places` (a camp, a border area)."""
    w = model.world
    idx = [w.place_ids.index(p) for p in places]
    days = np.array([r.day for r in model.records])
    n = np.array([r.at_place[idx].sum() for r in model.records], float)
    return days, n / model.scale


def series_curve(model: Any, item: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The simulated curve a target or report item names: `crossings` (optionally of some
    `nationalities` only), `nationalities` (safe) or `places` (present)."""
    if "crossings" in item:
        return crossing_curve(model, item["crossings"], item.get("nationalities"))
    if "nationalities" in item:
        return safe_curve(model, item["nationalities"])
    return place_curve(model, item["places"])


def at_days(days: np.ndarray, values: np.ndarray, when: np.ndarray) -> np.ndarray:
    return np.interp(when, days, values)


def errors(sim: np.ndarray, obs: np.ndarray) -> dict[str, float]:
    rel = (sim - obs) / obs
    return {
        "mape": float(np.mean(np.abs(rel))),
        "rmse": float(np.sqrt(np.mean((sim - obs) ** 2))),
        "bias": float(np.mean(rel)),
    }


def run_point(
    scenario: Any, behaviour: dict[str, float], seed: int, agents: int | None, days: float | None
) -> Any:
    from micic_sim.model import EvacuationModel

    return EvacuationModel(
        scenario, seed=seed, population_total=agents, days=days, behaviour=behaviour
    ).run()


class Case:
    """One scenario to calibrate: its calibration.yaml, observations, and how to score a run."""

    def __init__(self, scenario_name: str, *, quick: bool = False) -> None:
        self.root = resolve_scenario_path(scenario_name)
        cpath = self.root / "calibration.yaml"
        if not cpath.exists():
            raise ScenarioError(
                cpath, "file is missing: it says what to calibrate (see micic_sim/calibrate.py)"
            )
        self.spec = parse_yaml(cpath, read_text(cpath)) or {}
        if not isinstance(self.spec, dict):
            raise ScenarioError(cpath, "must be a mapping of keys to values")
        for key in self.spec:
            if key not in SPEC_KEYS:
                raise ScenarioError(
                    cpath,
                    "unknown key"
                    + suggest(str(key), SPEC_KEYS)
                    + f"; keys: {', '.join(SPEC_KEYS)}",
                    field=str(key),
                )
        if "targets" in self.spec:  # several series at once, weighted
            self.spec.setdefault("target", {"kind": "series"})
        for key in ("target", "parameters"):
            if key not in self.spec:
                raise ScenarioError(cpath, f"missing key '{key}'", field=key)
        if not isinstance(self.spec["target"], dict):
            raise ScenarioError(cpath, "must be a mapping", field="target")
        _check_grid(cpath, self.spec["parameters"])
        self.scenario = load_scenario(self.root)
        # Calibrate from the scenario's own behaviour, not from an earlier calibration.
        self.scenario.behaviour = dict(
            self.scenario.extra.get("behaviour_uncalibrated", self.scenario.behaviour)
        )
        self.target = self.spec["target"]
        self.kind = self.target.get("kind", "crossings")
        if self.kind not in ("crossings", "flee_ard", "series"):
            raise ScenarioError(
                cpath,
                f"target kind '{self.kind}' is not one of: crossings, flee_ard, series",
                field="target.kind",
            )
        seeds, agents = self.spec.get("seeds", [0]), self.spec.get("agents")
        if not isinstance(seeds, list) or not seeds:
            raise ScenarioError(cpath, f"must be a list of seeds, got {seeds!r}", field="seeds")
        if agents is not None and (
            not isinstance(agents, int) or isinstance(agents, bool) or agents < 1
        ):
            raise ScenarioError(
                cpath, f"must be a whole number of agents >= 1, got {agents!r}", field="agents"
            )
        self.seeds = seeds[: 1 if quick else None]
        self.agents = None if agents is None else max(1, agents // (4 if quick else 1))
        if self.kind == "series":
            self.targets = []
            targets = self.spec["targets"]
            if not isinstance(targets, list) or not targets:
                raise ScenarioError(cpath, "must be a list of series", field="targets")
            for k, item in enumerate(targets):
                self.targets.append(self._series(cpath, f"targets[{k}]", item, fitted=True))
            self.horizon = max(float(t["obs"]["day"].max()) for t in self.targets) + 1
            self.metric = "weighted mean of each series' MAPE at its observed dates"
            self.error_name = "score"
        elif self.kind == "crossings":
            item = {"label": "target", **self.target}
            item.pop("kind", None)
            self.obs = self._series(cpath, "target", item, fitted=True)["obs"]
            self.horizon: float | None = float(self.obs["day"].max()) + 1
            self.metric = "MAPE of the cumulative curve at the observed dates"
            self.error_name = "mape"
        else:
            self.observed = self.root / self.target.get("observed", "observed/flee")
            if not (self.observed / "data_layout.csv").is_file():
                raise ScenarioError(
                    cpath, f"no Flee validation folder at {self.observed}", field="target.observed"
                )
            from micic_sim.validation.cli import corrections_for
            from micic_sim.validation.flee_data import read_validation_folder

            try:  # read now: a bad count file fails before the grid, not after its first run
                corrections, _ = corrections_for(self.scenario, self.observed)
                read_validation_folder(self.observed, corrections=corrections)
            except ValueError as exc:
                raise ScenarioError(cpath, str(exc), field="target.observed") from None
            self.horizon = None  # the whole period
            self.metric = "ARD of the daily camp populations (Flee's validation metric)"
            self.error_name = "ard"
        report = self.spec.get("report") or []
        if not isinstance(report, list):
            raise ScenarioError(cpath, "must be a list of series", field="report")
        for k, item in enumerate(report):  # read at the end: checked now, not after the grid
            self._series(cpath, f"report[{k}]", item, fitted=False)
        # Every run of the grid is checked before the first: a bad value fails now, not hours in.
        for seed in seeds:
            try:
                check_run(
                    self.scenario,
                    seed=seed,
                    population_total=agents if not isinstance(agents, int) else self.agents,
                    days=self.horizon,
                )
            except ConfigError as exc:
                key = {"seed": "seeds", "population.total": "agents"}.get(str(exc.field))
                raise ScenarioError(cpath, exc.problem, field=key or exc.field) from None

    def _series(self, cpath: Path, where: str, item: Any, *, fitted: bool) -> dict[str, Any]:
        """A target or report item of calibration.yaml, checked against the scenario (its
        crossings, nationalities and places exist, its series reads, `where:` names the
        series' columns), with its observations (`obs`) and `weight`."""
        if not isinstance(item, dict) or not {"label", "series"} <= set(item):
            raise ScenarioError(
                cpath,
                "needs label, series and one of crossings, nationalities, places",
                field=where,
            )
        for key in item:
            if key not in ITEM_KEYS:
                raise ScenarioError(
                    cpath, "unknown key" + suggest(str(key), ITEM_KEYS), field=f"{where}.{key}"
                )
        case = self.scenario
        known = {  # key: (ids, what one is)
            "crossings": (list(case.crossings["id"]), "crossing"),
            "nationalities": ([n.id for n in case.nationalities], "nationality"),
            "places": (list(case.places["id"]), "place"),
        }
        if not set(known) & set(item):
            raise ScenarioError(cpath, "needs one of crossings, nationalities, places", field=where)
        for key, (ids, what) in known.items():
            values = item.get(key)
            if values is None:
                continue
            if not isinstance(values, list) or not values:
                raise ScenarioError(
                    cpath, f"must be a list of ids, got {values!r}", field=f"{where}.{key}"
                )
            for v in values:
                if str(v) not in ids:
                    raise ScenarioError(
                        cpath,
                        f"unknown {what} '{v}'" + suggest(str(v), ids),
                        field=f"{where}.{key}",
                    )
        weight = item.get("weight", 1)
        if not is_number(weight) or weight < 0:
            raise ScenarioError(
                cpath, f"must be a number >= 0, got {weight!r}", field=f"{where}.weight"
            )
        series = item["series"]
        if not isinstance(series, str) or not series.strip():
            raise ScenarioError(
                cpath, f"must be a file path, got {series!r}", field=f"{where}.series"
            )
        path = self.root / series
        obs = load_series(path, case.start_date, fitted=fitted, days=case.days)
        conditions = item.get("where") or {}
        if not isinstance(conditions, dict):
            raise ScenarioError(cpath, "must map columns to values", field=f"{where}.where")
        for col, value in conditions.items():  # rows of one series
            if col not in obs.columns:
                columns = [c for c in obs.columns if c != "day"]
                raise ScenarioError(
                    cpath,
                    f"{series} has no column '{col}'" + suggest(str(col), columns),
                    field=f"{where}.where",
                )
            obs = obs[obs[col].astype(str) == str(value)].reset_index(drop=True)
        if obs.empty:
            raise ScenarioError(
                cpath, f"no row of {series} matches {conditions}", field=f"{where}.where"
            )
        return {**item, "obs": obs, "weight": float(weight)}

    def evaluate(self, beh: dict[str, float]) -> tuple[dict[str, float], list[Any]]:
        """Run every seed at this point; the error averaged over seeds, and the models."""
        models = [
            run_point(
                self.scenario, {**self.scenario.behaviour, **beh}, seed, self.agents, self.horizon
            )
            for seed in self.seeds
        ]
        if self.kind == "series":
            return self.score_series(models), models
        if self.kind == "crossings":
            sims = [
                at_days(*crossing_curve(m, self.target["crossings"]), self.obs["day"].to_numpy())
                for m in models
            ]
            return errors(np.mean(sims, axis=0), self.obs["value"].to_numpy(float)), models
        from micic_sim.validation.cli import score

        return {"ard": float(np.mean([score(m, self.observed)[0] for m in models]))}, models

    def score_series(self, models: list[Any]) -> dict[str, float]:
        """Each target's MAPE (seed-averaged curve) and their weighted mean, `score`."""
        out: dict[str, float] = {}
        for t in self.targets:
            when = t["obs"]["day"].to_numpy()
            sim = np.mean([at_days(*series_curve(m, t), when) for m in models], axis=0)
            out[f"{t['label']}:mape"] = errors(sim, t["obs"]["value"].to_numpy(float))["mape"]
        w = np.array([t["weight"] for t in self.targets])
        e = np.array([out[f"{t['label']}:mape"] for t in self.targets])
        out["score"] = float((w * e).sum() / w.sum())
        return out


def leave_one_series_out(grid: pd.DataFrame, targets: list[dict[str, Any]]) -> pd.DataFrame:
    """For each target series X: the grid point that fits the others best (weighted), and how far
    off X is there — an error X was not fitted to — beside X's error at the full fit."""
    w = {t["label"]: t["weight"] for t in targets}
    cols = {t["label"]: f"{t['label']}:mape" for t in targets}
    full = grid.loc[grid["score"].idxmin()]
    rows = []
    for x in cols:
        others = [k for k in cols if k != x]
        wsum = sum(w[k] for k in others)
        score = sum(grid[cols[k]] * w[k] for k in others) / wsum
        best = grid.loc[score.idxmin()]
        rows.append(
            {
                "series": x,
                "mape_fitted_with_it": float(full[cols[x]]),
                "mape_fitted_without_it": float(best[cols[x]]),
                "others_score_without_it": float(score.min()),
            }
        )
    return pd.DataFrame(rows)


def _check_grid(path: Path, grid: Any) -> None:
    """`parameters:` maps behaviour parameters to non-empty lists of values, each valid."""
    if not isinstance(grid, dict) or not grid:
        raise ScenarioError(
            path, "must map behaviour parameters to lists of values", field="parameters"
        )
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise ScenarioError(
                path, f"must be a list of values, got {values!r}", field=f"parameters.{name}"
            )
        for value in values:
            try:
                Behaviour.from_overrides({name: value}, where="parameters")
            except ConfigError as exc:
                raise ScenarioError(path, exc.problem, field=exc.field) from None


def _grid(spec: dict[str, list[float]]) -> tuple[list[str], list[tuple[float, ...]]]:
    names = list(spec)
    return names, list(itertools.product(*(spec[n] for n in names)))


def calibrate(scenario_name: str, *, quick: bool = False) -> dict[str, Any]:
    """Calibrate one scenario (see the module docstring); returns fit.json's content."""
    case = Case(scenario_name, quick=quick)
    grid_spec: dict[str, list[float]] = case.spec["parameters"]
    names, combos = _grid(grid_spec)
    rows = []
    best: tuple[float, dict[str, float], list[Any]] | None = None
    for k, values in enumerate(combos):
        beh = dict(zip(names, map(float, values), strict=True))
        err, models = case.evaluate(beh)
        rows.append({**beh, **err})
        e = err[case.error_name]
        print(f"[{k + 1}/{len(combos)}] {beh} {case.error_name.upper()} {e:.4f}", file=sys.stderr)
        if best is None or e < best[0]:
            best = (e, beh, models)
    assert best is not None
    root, scenario = case.root, case.scenario
    out = root / "calibration"
    out.mkdir(exist_ok=True)
    grid = pd.DataFrame(rows).sort_values(case.error_name)
    err_value, beh, models = best
    fit = {
        "scenario": scenario.name,
        "target": case.target,
        "metric": case.metric,
        case.error_name: err_value,
        **{k: v for k, v in grid.iloc[0].items() if k in ("rmse", "bias")},
        "best": beh,
        "searched": {n: [float(min(v)), float(max(v)), len(v)] for n, v in grid_spec.items()},
        "agents": models[0].population.n,
        "seeds": list(case.seeds),
        "grid_points": len(combos),
    }
    if case.kind == "series":
        fit["series"] = {
            t["label"]: {
                "weight": t["weight"],
                "mape": float(grid.iloc[0][f"{t['label']}:mape"]),
                "points": int(len(t["obs"])),
            }
            for t in case.targets
        }
        loso = leave_one_series_out(grid, case.targets)
        fit["leave_one_series_out"] = loso.to_dict("records")
        atomic_write(out / "loso.csv", lambda p: loso.to_csv(p, index=False))
        fit["report"] = _report_others(case.spec.get("report", []), root, scenario, models)
    if case.kind == "crossings":
        fit["observed_points"] = int(len(case.obs))
        fit["report"] = _report_others(case.spec.get("report", []), root, scenario, models)
    atomic_write(out / "grid.csv", lambda p: grid.to_csv(p, index=False))
    atomic_write(out / "fit.json", lambda p: p.write_text(json.dumps(fit, indent=2) + "\n"))
    if case.kind == "series":
        atomic_write(
            out / "fit.png", lambda p: _plot_series(p, scenario, case.targets, models, fit)
        )
    elif case.kind == "crossings":
        curves = [crossing_curve(m, case.target["crossings"]) for m in models]
        atomic_write(out / "fit.png", lambda p: _plot(p, scenario, case.obs, curves, fit))
    else:
        from micic_sim.validation.cli import camp_chart, score

        _, sim, obs = score(models[0], case.observed)
        atomic_write(out / "fit.png", lambda p: camp_chart(p, sim, obs, scenario.title, err_value))
    atomic_write(
        root / "calibrated.yaml",
        lambda p: p.write_text(
            "# Written by `micic-sim calibrate`; see calibration/fit.json. Loading the scenario\n"
            "# applies these behaviour parameters on top of scenario.yaml's.\n"
            + yaml.safe_dump({"behaviour": beh}, sort_keys=True)
        ),
    )
    return fit


def calibrate_joint(scenario_names: list[str], out: Path, *, quick: bool = False) -> dict[str, Any]:
    """One parameter set for several scenarios: each point scored by the mean of the
    scenarios' own errors (see the module docstring); returns fit.json's content."""
    cases = [Case(n, quick=quick) for n in scenario_names]
    grid_spec: dict[str, list[float]] = cases[0].spec["parameters"]
    for c in cases[1:]:
        if c.spec["parameters"] != grid_spec:
            raise ScenarioError(
                c.root / "calibration.yaml",
                f"parameters differ from {cases[0].root.name}'s: a joint "
                "calibration searches one grid",
                field="parameters",
            )
    names, combos = _grid(grid_spec)
    rows = []
    for k, values in enumerate(combos):
        beh = dict(zip(names, map(float, values), strict=True))
        row: dict[str, Any] = dict(beh)
        for c in cases:
            row[f"{c.scenario.name}:{c.error_name}"] = c.evaluate(beh)[0][c.error_name]
        row["mean"] = float(np.mean([row[f"{c.scenario.name}:{c.error_name}"] for c in cases]))
        rows.append(row)
        print(f"[{k + 1}/{len(combos)}] {beh} mean {row['mean']:.4f}", file=sys.stderr)
    grid = pd.DataFrame(rows).sort_values("mean")
    top = grid.iloc[0]
    fit = {
        "scenarios": [c.scenario.name for c in cases],
        "metrics": {c.scenario.name: c.metric for c in cases},
        "score": "mean over scenarios of each one's error, averaged over its seeds",
        "best": {n: float(top[n]) for n in names},
        "errors": {c.scenario.name: float(top[f"{c.scenario.name}:{c.error_name}"]) for c in cases},
        "mean": float(top["mean"]),
        "searched": {n: [float(min(v)), float(max(v)), len(v)] for n, v in grid_spec.items()},
        "seeds": {c.scenario.name: list(c.seeds) for c in cases},
        "grid_points": len(combos),
    }
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "grid.csv", lambda p: grid.to_csv(p, index=False))
    atomic_write(out / "fit.json", lambda p: p.write_text(json.dumps(fit, indent=2) + "\n"))
    atomic_write(
        out / "behaviour.yaml",
        lambda p: p.write_text(
            "# Written by `micic-sim calibrate` (joint); see fit.json.\n"
            + yaml.safe_dump({"behaviour": fit["best"]}, sort_keys=True)
        ),
    )
    return fit


def _report_others(
    items: list[dict], root: Path, scenario: Any, models: list[Any]
) -> list[dict[str, Any]]:
    """Other figures beside the calibrated one (not tuned to): simulated vs observed."""
    out = []
    for item in items:
        obs = load_series(root / item["series"], scenario.start_date)
        sims = [at_days(*series_curve(m, item), obs["day"].to_numpy()) for m in models]
        sim = np.mean(sims, axis=0)
        out.append(
            {
                "label": item["label"],
                "dates": list(obs["date"].astype(str)),
                "observed": [float(x) for x in obs["value"]],
                "simulated": [round(float(x)) for x in sim],
            }
        )
    return out


def _plot_series(path: Path, scenario: Any, targets: list[dict], models: list, fit: dict) -> None:
    """One panel per fitted series: observed points and each seed's simulated curve, in people."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(targets)
    cols = min(n, 2)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 4.2 * rows), dpi=110, squeeze=False)
    for ax, t in zip(axes.flat, targets, strict=False):
        for k, m in enumerate(models):
            d, c = series_curve(m, t)
            ax.plot(
                d, c / 1000, color="#0072B2", lw=2, alpha=0.7, label="simulated" if k == 0 else None
            )
        ax.scatter(
            t["obs"]["day"],
            t["obs"]["value"] / 1000,
            color="#D55E00",
            zorder=3,
            s=36,
            label="observed",
        )
        ax.set_title(f"{t['label']} (MAPE {fit['series'][t['label']]['mape']:.2f})", fontsize=11)
        ax.set_xlabel(f"days since {scenario.start_date}")
        ax.set_ylabel("thousand people")
        ax.grid(alpha=0.3)
        ax.legend(frameon=False, fontsize=9)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.suptitle(f"{scenario.title}: joint fit (score {fit['score']:.3f})", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.97))  # room for the title
    fig.savefig(path, format="png")
    plt.close(fig)


def _plot(path: Path, scenario: Any, obs: pd.DataFrame, curves: list, fit: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 6), dpi=120)
    for k, (d, c) in enumerate(curves):
        ax.plot(
            d,
            c / 1000,
            color="#0072B2",
            lw=2,
            alpha=0.8,
            label="simulated (best fit)" if k == 0 else None,
        )
    ax.scatter(
        obs["day"],
        obs["value"] / 1000,
        color="#D55E00",
        zorder=3,
        s=40,
        label="observed (IOM / UNHCR / Tunisian authorities)",
    )
    if {"low", "high"} <= set(obs.columns):
        lo, hi = obs["low"].fillna(obs["value"]), obs["high"].fillna(obs["value"])
        ax.vlines(obs["day"], lo / 1000, hi / 1000, color="#D55E00", lw=1.5)
    ax.set_xlabel(f"days since {scenario.start_date}")
    ax.set_ylabel("people crossed, cumulative (thousands)")
    params = ", ".join(f"{k}={v:g}" for k, v in fit["best"].items())
    ax.set_title(
        f"{scenario.title}\ncalibration fit: MAPE {fit['mape']:.0%} ({params})", fontsize=12
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def main(args: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="micic-sim calibrate", description=__doc__.split("\n")[0])
    ap.add_argument(
        "scenario",
        nargs="+",
        help="scenario name(s) or folder(s); several: one "
        "parameter set for all of them (needs --out)",
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write grid, fit and behaviour.yaml here and leave the scenario(s) "
        "untouched (required for several scenarios)",
    )
    ap.add_argument("--quick", action="store_true", help="one seed, a quarter of the agents")
    ns = ap.parse_args(args)
    if len(ns.scenario) > 1 and ns.out is None:
        ap.error("several scenarios: give --out DIR for the joint calibration's results")
    try:
        if ns.out is None:
            fit = calibrate(ns.scenario[0], quick=ns.quick)
            name = next(k for k in ("mape", "ard", "score") if k in fit)
            print(f"{name.upper()} {fit[name]:.4f}  best {fit['best']}")
            for label, row in fit.get("series", {}).items():
                print(f"  {label}: MAPE {row['mape']:.3f} (weight {row['weight']:g})")
        else:
            fit = calibrate_joint(ns.scenario, ns.out, quick=ns.quick)
            each = ", ".join(f"{k} {v:.4f}" for k, v in fit["errors"].items())
            print(f"mean {fit['mean']:.4f} ({each})  best {fit['best']}")
    except (ScenarioError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
