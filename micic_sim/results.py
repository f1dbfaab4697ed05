"""Outcomes of a run, and the run folder that holds them.

A run folder holds: `config.yaml` (the resolved config), `timeseries.parquet` (tidy: day, metric,
group, value in agents, people), `agents.parquet` (the final agent table, one row per agent,
categories as words), `institutions.parquet` (per service point: people passed, refused,
detained, and the same in agents), `summary.json` (key outcomes overall and by status,
documentation and nationality: counts in people, `agents` and `agent_counts` beside them, and
`people_per_agent`) and `provenance.json`.
Every file is written to a temporary name and renamed into place; `summary.json` is written last
and removed first, so a folder with a summary is a complete run and an interrupted run leaves
no file that looks complete.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

import micic_sim
from micic_sim.codes import Doc, State, Status, names
from micic_sim.scenario.cache import scenario_fingerprint
from micic_sim.units import MIN_AGENTS, people

if TYPE_CHECKING:
    from micic_sim.model import EvacuationModel

SUMMARY_FILE = "summary.json"
STRANDED_STATES = (State.STRANDED, State.QUEUE_BORDER, State.QUEUE_CONSULATE, State.QUEUE_TRANSPORT)


def _outcomes(
    state: np.ndarray,
    safe_day: np.ndarray,
    informed_day: np.ndarray,
    place_host: np.ndarray,
    place: np.ndarray,
    people_per_agent: float = 1.0,
    held: dict[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Outcomes of a set of agents: counts in people (agents x `people_per_agent`), the same
    counts in agents under `agent_counts`, and shares (which the scale does not change)."""
    n = int(state.shape[0])
    safe = ~np.isnan(safe_day) & (state != State.HARMED)
    in_host = place_host[place]
    stranded = np.isin(state, STRANDED_STATES) & in_host
    agent_counts = {
        "harmed": int((state == State.HARMED).sum()),
        "stranded": int(stranded.sum()),
        "detained": int((state == State.DETAINED).sum()),
        "in_shelter": int((state == State.IN_SHELTER).sum()),
        "still_home": int((state == State.HOME).sum()),
        "evacuated": int((state == State.EVACUATED).sum()),
        "repatriated": int((state == State.REPATRIATED).sum()),
        # crossed into a transit country, still waiting there (camps, onward transport)
        "waiting_abroad": int(np.isin(state, (State.CROSSED, State.WAITING)).sum()),
    }
    k_safe = int(safe.sum())
    out: dict[str, Any] = {
        "population": people(n, people_per_agent),
        "agents": n,
        "reached_safety": {
            "count": people(k_safe, people_per_agent),
            "agents": k_safe,
            "share": float(safe.mean()) if n else 0.0,
        },
        "median_days_to_safety": float(np.median(safe_day[safe])) if safe.any() else None,
        **{k: people(v, people_per_agent) for k, v in agent_counts.items()},
        "agent_counts": agent_counts,
        "informed_share": float((~np.isnan(informed_day)).mean()) if n else 0.0,
        # Over everyone, the never-informed counting as infinitely late: a lever that informs
        # more people cannot look worse by it. None when fewer than half are ever informed.
        "median_days_to_informed": _median_with_never(informed_day),
    }
    if held is not None:
        # Time held, summed over people (person-days), and the journey from leaving home to
        # getting home (or to a third country), for those who made it.
        for key in ("days_border", "days_waiting", "days_detained"):
            out[f"person_{key}"] = round(float(held[key].sum()) * people_per_agent, 1)
        trip = held["home_day"] - held["left_day"]
        trip = trip[~np.isnan(trip)]
        out["median_days_leaving_to_home"] = float(np.median(trip)) if trip.size else None
    return out


def _median_with_never(days: np.ndarray) -> float | None:
    if days.size == 0:
        return None
    med = float(np.median(np.where(np.isnan(days), np.inf, days)))
    return med if np.isfinite(med) else None


