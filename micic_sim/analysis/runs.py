"""Find run folders and read what identifies a run: scenario, policy, seed and levers.

Every other analysis module starts from these, so a run is described the same way in the
collected tables, the comparisons, the charts and the report.

A run folder is complete when it holds `summary.json` (results.py writes it last). The policy
name comes from the folder layout the CLI writes (`.../<scenario>/<policy>/seed<n>/`); folders
written another way (e.g. from Python) get a name derived from their enabled levers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.results import SUMMARY_FILE
from micic_sim.scenario.tables import ScenarioError, parse_yaml, read_text

SEED_DIR = re.compile(r"^seed(-?\d+)$")
BASELINE = "baseline"
GUIDELINES = "guidelines"


@dataclass(frozen=True)
class RunInfo:
    """What identifies one run in tables and charts."""

    path: Path
    run_id: str  # the folder relative to the collection root ("." for the root itself)
    scenario: str
    policy: str
    seed: int
    levers: tuple[str, ...]  # enabled levers, in catalogue order
    lever_settings: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)

    @property
    def levers_label(self) -> str:
        """'none', or the enabled levers joined by '+' (a stable key for grouping)."""
        return "+".join(self.levers) if self.levers else "none"


def is_complete(run_dir: str | Path) -> bool:
    return (Path(run_dir) / SUMMARY_FILE).is_file()


def find_runs(root: str | Path) -> list[Path]:
    """Complete run folders under `root` (or `root` itself), sorted for stable output."""
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"no such folder: {root}")
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is a file: give a run folder or a sweep folder")
    found = {p.parent for p in root.rglob(SUMMARY_FILE) if p.is_file()}
    return sorted(found, key=lambda p: p.as_posix())


class RunFolderError(ScenarioError):
    """A damaged file in a run folder (edited by hand, or a disk fault: micic-sim writes each
    file whole). The message names the file and what to do, as for a scenario's files."""


def read_config(run_dir: str | Path) -> dict[str, Any]:
    """The resolved config a run wrote (empty if the folder has none)."""
    path = Path(run_dir) / "config.yaml"
    if not path.exists():
        return {}
    text = _text(path)
    try:
        config = parse_yaml(path, text, RunFolderError)
    except RunFolderError as exc:
        raise RunFolderError(path, f"{exc.problem}; {_REDO}", row=exc.row) from None
    if config is not None and not isinstance(config, dict):
        raise RunFolderError(path, f"is not a run config (a mapping); {_REDO}")
    return config or {}


def read_summary(run_dir: str | Path) -> dict[str, Any]:
    """The summary a complete run wrote last."""
    path = Path(run_dir) / SUMMARY_FILE
    summary = read_json(path, "run summary")
    if not isinstance(summary, dict):
        raise RunFolderError(path, f"is not a run summary (a JSON object); {_REDO}")
    return summary


def read_json(path: str | Path, what: str = "JSON file") -> Any:
    """A JSON file of a run folder (summary.json, provenance.json)."""
    path = Path(path)
    text = _text(path)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise RunFolderError(path, f"is not a readable {what} ({exc}); {_REDO}") from None


def read_parquet(path: str | Path) -> pd.DataFrame:
    """A table of a run folder (timeseries, institutions, agents): a damaged or truncated
    file is an error naming it, not pyarrow's traceback."""
    path = Path(path)
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        reason = str(exc).split(f"'{path}': ")[-1] or type(exc).__name__
        raise RunFolderError(path, f"is not a readable table ({reason}); {_REDO}") from None


def _text(path: Path) -> str:
    """A run file's text; its faults read as the scenario files' do, with what to do."""
    try:
        return read_text(path, RunFolderError)
    except RunFolderError as exc:
        raise RunFolderError(path, f"{exc.problem}; {_REDO}", row=exc.row) from None


_REDO = "run that run again, or delete its folder"


def enabled_levers(levers: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The enabled levers and their settings, in catalogue order (a stable key)."""
    levers = levers or {}
    return {
        name: dict(levers[name])
        for name in CATALOGUE
        if isinstance(levers.get(name), dict) and levers[name].get("enabled")
    }


def derived_policy(levers: tuple[str, ...]) -> str:
    """A policy name from enabled levers, matching the names of configs/policy/ files."""
    if not levers:
        return BASELINE
    if set(levers) == set(CATALOGUE):
        return GUIDELINES
    return "+".join(levers)


def run_info(run_dir: str | Path, root: str | Path | None = None) -> RunInfo:
    """Identify a run from its folder and config.yaml (see module docstring)."""
    run_dir = Path(run_dir)
    config = read_config(run_dir)
    summary_scenario = None
    if not config:
        summary_scenario = read_summary(run_dir).get("scenario")
    levers = enabled_levers(config.get("levers"))
    names = tuple(levers)
    seed_match = SEED_DIR.match(run_dir.name)
    if seed_match:
        policy = run_dir.parent.name
        seed = int(config.get("seed", seed_match.group(1)))
    else:
        policy = derived_policy(names)
        seed = int(config.get("seed", 0))
    scenario = str(config.get("scenario") or summary_scenario or "unknown").rstrip("/")
    scenario = Path(scenario).name if "/" in scenario else scenario
    if root is None:
        run_id = run_dir.name
    else:
        rel = run_dir.resolve().relative_to(Path(root).resolve())
        run_id = rel.as_posix() or "."
    return RunInfo(
        path=run_dir,
        run_id=run_id,
        scenario=scenario,
        policy=policy,
        seed=seed,
        levers=names,
        lever_settings=levers,
    )


def lever_label(name: str) -> str:
    """A readable lever or policy name for charts ('open_borders' -> 'Open borders')."""
    special = {
        "baseline": "Baseline (ordinary rules)",
        "guidelines": "All MICIC guidelines",
        "sar": "Search and rescue",
        "none": "No levers",
    }
    if name in special:
        return special[name]
    if "+" in name:
        return " + ".join(lever_label(part) for part in name.split("+"))
    return name.replace("_", " ").capitalize()
