"""Command line: `micic-sim run ...` (Hydra) and the other subcommands.

`micic-sim --help` (or `micic-sim help`) lists them with the scenarios and policy presets;
`micic-sim run --help` shows Hydra's help for a run's settings.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from micic_sim.resources import config_dir

CONFIG_DIR = config_dir()
COMMANDS = {
    "run": "one run (or a sweep with -m); prints a summary table in people",
    "collect": "gather a sweep's runs into tidy Parquet tables",
    "export": "write a run's or a sweep's tables to CSV and Excel (units in the headers)",
    "report": "HTML/PDF workshop brief of a run or a sweep",
    "scenarios": "list the scenarios (bundled and in $MICIC_SCENARIOS) with their titles",
    "parameters": "list the behaviour parameters with their units and meanings",
    "check": "validate a scenario folder and describe it",
    "import-flee": "import a Flee conflict folder as a scenario",
    "validate": "score a scenario's runs against observed camp counts",
    "calibrate": "fit behaviour parameters to observed series (several at once, weighted)",
    "explore": "sample the scenario's uncertain assumptions x policies: what matters, robustness",
    "dashboard": "planning dashboard in the browser (127.0.0.1; --room to serve a room)",
    "help": "this help",
}
SUBCOMMANDS = set(COMMANDS) - {"run", "help", "dashboard"}


def usage() -> str:
    """The top-level help: commands, scenarios, policy presets and where to read more."""
    from micic_sim.resources import (
        ENV,
        available_scenarios,
        missing_user_dirs,
        policy_presets,
        scenario_title,
    )

    width = max(map(len, COMMANDS)) + 2
    lines = [
        "usage: micic-sim <command> [options]   (no command: run)",
        "",
        "Simulates how migrants get out of a country in crisis, and how much the MICIC",
        "guidelines' levers change that. Every count is in people (simulated agents x people",
        "per agent), with the agents beside it.",
        "",
        "commands:",
        *(f"  {name.ljust(width)}{what}" for name, what in COMMANDS.items()),
        "",
        "scenarios (scenario=<name>, or a folder's path):",
    ]
    found = available_scenarios()
    nw = max((len(n) for n in found), default=0) + 2
    default = _default_scenario()
    lines += [
        f"  {n.ljust(nw)}{scenario_title(p)}{'  (default)' if n == default else ''}"
        for n, p in found.items()
    ] or ["  (none)"]
    lines += [
        f"  add your own scenario folders with {ENV}=<folder>[{os.pathsep}<folder>...]",
        *([f"  warning: {missing_user_dirs()}"] if missing_user_dirs() else []),
        "",
        "policy presets (policy=<name> or policy=[a,b]):",
        *_wrap(", ".join(policy_presets()), "  "),
        "",
        "examples:",
        "  micic-sim run scenario=demo policy=guidelines seed=3",
        "  micic-sim run -m scenario=demo policy=baseline,firewall seed='range(5)'",
        "  micic-sim run scenario=demo behaviour.leave_rate=0.5   (see: micic-sim parameters)",
        "  micic-sim collect runs/sweeps/<timestamp> && micic-sim report runs/sweeps/<timestamp>",
        "",
        "micic-sim <command> --help for a command's options; micic-sim run --help for Hydra's.",
    ]
    return "\n".join(lines)


def _default_scenario() -> str:
    from micic_sim.config import MicicConfig

    return MicicConfig.scenario


def _wrap(text: str, indent: str, width: int = 88) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)


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
    _register_ray_launcher()
    if not OmegaConf.has_resolver("micic.slug"):
        OmegaConf.register_new_resolver("micic.slug", slug)
    if not OmegaConf.has_resolver("micic.policy"):
        OmegaConf.register_new_resolver("micic.policy", policy_name)


def _register_ray_launcher() -> None:
    """Make `hydra/launcher=ray` our batched Ray launcher (hydra_plugins/micic_ray_launcher).
    Hydra finds it by scanning the `hydra_plugins` namespace package when micic-sim is
    installed from a wheel, but not in a `pip install -e` (setuptools' editable finder makes
    the module importable, not visible to the scan): registered by hand, which is harmless when
    the scan found it too. Nothing to do without the Ray launcher (micic-sim[cluster])."""
    try:
        from hydra_plugins.micic_ray_launcher.launcher import BatchedRayLauncher
    except ImportError:
        return
    from hydra.core.plugins import Plugins

    Plugins.instance().register(BatchedRayLauncher)


def announce_compiling() -> None:
    """Say so, once, when Numba starts compiling a kernel: on a first run on a machine (or
    after an update) compiling takes tens of seconds before the first step, which otherwise
    looks like a hang. Later runs load the compiled kernels from Numba's cache silently."""
    from numba.core import event

    if getattr(announce_compiling, "done", False):
        return

    class Notice(event.Listener):
        said = False

        def on_start(self, ev: event.Event) -> None:
            if not self.said:
                self.said = True
                print(
                    "Compiling the simulation kernels (first run on this machine or after an "
                    "update; this takes a minute or so once, later runs start at once) ...",
                    file=sys.stderr,
                    flush=True,
                )

        def on_end(self, ev: event.Event) -> None:
            pass

    event.register("numba:compile", Notice())
    announce_compiling.done = True  # type: ignore[attr-defined]


