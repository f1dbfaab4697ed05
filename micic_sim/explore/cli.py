"""`micic-sim explore [key=value ...]`: the exploration's settings are a Hydra config
(configs/exploration.yaml with the `explore/` group: explore=morris|sobol|lhs), composed with
the command line's overrides, so a typo in a key is an error naming it."""

from __future__ import annotations

import sys
from typing import Any

HELP = """usage: micic-sim explore [key=value ...]

Samples a scenario's uncertain assumptions (the ranges in its uncertainties.csv) with each
policy preset, runs every sample with the same seeds under each policy, and writes to
runs/explore/<scenario>/<method>/: the assumptions that most change each lever's effect
(Morris or Sobol indices, in people), policies ranked by regret (people), and PRIM boxes
(the conditions under which a lever helps least), with charts and report.md.

examples:
  micic-sim explore scenario=demo                      (Morris, 10 trajectories)
  micic-sim explore scenario=demo explore=sobol explore.n=64
  micic-sim explore scenario=libya_2011 explore=lhs explore.n=200 agents=10000 \\
      policies=[baseline,guidelines,firewall] seeds=[0,1] workers=2

settings (defaults):
"""


def compose(overrides: list[str]) -> dict[str, Any]:
    """The settings as a plain dict; errors name the key."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from hydra.errors import HydraException
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    from micic_sim.explore.config import ExploreConfig, register
    from micic_sim.inputs import hydra_error_message
    from micic_sim.resources import config_dir
    from micic_sim.scenario import ConfigError

    register()
    from micic_sim.overrides import check_switches, parse_overrides

    check_switches(parse_overrides(overrides), OmegaConf.structured(ExploreConfig))
    try:
        with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
            cfg = hydra_compose("exploration", overrides)
    except (HydraException, OmegaConfBaseException) as exc:
        raise ConfigError("command line", hydra_error_message(exc, ExploreConfig)) from exc
    return OmegaConf.to_container(cfg, resolve=True)  # type: ignore[return-value]


def main(args: list[str]) -> int:
    if "--help" in args or "-h" in args:
        import yaml

        print(HELP + yaml.safe_dump(compose([]), sort_keys=False))
        return 0
    cfg = compose(args)
    from micic_sim.cli import announce_compiling
    from micic_sim.explore.study import run_exploration
    from micic_sim.sweep import mark_main

    announce_compiling()
    mark_main()  # the worker processes exit if this one is killed
    x, out = run_exploration(cfg, progress=sys.stderr.isatty())
    print(f"{len(x.runs):,} runs in {x.seconds / 60:,.1f} min -> {out}")
    print(f"report: {out / 'report.md'}")
    return 0
