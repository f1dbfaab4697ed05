"""Command line: `micic-sim run ...` (Hydra) and the other subcommands.

micic-sim run [overrides]            one run (or a sweep with -m); prints a summary table
micic-sim collect <sweep dir>        gather a sweep's runs into tidy Parquet
micic-sim report <run or sweep dir>  HTML/PDF workshop brief
micic-sim import-flee <folder> <name>
micic-sim validate <scenario> --observed <folder>
micic-sim calibrate <scenario>
micic-sim check <scenario>           validate a scenario folder and describe it
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
SUBCOMMANDS = {"collect", "report", "import-flee", "validate", "calibrate", "check"}


def slug(value: Any) -> str:
    """A safe folder name for a scenario path or a policy choice like [firewall,hotline]."""
    text = str(value).strip("[]").rstrip("/")
    text = Path(text).name if "/" in text else text
    return re.sub(r"[^A-Za-z0-9_.-]+", "+", text).strip("+") or "run"


def policy_name() -> str:
    """The policy preset(s) of this run: Hydra's choice, or the `policy=[a,b]` list as `a+b`
    (Hydra records no choice for a list of presets)."""
    try:
        from hydra.core.hydra_config import HydraConfig

        hc = HydraConfig.get()
    except ValueError:
        return "custom"
    choice = hc.runtime.choices.get("policy")
    if choice not in (None, "None"):
        return str(choice)
    for override in hc.overrides.task:
        key, _, value = override.partition("=")
        if key.lstrip("+~") == "policy":
            return slug(value.replace(",", "+"))
    return "custom"


def _register() -> None:
    from omegaconf import OmegaConf

    from micic_sim.config import register

    register()
    if not OmegaConf.has_resolver("micic.slug"):
        OmegaConf.register_new_resolver("micic.slug", slug)
    if not OmegaConf.has_resolver("micic.policy"):
        OmegaConf.register_new_resolver("micic.policy", policy_name)


def run_from_config(cfg: Any) -> dict[str, Any]:
    """Run one configured simulation and write its folder. Used by the Hydra app and tests."""
    from omegaconf import OmegaConf

    if cfg.run.threads:
        import numba

        numba.set_num_threads(int(cfg.run.threads))
    container = OmegaConf.to_container(cfg, resolve=True)
    out_dir = cfg.run.out_dir
    try:
        from hydra.core.hydra_config import HydraConfig

        out_dir = HydraConfig.get().runtime.output_dir
    except ValueError:  # not under Hydra (tests, notebooks)
        pass
    from micic_sim.analysis.resume import already_complete, load_summary
    from micic_sim.results import folder_lock
    from micic_sim.sweep import exit_with_main

    exit_with_main()  # in a sweep's worker: exit if the sweep is killed

    with folder_lock(out_dir):  # a second run into this folder refuses, naming this one
        if cfg.run.resume and already_complete(out_dir, container):
            return load_summary(out_dir)  # a restarted sweep skips the runs already done
        return _run_into(cfg, container, out_dir)


def _run_into(cfg: Any, container: dict[str, Any], out_dir: str) -> dict[str, Any]:
    from micic_sim.model import EvacuationModel
    from micic_sim.results import write_run

    model = EvacuationModel(
        cfg.scenario,
        seed=cfg.seed,
        dt_hours=cfg.dt_hours,
        days=cfg.days,
        population_total=cfg.population.total,
        levers=container["levers"],
        behaviour=container["behaviour"],
    )
    model.run(progress=cfg.run.progress and sys.stderr.isatty())
    return write_run(model, out_dir, container, agents=cfg.run.write_agents)


def _hydra_main(cfg: Any) -> None:
    import logging

    from hydra.core.hydra_config import HydraConfig
    from omegaconf import OmegaConf

    from micic_sim.results import summary_table

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    from micic_sim.inputs import USER_ERRORS

    try:
        summary = run_from_config(cfg)
    except USER_ERRORS as exc:  # e.g. a run folder another run is writing
        if os.environ.get("HYDRA_FULL_ERROR") == "1":
            raise
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    policy = policy_name()
    out = HydraConfig.get().runtime.output_dir
    if HydraConfig.get().mode.name == "MULTIRUN":
        print(
            f"{slug(cfg.scenario)} {policy} seed={cfg.seed}: reached safety "
            f"{summary['reached_safety']['share']:.1%} -> {out}"
        )
        return
    columns = {policy: summary}
    if cfg.run.compare_baseline and policy not in ("baseline", "custom"):
        base = OmegaConf.to_container(cfg, resolve=True)
        base["levers"] = {}
        base_cfg = OmegaConf.merge(OmegaConf.structured(_schema()), base)
        base_cfg.run.out_dir = str(Path(out) / "baseline")
        from micic_sim.model import EvacuationModel
        from micic_sim.results import write_run

        m = EvacuationModel(
            cfg.scenario,
            seed=cfg.seed,
            dt_hours=cfg.dt_hours,
            days=cfg.days,
            population_total=cfg.population.total,
            behaviour=base["behaviour"],
        ).run()
        columns = {
            "baseline": write_run(
                m, base_cfg.run.out_dir, OmegaConf.to_container(base_cfg), agents=False
            ),
            **columns,
        }
    print(
        f"\n{summary['scenario']} - {summary['population']:,} agents, {summary['days']:g} days,"
        f" seed {cfg.seed}\n"
    )
    print(summary_table(columns))
    print(f"\nrun folder: {out}")


def _schema() -> Any:
    from micic_sim.config import MicicConfig

    return MicicConfig


def hydra_app(argv: list[str]) -> None:
    import hydra

    _register()
    sys.argv = [sys.argv[0], *argv]
    main = hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")(
        _hydra_main
    )
    main()


def _debug(argv: list[str]) -> bool:
    """`--debug` (removed from argv) or HYDRA_FULL_ERROR=1: show tracebacks of input errors."""
    found = "--debug" in argv
    while "--debug" in argv:
        argv.remove("--debug")
    return found or os.environ.get("HYDRA_FULL_ERROR") == "1"


def _dispatch(argv: list[str]) -> None:
    if argv and argv[0] in SUBCOMMANDS:
        from micic_sim import commands

        sys.exit(commands.dispatch(argv[0], argv[1:]))
    if argv and argv[0] == "run":
        argv = argv[1:]
    from contextlib import nullcontext

    from micic_sim.inputs import check_hydra_run
    from micic_sim.results import folder_lock
    from micic_sim.sweep import mark_main

    _register()
    mark_main()  # a sweep's workers exit when this process does
    folder = check_hydra_run(CONFIG_DIR, "config", argv)  # before Hydra makes any folder
    with folder_lock(folder) if folder is not None else nullcontext():  # before Hydra's files
        hydra_app(argv)


def main(argv: list[str] | None = None) -> None:
    """Every input error (scenario file, config key, busy run folder) is one line naming what
    to fix, exit status 2; `--debug` or HYDRA_FULL_ERROR=1 shows the traceback instead."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = _debug(argv)
    from micic_sim.inputs import USER_ERRORS

    try:
        _dispatch(argv)
    except USER_ERRORS as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