def run_from_config(cfg: Any) -> dict[str, Any]:
    """Run one configured simulation and write its folder. Used by the Hydra app and tests."""
    announce_compiling()  # before the model's import: some kernels compile when imported
    from omegaconf import OmegaConf

    container = OmegaConf.to_container(cfg, resolve=True)
    out_dir = cfg.run.out_dir
    launcher = None
    try:
        from hydra.core.hydra_config import HydraConfig

        hc = HydraConfig.get()
        out_dir = hc.runtime.output_dir
        if hc.mode.name == "MULTIRUN":  # jobs x threads within the cores
            launcher = OmegaConf.to_container(hc.launcher, resolve=False)
    except ValueError:  # not under Hydra (tests, notebooks)
        pass
    from micic_sim.analysis.resume import already_complete, load_summary
    from micic_sim.results import folder_lock
    from micic_sim.sweep import exit_with_main

    exit_with_main()  # in a sweep's worker: exit if the sweep is killed

    with folder_lock(out_dir):  # a second run into this folder refuses, naming this one
        if cfg.run.resume and already_complete(out_dir, container):
            return load_summary(out_dir)  # a restarted sweep skips the runs already done
        return _run_into(cfg, container, out_dir, launcher)


def _run_into(
    cfg: Any, container: dict[str, Any], out_dir: str, launcher: dict[str, Any] | None = None
) -> dict[str, Any]:
    from micic_sim.model import EvacuationModel
    from micic_sim.results import write_run
    from micic_sim.threads import set_job_threads

    model = EvacuationModel.from_config(container)
    # Threads: the job's share of the cores, no more than its population is worth.
    adapt = set_job_threads(cfg.run.threads, launcher, agents=model.population.n)
    between = adapt.update if adapt is not None else None  # fewer threads on a busy machine
    model.run(progress=cfg.run.progress and sys.stderr.isatty(), between_steps=between)
    return write_run(model, out_dir, container, agents=cfg.run.write_agents)


def _hydra_main(cfg: Any) -> None:
    import logging

    from hydra.core.hydra_config import HydraConfig

    from micic_sim.results import summary_table
    from micic_sim.units import scale_note

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    from micic_sim.sweep import compose_seeds_once

    compose_seeds_once()  # this process's next jobs of a seed sweep: composed once
    from micic_sim.inputs import INPUT_ERROR, USER_ERRORS

    try:
        summary = run_from_config(cfg)
    except USER_ERRORS as exc:  # e.g. a run folder another run is writing
        if os.environ.get("HYDRA_FULL_ERROR") == "1":
            raise
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(INPUT_ERROR)
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
        columns = {"baseline": _baseline(cfg, Path(out)), **columns}
    scale = scale_note(
        summary.get("agents", summary["population"]), summary.get("people_per_agent", 1.0)
    )
    print(
        f"\n{summary['scenario']} - {summary['population']:,} people ({scale}),"
        f" {summary['days']:g} days, seed {cfg.seed}\n"
    )
    print(summary_table(columns))
    print(f"\nrun folder: {out}")


def _baseline(cfg: Any, out: Path) -> dict[str, Any]:
    """The baseline beside a policy run: an identical complete baseline run is reused (the
    one in `<out>/baseline`, or the scenario's own `.../baseline/seed<n>` run folder), else
    it is run into `<out>/baseline`."""
    from omegaconf import OmegaConf

    from micic_sim.analysis.resume import already_complete, load_summary
    from micic_sim.model import EvacuationModel
    from micic_sim.results import write_run

    base = OmegaConf.to_container(cfg, resolve=True)
    base["levers"] = {}
    base["run"]["write_agents"] = False
    base_cfg = OmegaConf.merge(OmegaConf.structured(_schema()), base)
    base_cfg.run.out_dir = str(out / "baseline")
    container = OmegaConf.to_container(base_cfg)
    candidates = [out / "baseline"]
    if out.name.startswith("seed"):  # runs/<scenario>/<policy>/seed<n>: a baseline run beside
        candidates.append(out.parent.parent / "baseline" / out.name)
    for folder in candidates:
        if cfg.run.resume and already_complete(folder, container):
            print(f"baseline: reusing the identical run in {folder}", file=sys.stderr)
            return load_summary(folder)
    print("baseline: running the same scenario and seed without levers", file=sys.stderr)
    m = EvacuationModel.from_config(base).run(progress=cfg.run.progress and sys.stderr.isatty())
    return write_run(m, base_cfg.run.out_dir, container, agents=False)


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


