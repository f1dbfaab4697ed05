"""Scenario files: format, loading and validation (see docs/scenario-format.md)."""

from micic_sim.scenario.loader import (
    Nationality,
    Scenario,
    bundled_scenarios_dir,
    load_scenario,
    resolve_scenario_path,
)
from micic_sim.scenario.tables import ConfigError, ScenarioError

__all__ = [
    "ConfigError",
    "Nationality",
    "Scenario",
    "ScenarioError",
    "bundled_scenarios_dir",
    "load_scenario",
    "resolve_scenario_path",
]
