"""The schema of `micic-sim explore` (configs/exploration.yaml and the `explore/` group), so a
typo in any key is an error naming it, as for `micic-sim run`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MethodConfig:
    method: str = "morris"  # morris | sobol | lhs
    n: int = 10  # morris: trajectories; sobol: base samples (a power of 2); lhs: samples
    levels: int = 4  # morris grid levels
    seed: int = 0  # of the sampler (the runs' seeds are `seeds`)


@dataclass
class PrimConfig:
    outcome: str = "reached_safety"  # the gain in this outcome says whether a lever helped
    threshold: float | None = None  # people; None: 0 if >= 10% of samples, else lowest fifth
    min_density: float = 0.8  # the widest box with at least this density


@dataclass
class ExploreConfig:
    scenario: str = "demo"
    policies: list[str] = field(default_factory=lambda: ["baseline", "guidelines"])
    baseline: str = "baseline"  # effects are measured against this policy
    seeds: list[int] = field(default_factory=lambda: [0])  # every sample runs each seed
    agents: int | None = None  # simulated agents per run (None: the scenario's)
    days: float | None = None
    dt_hours: float | None = None
    workers: int = 2  # processes; several runs per process
    # Numba threads per worker. 1: many short runs gain more from running side by side than
    # from threads inside a run, and on a busy machine a run's threads wait for each other
    # (measured: a 300-agent demo run 3.4 s with 2 threads, 0.3 s with 1, at load 15).
    threads: int | None = 1
    outcomes: list[str] = field(
        default_factory=lambda: ["reached_safety", "left_behind", "harmed", "person_days_border"]
    )
    uncertainties: str | None = None  # a CSV; None: the scenario's uncertainties.csv
    out_dir: str | None = None  # None: runs/explore/<scenario>/<method>
    top: int = 5  # assumptions named per lever and outcome
    explore: MethodConfig = field(default_factory=MethodConfig)
    prim: PrimConfig = field(default_factory=PrimConfig)


def register() -> None:
    from hydra.core.config_store import ConfigStore

    ConfigStore.instance().store(name="explore_schema", node=ExploreConfig)