def absolute_config_path(argv: list[str]) -> list[str]:
    """`--config-path <folder>` (`-cp`) read from the current folder, as a user expects and as
    `--config-dir` is: Hydra reads a relative one from micic-sim's own package, where it never
    is. Raises a ConfigError for a spelling this cannot rewrite (an abbreviated option)."""
    from hydra._internal.utils import get_args_parser

    from micic_sim.scenario import ConfigError

    def absolute(path: str) -> str:
        if path.startswith("pkg://") or not path:
            return path
        return str(Path(path).expanduser().absolute())

    out: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token in ("--config-path", "-cp"):
            out += [token, absolute(next(tokens, ""))]
        elif token.startswith(("--config-path=", "-cp=")):
            option, _, path = token.partition("=")
            out.append(f"{option}={absolute(path)}")
        else:
            out.append(token)
    try:
        path = get_args_parser().parse_args(out).config_path
    except SystemExit:  # a usage error: Hydra reports it in its own words
        return out
    if path and not (path.startswith("pkg://") or Path(path).is_absolute()):
        raise ConfigError("--config-path", f"write it in full: --config-path {path}")
    return out


def _dispatch(argv: list[str]) -> None:
    if argv and argv[0] in ("help", "--help", "-h"):
        if len(argv) > 1 and argv[1] in SUBCOMMANDS:  # `micic-sim help collect`
            _dispatch([argv[1], "--help"])
        if len(argv) > 1 and argv[1] == "run":
            _dispatch(["run", "--help"])
            return
        print(usage())
        return
    if argv and argv[0] in SUBCOMMANDS:
        from micic_sim import commands

        sys.exit(commands.dispatch(argv[0], argv[1:]))
    if argv and argv[0] == "dashboard":
        from micic_sim.dashboard import main as dashboard_main

        sys.exit(dashboard_main(argv[1:]))
    if argv and argv[0] == "run":
        argv = argv[1:]
    elif argv and not argv[0].startswith(("-", "~", "+")) and "=" not in argv[0]:
        from micic_sim.scenario import ConfigError
        from micic_sim.scenario.tables import suggest

        # A bare word is no setting (key=value): a mistyped command, said as one.
        raise ConfigError(
            "command",
            f"unknown command '{argv[0]}'"
            + suggest(argv[0], COMMANDS)
            + f"; commands: {', '.join(COMMANDS)} (micic-sim help)",
        )
    if "--help" in argv or "-h" in argv:
        print(
            "micic-sim run [key=value ...]: the settings below, set on the command line.\n"
            "behaviour.* parameters (null = the scenario's value) with units and meanings: "
            "micic-sim parameters\nscenarios: micic-sim scenarios; all commands: micic-sim help\n"
        )
        hydra_app(argv)
        return
    from contextlib import nullcontext

    from micic_sim.inputs import check_hydra_run
    from micic_sim.results import folder_lock
    from micic_sim.sweep import compose_each_choice_once, compose_seeds_once, mark_main

    _register()
    mark_main()  # a sweep's workers exit when this process does
    argv = absolute_config_path(argv)
    folder = check_hydra_run(CONFIG_DIR, "config", argv)  # before Hydra makes any folder
    if "-m" in argv or "--multirun" in argv:
        compose_each_choice_once()  # every value is checked above
        compose_seeds_once()
    with folder_lock(folder) if folder is not None else nullcontext():  # before Hydra's files
        hydra_app(argv)


def main(argv: list[str] | None = None) -> None:
    """Every input error (scenario file, config key, busy run folder) is one line naming what
    to fix, exit status 2 (`INPUT_ERROR`, as every command's own input errors); `--debug` or
    HYDRA_FULL_ERROR=1 shows the traceback instead."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = _debug(argv)
    from micic_sim.inputs import INPUT_ERROR, USER_ERRORS

    try:
        _dispatch(argv)
    except USER_ERRORS as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(INPUT_ERROR)
    except BrokenPipeError:  # output piped into a reader that stopped (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's advice
        sys.exit(1)


if __name__ == "__main__":
    main()
