"""One exploration from its settings to its folder: sample, run, analyse, chart, report.

    <out_dir>/samples.csv      one row per sample: the value of each uncertainty
    <out_dir>/runs.csv         one row per run: sample, policy, seed, outcomes in people
    <out_dir>/indices.csv      Morris (mu*, sigma) or Sobol (S1, ST) per quantity and assumption
    <out_dir>/top.csv          the `top` assumptions that most change each lever's effect
    <out_dir>/regret.csv       policies ranked by regret, per outcome (people)
    <out_dir>/prim.csv         per lever: the box where it helps least, coverage and density
    <out_dir>/charts/*.png     one chart per finding
    <out_dir>/report.md        all of the above in words, with the charts

The folder is written whole or not at all: everything goes to a temporary folder beside it,
moved into place at the end.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from micic_sim.explore import analysis, charts
from micic_sim.explore.runner import OUTCOMES, RunSettings, by_sample, effects, run_samples
from micic_sim.explore.sampling import METHODS, to_values, unit_design
from micic_sim.explore.uncertainties import (
    Uncertainty,
    check_uncertainties,
    load_uncertainties,
    read_uncertainties,
)
from micic_sim.scenario import ConfigError, load_scenario
from micic_sim.scenario.tables import suggest
from micic_sim.units import scale_note


@dataclass
class Exploration:
    """Everything an exploration produced, in memory (the notebook reads this)."""

    settings: dict[str, Any]
    items: list[Uncertainty]
    samples: pd.DataFrame
    runs: pd.DataFrame
    indices: pd.DataFrame
    top: pd.DataFrame
    regret: pd.DataFrame
    prim: pd.DataFrame
    figures: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def check_settings(cfg: dict[str, Any]) -> None:
    """The settings that the schema's types cannot check, before any run."""
    method = cfg["explore"]["method"]
    if method not in METHODS:
        raise ConfigError(
            "explore.method",
            f"'{method}' is not one of: {', '.join(METHODS)}" + suggest(method, METHODS),
        )
    if cfg["explore"]["n"] < 1:
        raise ConfigError("explore.n", f"must be >= 1, got {cfg['explore']['n']}")
    if cfg["baseline"] not in cfg["policies"]:
        raise ConfigError("baseline", f"'{cfg['baseline']}' must be one of policies")
    if len(set(cfg["policies"])) != len(cfg["policies"]):
        raise ConfigError("policies", "lists a policy twice")
    for o in [*cfg["outcomes"], cfg["prim"]["outcome"]]:
        if o not in OUTCOMES:
            raise ConfigError("outcomes", f"unknown outcome '{o}'" + suggest(o, OUTCOMES))
    if not cfg["seeds"]:
        raise ConfigError("seeds", "needs at least one seed")
    if cfg["workers"] < 1:
        raise ConfigError("workers", f"must be >= 1, got {cfg['workers']}")
    if cfg["threads"] is not None and cfg["threads"] < 1:
        raise ConfigError(
            "threads", f"must be >= 1 (or null: cores / workers), got {cfg['threads']}"
        )
    for seed in cfg["seeds"]:
        if seed < 0:
            raise ConfigError("seeds", f"must be whole numbers >= 0, got {seed}")