def summarise(model: EvacuationModel) -> dict[str, Any]:
    """Key outcomes overall and by status, documentation at the start and nationality, plus the
    equity gap: the spread in the share reaching safety between the best- and worst-off groups
    (groups of at least 1% of the population and at least `MIN_AGENTS` agents).

    Counts are in people (agents x `people_per_agent`); each outcome dict also carries its
    agent counts (`agents`, `agent_counts`), so a reader can see what a number rests on."""
    p, w = model.population, model.world
    args = (p.state, p.safe_day, p.informed_day)
    ppa = 1.0 / model.scale  # people per agent
    # Household members take their head's day home (the head carries the household's journey).
    home_day = np.where(np.isnan(p.home_day), p.home_day[p.head], p.home_day)
    held = {
        "days_border": p.days_border,
        "days_waiting": p.days_waiting,
        "days_detained": p.days_detained,
        "home_day": home_day,
        "left_day": p.left_day,
    }

    def by(codes: np.ndarray, labels: list[str]) -> dict[str, Any]:
        groups = {}
        for k, label in enumerate(labels):
            m = codes == k
            if m.any():
                sub = {key: a[m] for key, a in held.items()}
                groups[label] = _outcomes(*(a[m] for a in args), w.place_host, p.place[m], ppa, sub)
        return groups

    summary = {
        "people_per_agent": ppa,
        "min_agents": MIN_AGENTS,
        **_outcomes(*args, w.place_host, p.place, ppa, held),
    }
    summary["by_status"] = by(p.status, names(Status))
    summary["by_documentation"] = by(p.doc_start, names(Doc))
    summary["by_nationality"] = by(p.nationality, w.nat_ids)
    floor = 0.01 * p.n
    gaps = {}
    for key in ("by_status", "by_documentation", "by_nationality"):
        shares = {
            g: v["reached_safety"]["share"]
            for g, v in summary[key].items()
            if v["agents"] >= floor and v["agents"] >= MIN_AGENTS
        }
        if len(shares) >= 2:
            best, worst = max(shares, key=shares.get), min(shares, key=shares.get)
            gaps[key] = {"gap": shares[best] - shares[worst], "best": best, "worst": worst}
    summary["equity_gap"] = gaps
    summary["days"] = model.days
    summary["scenario"] = model.case.name
    return summary


def institutions_frame(model: EvacuationModel) -> pd.DataFrame:
    """Per service point: people passed, refused and detained, and the same in agents."""
    ppa = 1.0 / model.scale
    rows = []
    for sp in model.service_points:
        row: dict[str, Any] = {"label": sp.label, "kind": type(sp).__name__}
        for key in ("passed", "refused", "detained"):
            row[key] = people(getattr(sp, key), ppa)
        for key in ("passed", "refused", "detained"):
            row[f"{key}_agents"] = int(getattr(sp, key))
        rows.append(row)
    return pd.DataFrame(rows)


@functools.cache
def code_state() -> tuple[str | None, bool | None]:
    """The package's git commit and whether it has uncommitted changes, read once per process:
    the code a process runs is the code it imported, and a sweep worker runs hundreds of jobs
    (two `git` calls per run were a noticeable part of a small run's cost)."""
    here = Path(micic_sim.__file__).parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=here, timeout=5
        ).stdout.strip()
        dirty = (
            bool(
                subprocess.run(
                    ["git", "status", "--porcelain", "--", "."],
                    capture_output=True,
                    text=True,
                    cwd=here,
                    timeout=5,
                ).stdout.strip()
            )
            if commit
            else None
        )
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", None
    return commit or None, dirty


