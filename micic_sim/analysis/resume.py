"""Resume an interrupted sweep: skip a run whose folder already holds a complete result for
the same configuration.

A sweep of many levers x seeds can take hours; if it stops (a laptop closed, a job killed),
re-launching it into the same sweep folder should only run what is missing. A run is complete
when its folder has summary.json (written last by results.write_run). It counts as "the same
run" when the config.yaml it wrote equals the config about to run, ignoring settings that do
not change results (progress bar, thread count, where the folder is), and its scenario's files
are those it was made from (the fingerprint in provenance.json: a re-fitted or edited scenario
has the same name in the config but gives other numbers), by the same code (micic-sim's version
and, in a git checkout, its commit: an upgraded model gives other numbers from the same config).
Uncommitted edits cannot be told apart: a run made from a checkout with uncommitted changes is
reused by the same commit with uncommitted changes; pass `run.resume=false` while editing the
model.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from micic_sim.results import SUMMARY_FILE
from micic_sim.scenario.tables import ScenarioError

# Settings that do not change a run's results (results do not depend on the thread count).
IGNORED = {
    ("run", "progress"),
    ("run", "threads"),
    ("run", "compare_baseline"),
    ("run", "resume"),
    ("run", "out_dir"),
    ("run", "write_agents"),  # checked on its own: asked for and missing is not complete
}


def _comparable(config: Mapping[str, Any]) -> dict[str, Any]:
    """The config as plain data without the ignored settings (round-tripped through YAML so a
    config read from disk and one built in memory compare equal)."""
    data = yaml.safe_load(yaml.safe_dump(json.loads(json.dumps(dict(config), default=str))))
    for section, key in IGNORED:
        if isinstance(data.get(section), dict):
            data[section].pop(key, None)
    return data


def already_complete(out_dir: str | Path, config: Mapping[str, Any] | None = None) -> bool:
    """True if `out_dir` holds a complete run (summary.json) and, when `config` is given, that
    run used the same config (see module docstring); also False when the config asks for the
    agent table and the folder has none."""
    out = Path(out_dir)
    if not (out / SUMMARY_FILE).is_file():
        return False
    if config is None:
        return True
    saved_path = out / "config.yaml"
    if not saved_path.is_file():
        return False
    try:  # a damaged file (not UTF-8, not YAML or JSON, the wrong shape): run it again
        saved = yaml.safe_load(saved_path.read_text()) or {}
        made_from = json.loads((out / "provenance.json").read_text())
        load_summary(out)
    except (OSError, ValueError, yaml.YAMLError):
        return False
    if not isinstance(saved, dict) or not isinstance(made_from, dict):
        return False
    if _comparable(saved) != _comparable(config):
        return False
    if not _same_code(made_from):
        return False
    if "scenario" in config and not _same_scenario_files(made_from, config["scenario"]):
        return False
    wants_agents = bool((config.get("run") or {}).get("write_agents", False))
    return not (wants_agents and not (out / "agents.parquet").is_file())


def load_summary(out_dir: str | Path) -> dict[str, Any]:
    """The summary of a complete run (what run_from_config returns when it skips a run)."""
    summary = json.loads((Path(out_dir) / SUMMARY_FILE).read_text())
    if not isinstance(summary, dict) or not {"scenario", "population", "reached_safety"} <= set(
        summary
    ):
        raise ValueError(f"{Path(out_dir) / SUMMARY_FILE} is not a complete run summary")
    return summary


def _same_code(made_from: Mapping[str, Any]) -> bool:
    """Was the run made by this version of micic-sim (and, in a git checkout, this commit, with
    or without uncommitted changes as now)?"""
    import micic_sim
    from micic_sim.results import code_state

    if made_from.get("micic_sim") != micic_sim.__version__:
        return False
    commit, dirty = code_state()
    return (made_from.get("git_commit"), made_from.get("git_dirty")) == (commit, dirty)


def _same_scenario_files(made_from: Mapping[str, Any], scenario: Any) -> bool:
    """Was the run made from the scenario's files as they are now?"""
    from micic_sim.scenario.cache import scenario_fingerprint

    try:
        recorded = made_from.get("scenario_fingerprint")
        return recorded is not None and recorded == scenario_fingerprint(scenario)
    except (OSError, ValueError, ScenarioError):
        return False
