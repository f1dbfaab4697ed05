"""Gather a sweep's complete runs into two tidy Parquet tables in the sweep folder.

    collected_timeseries.parquet  one row per run x day x metric x group
    collected_outcomes.parquet    one row per run x group (overall, status, documentation,
                                  nationality), one column per outcome
    collected_manifest.json       which run folders (and which version of each) are in them,
                                  and the generation token both tables carry (a commit record)

Why a manifest: sweeps grow (more seeds, another lever) and are re-collected often; reading
only the runs that are new or were re-run keeps `micic-sim collect` fast on large sweeps. A
run is identified by its folder relative to the sweep folder and versioned by its summary.json
(written last, so a changed summary means the run was redone).
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from micic_sim.analysis.outcomes import outcome_rows
from micic_sim.analysis.runs import (
    RunFolderError,
    RunInfo,
    find_runs,
    read_parquet,
    read_summary,
    run_info,
)
from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.results import SUMMARY_FILE, atomic_write, folder_lock

TIMESERIES_FILE = "collected_timeseries.parquet"
OUTCOMES_FILE = "collected_outcomes.parquet"
MANIFEST_FILE = "collected_manifest.json"
MANIFEST_VERSION = 2  # 2: tables and manifest share a generation token
GENERATION_KEY = b"micic_collection"
META = ("run_id", "scenario", "policy", "seed", "levers")
CATEGORICAL = ("run_id", "scenario", "policy", "levers", "metric", "group", "group_type")


def _signature(run_dir: Path) -> list[int]:
    st = (run_dir / SUMMARY_FILE).stat()
    return [st.st_mtime_ns, st.st_size]


def _meta(info: RunInfo) -> dict[str, Any]:
    return {
        "run_id": info.run_id,
        "scenario": info.scenario,
        "policy": info.policy,
        "seed": info.seed,
        "levers": info.levers_label,
    }


def read_run_outcomes(info: RunInfo) -> pd.DataFrame:
    """The outcome rows of one run, with its identity and one True/False column per lever."""
    summary = read_summary(info.path)
    try:
        df = pd.DataFrame(outcome_rows(summary))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # edited or old summary
        what = f"has no {exc}" if isinstance(exc, KeyError) else f"holds a bad value ({exc})"
        path = info.path / SUMMARY_FILE
        raise RunFolderError(path, f"{what}; run that run again, or delete its folder") from None
    for key, value in reversed(_meta(info).items()):
        df.insert(0, key, value)
    df["n_levers"] = len(info.levers)
    for name in CATALOGUE:
        df[f"lever_{name}"] = name in info.levers
    df["lever_settings"] = json.dumps(info.lever_settings, sort_keys=True, default=str)
    return df


def _constant(value: Any, n: int) -> pd.Categorical | np.ndarray:
    """A column repeating one value: a one-category Categorical for text (cheap for the
    hundreds of thousands of time-series rows of a run)."""
    if isinstance(value, str):
        return pd.Categorical.from_codes(np.zeros(n, np.int8), categories=[value])
    return np.full(n, value)


def read_run_timeseries(info: RunInfo) -> pd.DataFrame:
    """The time series of one run with its identity columns (empty if the run has none)."""
    path = info.path / "timeseries.parquet"
    if not path.is_file():
        return pd.DataFrame(columns=[*META, "day", "metric", "group", "value", "people"])
    df = read_parquet(path)
    if "people" not in df.columns:  # written before runs recorded people
        ppa = float(read_summary(info.path).get("people_per_agent", 1.0))
        df["people"] = df["value"] * ppa
    for col in ("metric", "group"):
        df[col] = df[col].astype("category")
    for key, value in reversed(_meta(info).items()):
        df.insert(0, key, _constant(value, len(df)))
    return df


def read_run(info: RunInfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables for one run (the unit of incremental collection)."""
    return read_run_timeseries(info), read_run_outcomes(info)