def provenance(model: EvacuationModel, config: dict[str, Any] | None) -> dict[str, Any]:
    import mesa
    import numba

    commit, dirty = code_state()
    return {
        "micic_sim": micic_sim.__version__,
        "git_commit": commit,
        "git_dirty": dirty,  # uncommitted changes to the package: results may not reproduce
        "seed": model.seed,
        "scenario": str(model.case.path),
        # The files the run was made from (read with them through the cache), else as now.
        "scenario_fingerprint": model.case.fingerprint or scenario_fingerprint(model.case.path),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "mesa": mesa.__version__,
        "pandas": pd.__version__,
        "numba_threads": numba.get_num_threads(),
        "dt_hours": model.dt * 24,
        "steps": model.steps,
        "population": model.population.n,
        "timings_s": {k: round(v, 4) for k, v in model.timings.seconds.items()},
    }


LOCK_FILE = ".micic.lock"  # flock'd while a run or a collect writes the folder
HOLDER_FILE = ".micic.lock.holder"  # who holds it, for the message a second writer gets
_HELD: set[Path] = set()  # folders this process holds (a nested writer re-enters)


class FolderBusy(RuntimeError):
    """Another process is writing this run (or sweep) folder."""


@contextmanager
def folder_lock(folder: str | Path, what: str = "run") -> Iterator[Path]:
    """Hold `folder` for writing (an OS file lock, released even if the process is killed).
    A second writer, from any process, gets `FolderBusy` naming the holder instead of
    silently overwriting or interleaving files."""
    from filelock import FileLock, Timeout

    path = Path(folder).absolute()
    if path in _HELD:
        yield path
        return
    path.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path / LOCK_FILE, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            holder = (path / HOLDER_FILE).read_text().strip()
        except OSError:
            holder = "another process"
        raise FolderBusy(
            f"{path}: this {what} folder is being written by {holder}; wait for it to finish"
            " or write somewhere else"
        ) from None
    _HELD.add(path)
    try:
        started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        program = "micic-sim" if sys.argv[0].endswith("__main__.py") else Path(sys.argv[0]).name
        command = " ".join([program, *sys.argv[1:]])
        (path / HOLDER_FILE).write_text(
            f"pid {os.getpid()} on {socket.gethostname()} since {started} ({command})\n"
        )
        yield path
    finally:
        _HELD.discard(path)
        (path / HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


#: Temporary files being written by `atomic_write` in this process. A sweep worker whose sweep
#: is gone interrupts its job and exits a few seconds later (micic_sim.sweep): a job still inside
#: a long C call then never reaches its own clean-up, so the worker removes these first.
_WRITING: set[str] = set()


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    _WRITING.add(tmp)
    try:
        os.close(fd)
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _WRITING.discard(tmp)


def remove_unfinished_writes() -> None:
    """Remove the temporary files of writes still under way (before a forced exit)."""
    for tmp in list(_WRITING):
        Path(tmp).unlink(missing_ok=True)


def _json(obj: Any) -> Callable[[Path], None]:
    return lambda p: p.write_text(json.dumps(obj, indent=2, default=str) + "\n")


def write_run(
    model: EvacuationModel,
    out_dir: str | Path,
    config: dict[str, Any] | None = None,
    *,
    agents: bool = True,
) -> dict[str, Any]:
    """Write the run folder (see module docstring), holding its lock; returns the summary."""
    with folder_lock(out_dir):
        return _write_run(model, Path(out_dir), config, agents=agents)


def _write_run(
    model: EvacuationModel, out: Path, config: dict[str, Any] | None, *, agents: bool
) -> dict[str, Any]:
    (out / SUMMARY_FILE).unlink(missing_ok=True)
    if config is not None:
        import yaml

        # libyaml's emitter where PyYAML has it: the same text, a fraction of the CPU (a sweep
        # writes one config per run).
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        atomic_write(
            out / "config.yaml",
            lambda p: p.write_text(yaml.dump(config, Dumper=dumper, sort_keys=False)),
        )
    atomic_write(
        out / "timeseries.parquet", lambda p: model.timeseries().to_parquet(p, index=False)
    )
    if agents:
        atomic_write(
            out / "agents.parquet", lambda p: model.agents_frame().to_parquet(p, index=False)
        )
    atomic_write(
        out / "institutions.parquet", lambda p: institutions_frame(model).to_parquet(p, index=False)
    )
    atomic_write(out / "provenance.json", _json(provenance(model, config)))
    summary = summarise(model)
    atomic_write(out / SUMMARY_FILE, _json(summary))
    return summary


def is_complete(run_dir: str | Path) -> bool:
    return (Path(run_dir) / SUMMARY_FILE).exists()


def _agents(s: dict[str, Any], key: str | None = None) -> int:
    """Agents behind the whole run (or behind count `key`); summaries written before
    people_per_agent existed counted one agent per person."""
    if key is None:
        return int(s.get("agents", s["population"]))
    return int(s.get("agent_counts", {}).get(key, s[key]))


def _ppa(s: dict[str, Any]) -> str:
    ppa = float(s.get("people_per_agent", 1.0))
    return f"{ppa:,.0f}" if ppa >= 100 else f"{ppa:,.3g}"


def _count(key: str) -> Callable[[dict[str, Any]], str]:
    """A count in people, marked '*' when it rests on fewer than MIN_AGENTS agents (but not
    when it is zero: none is none at any scale)."""

    def fmt(s: dict[str, Any]) -> str:
        k = _agents(s, key)
        return f"{s[key]:,}" + ("*" if 0 < k < MIN_AGENTS else "")

    return fmt


def summary_table(summaries: dict[str, dict[str, Any]]) -> str:
    """A short readable table of key outcomes, one column per run (e.g. per policy). Counts
    are in people, with the agents they rest on and the people per agent; a count resting on
    fewer than MIN_AGENTS agents is marked '*'."""
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("people", lambda s: f"{s['population']:,}"),
        ("simulated agents", lambda s: f"{_agents(s):,}"),
        ("people per agent", _ppa),
        (
            "reached safety",
            lambda s: f"{s['reached_safety']['count']:,} ({s['reached_safety']['share']:.1%})",
        ),
        (
            "median days to safety",
            lambda s: (
                "-" if s["median_days_to_safety"] is None else f"{s['median_days_to_safety']:.1f}"
            ),
        ),
        (
            "median days to informed",
            lambda s: (
                "-"
                if s["median_days_to_informed"] is None
                else f"{s['median_days_to_informed']:.1f}"
            ),
        ),
        ("harmed", _count("harmed")),
        ("stranded", _count("stranded")),
        ("detained", _count("detained")),
        ("in shelter", _count("in_shelter")),
        ("waiting abroad", _count("waiting_abroad")),
        ("home (repatriated)", _count("repatriated")),
        ("still at home", _count("still_home")),
    ]
    cols = list(summaries)
    for col in cols:
        for key in ("by_status", "by_nationality"):
            gap = summaries[col].get("equity_gap", {}).get(key)
            if gap and ("gap " + key[3:]) not in [r[0] for r in rows]:
                rows.append(
                    (
                        "gap " + key[3:],
                        lambda s, key=key: (
                            "-"
                            if key not in s.get("equity_gap", {})
                            else f"{s['equity_gap'][key]['gap']:.0%} "
                            f"({s['equity_gap'][key]['worst']})"
                        ),
                    )
                )
    width = max(len(r[0]) for r in rows) + 2
    colw = max(18, *(len(c) + 2 for c in cols))
    lines = ["".ljust(width) + "".join(c.rjust(colw) for c in cols)]
    for label, fmt in rows:
        lines.append(label.ljust(width) + "".join(fmt(summaries[c]).rjust(colw) for c in cols))
    if any("*" in line for line in lines[1:]):
        lines.append(f"* rests on fewer than {MIN_AGENTS} simulated agents: indicative only")
    return "\n".join(lines)