def sensitivity_values(
    runs: pd.DataFrame, outcomes: list[str], baseline: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quantities whose sensitivity is measured, one column each: every policy's effect
    against the baseline on each outcome, and the baseline's own outcomes; and a table that
    says what each column is (quantity, policy, measure, outcome)."""
    level = by_sample(runs, outcomes)[baseline]
    eff = effects(runs, outcomes, baseline)
    cols, meta = {}, []
    for (policy, outcome), s in eff.items():
        q = f"{policy} - {baseline}: {outcome}"
        cols[q] = s
        meta.append((q, policy, "effect", outcome))
    for outcome, s in level.items():
        q = f"{baseline}: {outcome}"
        cols[q] = s
        meta.append((q, baseline, "level", outcome))
    what = pd.DataFrame(meta, columns=["quantity", "policy", "measure", "outcome"])
    return pd.DataFrame(cols), what


def explore(
    cfg: dict[str, Any],
    *,
    progress: bool = False,
    runs: pd.DataFrame | None = None,
    runs_seconds: float | None = None,
    keep_runs: Path | None = None,
) -> Exploration:
    """Sample, run and analyse (nothing written but `keep_runs`): see `write`. `runs`: the
    runs of this very design done before (an analysis redone without running), which took
    `runs_seconds` (None: unknown); `keep_runs`: a
    file the runs are saved to as soon as they are done, so a failure later loses none."""
    check_settings(cfg)
    case = load_scenario(cfg["scenario"])
    if cfg.get("uncertainties"):
        items = read_uncertainties(cfg["uncertainties"])
        check_uncertainties(case, items, cfg["uncertainties"])
    else:
        items = load_uncertainties(case)
    m = cfg["explore"]
    try:
        unit = unit_design(m["method"], items, m["n"], seed=m["seed"], levels=m["levels"])
    except ValueError as exc:
        raise ConfigError("explore.n", str(exc)) from None
    samples = to_values(items, unit)
    settings = RunSettings(
        scenario=str(case.path),
        agents=cfg["agents"],
        days=cfg["days"],
        dt_hours=cfg["dt_hours"],
        threads=cfg["threads"],
    )
    from micic_sim.inputs import check_run

    try:
        check_run(case, population_total=cfg["agents"], days=cfg["days"], dt_hours=cfg["dt_hours"])
    except ConfigError as exc:  # named as in explore's settings (agents), not run's
        key = "agents" if exc.field == "population.total" else str(exc.field)
        raise ConfigError(key, exc.problem) from None
    t0 = time.perf_counter()
    if runs is None:
        runs = run_samples(
            settings,
            items,
            samples,
            list(cfg["policies"]),
            list(cfg["seeds"]),
            workers=cfg["workers"],
            progress=progress,
        )
        if keep_runs is not None:
            runs.to_csv(keep_runs, index=False)
    elif len(runs) != len(samples) * len(cfg["policies"]) * len(cfg["seeds"]):
        raise ValueError("the runs given are not those of this design")
    seconds = time.perf_counter() - t0 if runs_seconds is None else runs_seconds
    outcomes, base = list(cfg["outcomes"]), cfg["baseline"]
    values, what = sensitivity_values(runs, outcomes, base)
    if m["method"] == "morris":
        indices = analysis.morris_indices(items, unit, values, levels=m["levels"])
        key = "mu_star"
    elif m["method"] == "sobol":
        indices = analysis.sobol_indices(items, values)
        key = "ST"
    else:
        indices, key = pd.DataFrame(columns=["quantity", "uncertainty"]), None
    if len(indices):
        indices = what.merge(indices, on="quantity")
    top = analysis.top_drivers(indices, key, cfg["top"]) if key else indices.head(0)
    wide = by_sample(runs, outcomes)
    regret = pd.concat(
        [
            analysis.regret(wide.xs(o, axis=1, level=1), higher_is_better=OUTCOMES[o]).assign(
                outcome=o
            )
            for o in outcomes
        ],
        ignore_index=True,
    )
    prim_rows = _prim(cfg, runs, samples)
    # People with the agent scale beside them, in every table a reader may open on its own.
    scale = {
        "agents": int(runs["agents"].iloc[0]),
        "people_per_agent": float(runs["people_per_agent"].median()),
    }
    indices, top, regret, prim_rows = (
        t.assign(**scale) if len(t) else t for t in (indices, top, regret, prim_rows)
    )
    return Exploration(
        settings=cfg,
        items=items,
        samples=samples,
        runs=runs,
        indices=indices,
        top=top,
        regret=regret,
        prim=prim_rows,
        seconds=seconds,
    )


def _prim(cfg: dict[str, Any], runs: pd.DataFrame, samples: pd.DataFrame) -> pd.DataFrame:
    """Per lever: the box of assumption ranges where its gain is smallest."""
    outcome, base = cfg["prim"]["outcome"], cfg["baseline"]
    eff = effects(runs, [outcome], base)
    rows = []
    for policy in eff.columns.get_level_values(0).unique():
        gain = eff[(policy, outcome)] * (1 if OUTCOMES[outcome] else -1)
        y, threshold = analysis.fails_to_help(gain, cfg["prim"]["threshold"])
        base_row = {"policy": policy, "outcome": outcome, "threshold": threshold}
        if (gain == 0).all():  # e.g. a lever whose conditions never arise in this scenario
            rows.append(
                {
                    **base_row,
                    "coverage": 1.0,
                    "density": 1.0,
                    "mass": 1.0,
                    "cases": len(y),
                    "samples": len(y),
                    "note": "no effect in any sample: the same outcome as the baseline",
                }
            )
            continue
        if y.all():  # nothing to single out: say so (the chart says it in words)
            rows.append(
                {
                    **base_row,
                    "coverage": 1.0,
                    "density": 1.0,
                    "mass": 1.0,
                    "cases": int(y.sum()),
                    "samples": len(y),
                    "note": "helps in no sample: its gain is at or below the threshold everywhere",
                }
            )
            continue
        try:
            box = analysis.prim_box(
                samples.loc[gain.index], y, min_density=cfg["prim"]["min_density"]
            )
        except ValueError as exc:
            rows.append({**base_row, "note": str(exc)})
            continue
        common = {
            **base_row,
            "coverage": box.coverage,
            "density": box.density,
            "mass": box.mass,
            "cases": box.n_cases,
            "samples": box.n_samples,
        }
        if not len(box.limits):
            rows.append({**common, "note": "no restriction found"})
        for r in box.limits.itertuples(index=False):
            rows.append({**common, "uncertainty": r.uncertainty, "low": r.low, "high": r.high})
    return pd.DataFrame(rows)


def _footnote(x: Exploration) -> str:
    cfg, runs = x.settings, x.runs
    agents, ppa = int(runs["agents"].iloc[0]), float(runs["people_per_agent"].median())
    return (
        f"{x.settings['scenario']}; {cfg['explore']['method']} design, {len(x.samples):,} samples "
        f"x {len(cfg['policies'])} policies x {len(cfg['seeds'])} seed(s) = {len(runs):,} runs; "
        f"counts in people ({scale_note(agents, ppa)}, median over samples)."
    )


def make_figures(x: Exploration) -> dict[str, Any]:
    """One chart per lever and outcome's drivers, the regret ranking, and each PRIM box."""
    cfg, figs = x.settings, {}
    foot = _footnote(x)
    method = cfg["explore"]["method"]
    if len(x.indices):
        index, spread = ("mu_star", "sigma") if method == "morris" else ("S1", "ST")
        for (policy, outcome), d in x.indices[x.indices["measure"] == "effect"].groupby(
            ["policy", "outcome"], sort=False
        ):
            if outcome != cfg["prim"]["outcome"]:
                continue
            label = charts.outcome_label(outcome, with_unit=False).lower()
            figs[f"drivers_{policy}_{outcome}"] = charts.sensitivity_chart(
                d,
                x.items,
                index=index,
                spread=spread,
                title=f"{{lead}} changes most how many more people {charts.policy_label(policy)}"
                f" brings to safety"
                if outcome == "reached_safety"
                else f"{{lead}} changes most the effect of {charts.policy_label(policy)} on "
                f"{label}",
                unit="people" if method == "morris" else "share of the variance (0-1)",
                footnote=foot,
                top=10,
            )
    primary = cfg["prim"]["outcome"]
    figs[f"regret_{primary}"] = charts.regret_chart(
        x.regret[x.regret["outcome"] == primary].reset_index(drop=True), primary, foot
    )
    if len(x.prim) and "coverage" in x.prim:
        for policy, d in x.prim.dropna(subset=["coverage"]).groupby("policy", sort=False):
            lims = d.dropna(subset=["uncertainty"]) if "uncertainty" in d else d.head(0)
            if (d["mass"] >= 1.0).all():
                figs[f"prim_{policy}"] = charts.never_helps_chart(
                    policy,
                    float(d["threshold"].iloc[0]),
                    foot,
                    no_effect=str(d["note"].iloc[0]).startswith("no effect"),
                )
                continue
            figs[f"prim_{policy}"] = charts.prim_chart(
                lims[["uncertainty", "low", "high"]]
                if len(lims)
                else pd.DataFrame(columns=["uncertainty", "low", "high"]),
                x.items,
                lever=policy,
                coverage=float(d["coverage"].iloc[0]),
                density=float(d["density"].iloc[0]),
                threshold=float(d["threshold"].iloc[0]),
                footnote=foot,
            )
    return figs


def _md(frame: pd.DataFrame, floatfmt: str | None = None) -> str:
    """A Markdown table; numbers as `charts.number` writes them unless `floatfmt` is given,
    and blanks (not 'nan') where a row has no value."""
    if not len(frame):
        return "(none)"
    if floatfmt is not None:
        return frame.to_markdown(index=False, floatfmt=floatfmt)
    text = frame.apply(
        lambda c: (
            c.map(lambda v: "" if pd.isna(v) else charts.number(v))
            if pd.api.types.is_float_dtype(c)
            else c.map(lambda v: "" if pd.isna(v) else str(v))
        )
    )
    return text.to_markdown(index=False, disable_numparse=True)


def report(x: Exploration, charts_dir: str = "charts") -> str:
    """report.md: the settings, the findings per lever, and every chart."""
    cfg = x.settings
    base = cfg["baseline"]
    sources = {u.name: u.source for u in x.items}
    lines = [
        f"# Exploration of {cfg['scenario']}: {cfg['explore']['method']}",
        "",
        _footnote(x),
        f"Uncertainties: {len(x.items)} (from the scenario's uncertainties.csv); policies: "
        f"{', '.join(cfg['policies'])}; effects against `{base}`, paired (same seeds). "
        f"Runs took {x.seconds / 60:,.1f} minutes with {cfg['workers']} worker(s).",
        "",
    ]
    if len(x.top):
        col = "mu_star" if "mu_star" in x.top else "ST"
        unit = "people (Morris mu*)" if col == "mu_star" else "total Sobol index ST"
        lines += ["## The assumptions that most change each lever's effect", ""]
        eff = x.top[x.top["measure"] == "effect"]
        for (policy, outcome), d in eff.groupby(["policy", "outcome"], sort=False):
            names = ", ".join(
                f"{r.uncertainty} [{sources[r.uncertainty]}] ({getattr(r, col):,.3g})"
                for r in d.itertuples()
            )
            lines.append(f"- **{policy}**, effect on {outcome}, in {unit}: {names}")
        lines.append("")
    for name in sorted(x.figures):
        lines += [f"![{name}]({charts_dir}/{name}.png)", ""]
    lines += ["## Robustness: policies ranked by regret (people)", ""]
    regret = x.regret[["outcome", "rank", "policy", "max_regret", "p90_regret", "mean_regret"]]
    best = (x.regret["best_in_share"] * 100).map(lambda v: f"{v:.0f}%")
    lines += [_md(regret.assign(best_in_samples=best), ",.0f"), ""]
    prim_cols = [
        "policy",
        "outcome",
        "threshold",
        "coverage",
        "density",
        "cases",
        "samples",
        "uncertainty",
        "low",
        "high",
        "note",
    ]
    prim = x.prim[[c for c in prim_cols if c in x.prim]]
    lines += [
        "## Where each lever helps least (PRIM boxes)",
        "",
        "A lever 'helps least' in a sample when its gain is at or below `threshold` people;"
        " coverage: the share of those samples inside the box; density: the share of the"
        " samples inside the box that are such samples.",
        "",
        _md(prim),
        "",
    ]
    return "\n".join(lines)


def write(x: Exploration, out_dir: str | Path) -> Path:
    """Write the folder (whole, or not at all)."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        x.samples.to_csv(tmp / "samples.csv")
        x.runs.to_csv(tmp / "runs.csv", index=False)
        x.indices.to_csv(tmp / "indices.csv", index=False)
        x.top.to_csv(tmp / "top.csv", index=False)
        x.regret.to_csv(tmp / "regret.csv", index=False)
        x.prim.to_csv(tmp / "prim.csv", index=False)
        charts.save_all(x.figures, tmp / "charts")
        (tmp / "report.md").write_text(report(x), encoding="utf-8")
        (tmp / "settings.json").write_text(
            json.dumps({**x.settings, "seconds": round(x.seconds, 1)}, indent=2), "utf-8"
        )
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def run_exploration(
    cfg: dict[str, Any],
    *,
    progress: bool = False,
    runs: pd.DataFrame | None = None,
    runs_seconds: float | None = None,
) -> tuple[Exploration, Path]:
    """Explore, chart and write; returns the results and the folder. Until the folder is
    written the runs are kept beside it in `<folder>.runs.csv` (`explore(runs=...)` reuses
    them)."""
    out = Path(cfg.get("out_dir") or default_out_dir(cfg))
    out.parent.mkdir(parents=True, exist_ok=True)
    keep = out.parent / f"{out.name}.runs.csv"
    x = explore(cfg, progress=progress, runs=runs, runs_seconds=runs_seconds, keep_runs=keep)
    x.figures = make_figures(x)
    folder = write(x, out)
    keep.unlink(missing_ok=True)
    return x, folder


def default_out_dir(cfg: dict[str, Any]) -> str:
    from micic_sim.cli import slug

    return f"runs/explore/{slug(cfg['scenario'])}/{cfg['explore']['method']}"


__all__ = ["Exploration", "explore", "run_exploration", "np"]