def tidy(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-run tables, with repeated text columns stored as categories (a sweep's
    time series repeats run ids, metrics and groups millions of times). Categories are unified
    before concatenating, so no column is ever expanded to one string per row."""
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    if len(frames) > 1:
        for col in CATEGORICAL:
            if not all(col in f.columns for f in frames):
                continue
            cats: dict[str, None] = {}
            for f in frames:
                c = f[col]
                values = (
                    c.cat.categories
                    if isinstance(c.dtype, pd.CategoricalDtype)
                    else pd.unique(c.astype(str))
                )
                cats.update(dict.fromkeys(map(str, values)))
            dtype = pd.CategoricalDtype(list(cats))
            for f in frames:
                c = f[col]
                if isinstance(c.dtype, pd.CategoricalDtype):
                    c = c.cat.rename_categories([str(x) for x in c.cat.categories])
                else:
                    c = c.astype(str)
                f[col] = c.astype(dtype)
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for col in CATEGORICAL:
        if col in df.columns and not isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype("category")
    if "seed" in df.columns:
        df["seed"] = df["seed"].astype("int64")
    return df


def _generation(path: Path) -> str | None:
    """The collection a table belongs to (a token in its Parquet metadata), without reading
    its rows."""
    meta = pq.read_schema(path).metadata or {}
    token = meta.get(GENERATION_KEY)
    return token.decode() if token is not None else None


def _write_table(df: pd.DataFrame, path: Path, generation: str) -> None:
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = {**(table.schema.metadata or {}), GENERATION_KEY: generation.encode()}
    atomic_write(path, lambda p: pq.write_table(table.replace_schema_metadata(meta), p))


def _load_cache(root: Path) -> tuple[dict[str, list[int]], pd.DataFrame, pd.DataFrame]:
    """The previous collection, or nothing if any part is missing, unreadable or from another
    collection than the manifest (a collect interrupted between its writes)."""
    paths = [root / MANIFEST_FILE, root / TIMESERIES_FILE, root / OUTCOMES_FILE]
    if not all(p.is_file() for p in paths):
        return {}, pd.DataFrame(), pd.DataFrame()
    try:
        manifest = json.loads(paths[0].read_text())
        if manifest.get("version") != MANIFEST_VERSION:
            return {}, pd.DataFrame(), pd.DataFrame()
        generation = manifest["generation"]
        if any(_generation(p) != generation for p in paths[1:]):
            return {}, pd.DataFrame(), pd.DataFrame()
        return (dict(manifest["runs"]), pd.read_parquet(paths[1]), pd.read_parquet(paths[2]))
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return {}, pd.DataFrame(), pd.DataFrame()


def collect(
    sweep_dir: str | Path, *, write: bool = True, progress: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gather every complete run under `sweep_dir`; returns (timeseries, outcomes).

    Runs already collected and unchanged are taken from the previous collection; runs whose
    folder disappeared are dropped. With `write`, the tables and manifest are (re)written into
    `sweep_dir` (the manifest last, so an interrupted collect is simply redone)."""
    root = Path(sweep_dir)
    runs = find_runs(root)
    if not write:
        return _collect(root, runs, write=False, progress=progress)
    with folder_lock(root, "sweep"):  # two collects at once would mix their writes
        return _collect(root, runs, write=True, progress=progress)


def _collect(
    root: Path, runs: list[Path], *, write: bool, progress: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    manifest, old_ts, old_out = _load_cache(root)
    current = {run_info(r, root).run_id: r for r in runs}
    signatures = {rid: _signature(path) for rid, path in current.items()}
    keep = {rid for rid, sig in signatures.items() if manifest.get(rid) == sig}
    todo = [rid for rid in current if rid not in keep]

    ts_frames, out_frames = [], []
    if keep and len(old_out):
        if keep == set(manifest):  # nothing dropped: take the cached tables as they are
            ts_frames.append(old_ts)
            out_frames.append(old_out)
        else:  # filter on the category codes, never on one string per row
            ts_frames.append(old_ts[old_ts["run_id"].isin(keep)].reset_index(drop=True))
            out_frames.append(old_out[old_out["run_id"].isin(keep)].reset_index(drop=True))
    else:
        todo = list(current)
    iterator: Iterable[str] = todo
    if progress and todo:
        from tqdm import tqdm

        iterator = tqdm(todo, unit="run", desc="collect", leave=False)
    for rid in iterator:
        ts, out = read_run(run_info(current[rid], root))
        ts_frames.append(ts)
        out_frames.append(out)
    timeseries, outcomes = tidy(ts_frames), tidy(out_frames)
    if len(outcomes):
        order = ["run_id", "group_type", "group"]
        outcomes = outcomes.sort_values(order, kind="stable").reset_index(drop=True)
    collect.last_read = len(todo)  # type: ignore[attr-defined]
    unchanged = not todo and keep == set(manifest)
    if write and not unchanged:
        # Commit: both tables carry a fresh generation token and the manifest, written last,
        # names it. Interrupted anywhere, the tables and manifest disagree and the next collect
        # reads every run again (never appending the new runs twice to a stale cache).
        generation = uuid.uuid4().hex
        _write_table(timeseries, root / TIMESERIES_FILE, generation)
        _write_table(outcomes, root / OUTCOMES_FILE, generation)
        body = {"version": MANIFEST_VERSION, "generation": generation, "runs": signatures}
        atomic_write(
            root / MANIFEST_FILE, lambda p: p.write_text(json.dumps(body, indent=1) + "\n")
        )
    return timeseries, outcomes


collect.last_read = 0  # type: ignore[attr-defined]  # runs read from disk by the last call


def main(args: list[str] | None = None) -> int:
    """`micic-sim collect <sweep dir>`: write the collected tables and say what is in them."""
    ap = argparse.ArgumentParser(
        prog="micic-sim collect",
        description="Gather a sweep's complete runs into tidy Parquet tables in the sweep folder.",
    )
    ap.add_argument("sweep_dir", help="a sweep folder (e.g. runs/sweeps/<timestamp>)")
    ns = ap.parse_args(args)
    root = Path(ns.sweep_dir)
    try:
        _, outcomes = collect(root, progress=sys.stderr.isatty())
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if outcomes.empty:
        print(
            f"error: no complete runs (folders with {SUMMARY_FILE}) under {root}", file=sys.stderr
        )
        return 2
    overall = outcomes[outcomes["group_type"] == "overall"]
    table = (
        overall.groupby(["scenario", "policy"], observed=True)["seed"]
        .agg(lambda s: ",".join(str(x) for x in sorted(s)))
        .rename("seeds")
    )
    print(
        f"collected {overall['run_id'].nunique()} runs ({collect.last_read} read now) "
        f"-> {root / TIMESERIES_FILE}, {root / OUTCOMES_FILE}"
    )
    print(table.to_string())
    return 0
