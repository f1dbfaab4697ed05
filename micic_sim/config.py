"""The run configuration's schema, registered with Hydra so that a typo in any key, on the
command line or in a YAML file, is an error naming the key (Hydra structured configs).

The lever and behaviour sections are generated from `levers.catalogue` and `behaviour`, so each
setting is declared exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any

from micic_sim.behaviour import Behaviour
from micic_sim.levers.catalogue import CATALOGUE

LeversConfig = make_dataclass(
    "LeversConfig", [(name, cls, field(default_factory=cls)) for name, cls in CATALOGUE.items()]
)

# Behaviour overrides: every parameter, None = the scenario's value or the built-in default.
BehaviourConfig = make_dataclass(
    "BehaviourConfig", [(f.name, float | None, field(default=None)) for f in fields(Behaviour)]
)


@dataclass
class PopulationConfig:
    total: int | None = None  # rescale the scenario's population tables to this many agents


@dataclass
class RunConfig:
    out_dir: str | None = None  # run folder (default: runs/<scenario>/<policy>/seed<seed>)
    progress: bool = True  # progress bar on long runs
    write_agents: bool = True  # write the final agent table (agents.parquet)
    compare_baseline: bool = True  # a non-baseline single run also runs baseline and compares
    # Numba threads (results do not depend on it); None: the run's share of the cores (a
    # sweep's jobs split them), fewer while other processes keep cores busy
    threads: int | None = None
    resume: bool = True  # skip a run whose folder already holds a complete run of this config


@dataclass
class MicicConfig:
    scenario: str = "libya_2011"  # a bundled scenario's name or a path to a scenario folder
    seed: int = 0
    dt_hours: float | None = None  # step length; None: the scenario's `dt_hours`, else 6
    days: float | None = None  # default: the scenario's
    population: PopulationConfig = field(default_factory=PopulationConfig)
    run: RunConfig = field(default_factory=RunConfig)
    behaviour: Any = field(default_factory=BehaviourConfig)
    levers: Any = field(default_factory=LeversConfig)


def register() -> None:
    """Register the schema as `micic_schema` (used by configs/config.yaml's defaults)."""
    from hydra.core.config_store import ConfigStore

    ConfigStore.instance().store(name="micic_schema", node=MicicConfig)
