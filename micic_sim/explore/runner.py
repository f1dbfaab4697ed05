"""Run an exploration's samples: every sample x policy x seed, outcomes in people.

Runs are grouped into a few chunks per worker process (joblib's loky backend) and each chunk
runs its runs one after the other in that process: the interpreter, the imports, the compiled
kernels and the loaded scenario are paid once per worker, not once per run, which matters when
a run takes a second or two. A run depends only on its scenario values, policy and seed, and the
rows are put back in task order, so the table is identical whatever the number of workers (and
Numba threads: the model's own guarantee).

Every sample runs each policy with the same seeds (paired comparisons): a lever's effect in a
sample is its outcome minus the baseline's in the same world and with the same random numbers.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from micic_sim.explore.uncertainties import Uncertainty, apply
from micic_sim.scenario import ConfigError, Scenario
from micic_sim.scenario.tables import suggest

#: Outcomes collected per run, in people or person-days, and whether more is better.
OUTCOMES: dict[str, bool] = {
    "reached_safety": True,
    "left_behind": False,
    "harmed": False,
    "stranded": False,
    "detained": False,
    "person_days_border": False,
}


@dataclass(frozen=True)
class RunSettings:
    """What every run of an exploration shares."""

    scenario: str  # a bundled scenario's name or a folder
    agents: int | None = None  # simulated agents (None: the scenario's)
    days: float | None = None
    dt_hours: float | None = None
    threads: int | None = None  # Numba threads per run (None: cores / workers)


def policy_levers(name: str) -> dict[str, Any]:
    """The lever settings of a policy preset (configs/policy/<name>.yaml)."""
    from micic_sim.resources import config_dir, policy_presets

    path = config_dir() / "policy" / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(
            "policies", f"unknown policy preset '{name}'" + suggest(name, policy_presets())
        )
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return doc.get("levers") or {}


@lru_cache(maxsize=4)
def _scenario(name: str) -> Scenario:
    from micic_sim.scenario import load_scenario

    return load_scenario(name)


def run_one(
    settings: RunSettings,
    items: list[Uncertainty],
    values: dict[str, float],
    policy: str,
    seed: int,
) -> dict[str, float]:
    """One run: the scenario with these values, this policy and seed; outcomes in people."""
    from micic_sim.analysis.outcomes import outcome_rows
    from micic_sim.model import EvacuationModel
    from micic_sim.results import summarise

    case, behaviour = apply(_scenario(settings.scenario), items, values)
    model = EvacuationModel(
        case,
        seed=seed,
        dt_hours=settings.dt_hours,
        days=settings.days,
        population_total=settings.agents,
        levers=policy_levers(policy),
        behaviour=behaviour,
    ).run()
    overall = outcome_rows(summarise(model))[0]
    row = {k: float(overall[k]) for k in OUTCOMES}
    row["agents"] = float(model.population.n)
    row["people_per_agent"] = float(1.0 / model.scale)
    row["population"] = float(overall["population"])
    return row


def _chunk(
    settings: RunSettings,
    items: list[Uncertainty],
    tasks: list[tuple[int, dict[str, float], str, int]],
) -> list[dict[str, Any]]:
    """Runs a list of tasks in this (worker) process."""
    import numba

    from micic_sim.sweep import exit_with_main

    exit_with_main()  # a worker whose exploration was killed stops instead of running on
    logging.getLogger("MESA").setLevel(logging.WARNING)
    before = numba.get_num_threads()
    if settings.threads:
        numba.set_num_threads(min(settings.threads, numba.config.NUMBA_NUM_THREADS))
    try:
        return [
            {"sample": k, "policy": p, "seed": s, **run_one(settings, items, v, p, s)}
            for k, v, p, s in tasks
        ]
    finally:
        numba.set_num_threads(before)  # in-process (workers=1): leave the caller's setting


def run_samples(
    settings: RunSettings,
    items: list[Uncertainty],
    samples: pd.DataFrame,
    policies: list[str],
    seeds: list[int],
    *,
    workers: int = 1,
    chunks_per_worker: int = 4,
    progress: bool = False,
) -> pd.DataFrame:
    """Every sample x policy x seed; one row per run (sample, policy, seed, outcomes)."""
    for p in policies:
        policy_levers(p)  # unknown presets fail before any run
    tasks = [
        (int(k), {c: float(v) for c, v in row.items()}, p, int(s))
        for k, row in samples.iterrows()
        for p in policies
        for s in seeds
    ]
    workers = max(1, min(int(workers), len(tasks)))
    if workers == 1:
        rows = _chunk(settings, items, tasks)
    else:
        from joblib import Parallel, delayed

        threads = settings.threads or max(1, (os.cpu_count() or 1) // workers)
        settings = RunSettings(**{**settings.__dict__, "threads": threads})
        # Enough chunks to balance the workers and report progress, each of ~20 runs or more.
        n_chunks = min(len(tasks), max(workers * chunks_per_worker, math.ceil(len(tasks) / 20)))
        # Interleaved chunks: neighbouring samples (a Morris trajectory) spread over workers.
        chunks = [tasks[i::n_chunks] for i in range(n_chunks)]
        out = Parallel(n_jobs=workers, backend="loky", verbose=5 if progress else 0)(
            delayed(_chunk)(settings, items, c) for c in chunks
        )
        rows = [r for part in out for r in part]
    frame = pd.DataFrame(rows)
    order = {(k, p, s): i for i, (k, _, p, s) in enumerate(tasks)}
    frame["_order"] = [order[(r.sample, r.policy, r.seed)] for r in frame.itertuples()]
    return frame.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def by_sample(runs: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Seed-averaged outcomes: rows = samples, columns = (policy, outcome)."""
    mean = runs.groupby(["sample", "policy"], sort=False)[outcomes].mean()
    return mean.unstack("policy").swaplevel(axis=1).sort_index(axis=1)


def effects(runs: pd.DataFrame, outcomes: list[str], baseline: str) -> pd.DataFrame:
    """Each policy's effect against the baseline, per sample (seed-averaged, paired):
    columns = (policy, outcome), in people."""
    wide = by_sample(runs, outcomes)
    others = [p for p in wide.columns.get_level_values(0).unique() if p != baseline]
    parts = {p: wide[p] - wide[baseline] for p in others}
    return pd.concat(parts, axis=1) if parts else pd.DataFrame(index=wide.index)


__all__ = ["OUTCOMES", "RunSettings", "by_sample", "effects", "run_samples", "Path"]
