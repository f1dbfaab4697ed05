"""One validation path for everything a run reads, used by `check`, `run`, `calibrate` and the
Python API (`EvacuationModel`).

The scenario's files are checked by `scenario.load_scenario` (errors name file, row and field);
this module checks the run's own settings against that scenario: step length, period, number
of agents, seed, behaviour and lever settings. Every error is a `ConfigError` naming the config
key as written on the command line (`population.total`, `levers.firewall.enabled`), raised
before anything is allocated or written, so a bad setting never costs a long run or leaves a
half-made folder.
"""

from __future__ import annotations

import difflib
import itertools
import math
import numbers
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from micic_sim.behaviour import Behaviour
from micic_sim.codes import COLUMNS, State
from micic_sim.levers.catalogue import Lever, parse_levers
from micic_sim.levers.rules import validate_where
from micic_sim.results import FolderBusy
from micic_sim.scenario import ConfigError, Scenario, ScenarioError
from micic_sim.scenario.tables import is_number, suggest
from micic_sim.world import World

#: Working copies on top of the agent columns (sorting, the final agent table, kernels'
#: scratch arrays): the estimate errs high so that a run it lets through does not run out.
AGENT_OVERHEAD = 4.0
DEFAULT_DT_HOURS = 6.0
MAX_AGENTS = 2**31 - 1  # agent indices are 32-bit in the kernels' queues

# Errors a user can fix by changing an input: the CLI prints these as one line, exit status 2.
USER_ERRORS: tuple[type[BaseException], ...] = (ScenarioError, FolderBusy)
#: Exit status of every command for an input to fix (a file, a setting, a folder; argparse's
#: usage errors are 2 too); 1 is left for a run that failed and for output cut off (`| head`).
INPUT_ERROR = 2


@dataclass(frozen=True)
class RunPlan:
    """The checked settings of one run (what `EvacuationModel` builds from)."""

    seed: int
    dt_hours: float
    days: float
    n_steps: int
    agents: int | None  # None: one agent per person counted in population.csv
    behaviour: Behaviour
    levers: dict[str, Lever]
    memory_bytes: int


def machine_memory() -> int:
    """Physical memory in bytes (16 GiB when the platform does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return 16 * 2**30


def memory_estimate(case: Scenario, agents: int, n_steps: int) -> int:
    """Bytes a run needs, roughly and on the high side: the agent columns with working copies,
    plus the per-step records (counts per place, state, nationality and service point) and
    the tidy time series built from them."""
    per_agent = sum(np.dtype(d).itemsize for d in COLUMNS.values()) * AGENT_OVERHEAD
    groups = (
        len(case.places)
        + len(State) * (len(case.nationalities) + 8)
        + 4 * (len(case.links) + len(case.crossings) + len(case.consulates) + 8)
    )
    per_step = groups * 8 * 6  # the record, then a tidy row (day, metric, group, value) each
    return int(agents * per_agent + n_steps * per_step)


def _whole(key: str, value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(key, f"must be a whole number >= {minimum}, got {value!r}")
    if value < minimum:
        raise ConfigError(key, f"must be >= {minimum}, got {value}")
    return int(value)


def check_run(
    case: Scenario,
    *,
    seed: Any = 0,
    dt_hours: Any = None,
    days: Any = None,
    population_total: Any = None,
    levers: Any = None,
    behaviour: Any = None,
    memory_limit: int | None = None,
) -> RunPlan:
    """Check a run's settings against its scenario; returns them typed, or raises a
    `ConfigError` naming the key. `memory_limit` (bytes) defaults to the machine's memory."""
    seed = _whole("seed", seed, minimum=0)
    if dt_hours is None:
        dt_hours = case.dt_hours or DEFAULT_DT_HOURS
    elif not is_number(dt_hours) or not 0 < dt_hours <= 24:
        raise ConfigError("dt_hours", f"must be a number of hours in (0, 24], got {dt_hours!r}")
    if days is None:
        days = case.days
    elif not is_number(days) or days <= 0:
        raise ConfigError("days", f"must be a positive number of days, got {days!r}")
    days, dt = float(days), float(dt_hours) / 24.0
    n_steps = math.ceil(days / dt - 1e-9)
    # People appear at the start of a step: those due after the last step never would, yet
    # they would count in every share.
    last_start = (n_steps - 1) * dt
    late = case.population[(case.population["day"] > last_start) & (case.population["count"] > 0)]
    if len(late):
        first = late.iloc[0]
        raise ConfigError(
            "days",
            f"the run ends on day {days:g} but population.csv row {first['_row']} appears on day "
            f"{first['day']:g}; run at least until then (days={math.ceil(first['day'] + dt)})",
        )
    total = None
    if population_total is not None:
        total = _whole("population.total", population_total, minimum=1)
    agents = total if total is not None else case.agents
    n = agents if agents is not None else int(case.population["count"].sum())
    need = memory_estimate(case, n, n_steps)
    limit = machine_memory() if memory_limit is None else memory_limit
    if n > MAX_AGENTS or need > limit:
        source = (
            "population.total"
            if total is not None
            else ("scenario.yaml agents" if case.agents is not None else "population.csv counts")
        )
        long_run = memory_estimate(case, 0, n_steps) > memory_estimate(case, n, 0)
        raise ConfigError(
            "days" if long_run else "population.total",
            f"{n:,} agents ({source}) over {n_steps:,} steps need about {need / 2**30:,.1f} GiB "
            f"of memory, more than this machine's {limit / 2**30:,.1f} GiB; "
            + (
                "run fewer days or longer steps (dt_hours)"
                if long_run
                else "simulate fewer agents with population.total=... (results are scaled back "
                "to people)"
            ),
        )
    lever_settings = parse_levers(levers)
    validate_where(World(case), lever_settings)
    return RunPlan(
        seed=seed,
        dt_hours=float(dt_hours),
        days=days,
        n_steps=n_steps,
        agents=total if total is not None else case.agents,
        behaviour=Behaviour.from_overrides(case.behaviour, behaviour),
        levers=lever_settings,
        memory_bytes=need,
    )


def scenario_of(scenario: Any) -> Scenario:
    """A loaded scenario from a `Scenario`, a bundled scenario's name or a folder path."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str | Path):
        from micic_sim.scenario.cache import cached_scenario

        return cached_scenario(scenario)  # read once per process (a sweep worker's many jobs)
    raise ConfigError(
        "scenario", f"must be a scenario name, a folder path or a Scenario, got {scenario!r}"
    )


def run_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The settings of a run configuration (a plain dict) that the model and `check_run` take:
    one place that says how a config's keys become a run's settings."""
    for key in ("population", "run"):
        if not isinstance(config.get(key) or {}, Mapping):
            raise ConfigError(key, f"must be a mapping of settings, got {config[key]!r}")
    return {
        "seed": config.get("seed", 0),
        "dt_hours": config.get("dt_hours"),
        "days": config.get("days"),
        "population_total": (config.get("population") or {}).get("total"),
        "levers": config.get("levers"),
        "behaviour": config.get("behaviour"),
    }


def check_config(config: dict[str, Any]) -> tuple[Scenario, RunPlan]:
    """Check a whole run config (the Hydra config as a plain mapping): scenario, settings,
    and that the run folder can be written. Used by `micic-sim run` before Hydra makes any
    folder."""
    case = scenario_of(config.get("scenario"))
    plan = check_run(case, **run_settings(config))
    threads = (config.get("run") or {}).get("threads")
    if threads is not None:
        _whole("run.threads", threads, minimum=1)
    return case, plan


def check_writable(folder: str | Path, key: str = "run.out_dir") -> None:
    """The folder exists and is writable, or can be made: its nearest existing ancestor is a
    writable folder."""
    p = Path(folder).expanduser().absolute()
    probe = p
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ConfigError(key, f"'{p}' cannot be made: '{probe}' is a file, not a folder")
    try:  # a file made and removed at once: the only test that also holds for root
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        raise ConfigError(key, f"'{p}' cannot be written: {exc.strerror} in '{probe}'") from None


#: Sweeps up to this many jobs are checked job by job; larger ones one swept setting at a time.
FULL_SWEEP_CHECK = 8


def _sweep_jobs(overrides: list[Any]) -> list[list[str]]:
    """The override lists to check for a sweep: every job of a small sweep; for a large one,
    the first job and each swept value in it (so every value is checked, in
    1 + sum(values - 1) compositions instead of their product)."""
    axes = []
    for o in overrides:
        key = o.get_key_element()
        values = (
            o.sweep_string_iterator() if o.is_sweep_override() else [o.get_value_element_as_str()]
        )
        axes.append([f"{key}={v}" for v in values])
    if math.prod(len(a) for a in axes) <= FULL_SWEEP_CHECK:
        return [list(job) for job in itertools.product(*axes)]
    first = [a[0] for a in axes]
    return [first] + [
        [*first[:i], v, *first[i + 1 :]] for i, axis in enumerate(axes) for v in axis[1:]
    ]


@contextmanager
def _job_config(
    first: Any, first_job: list[str], job: list[str], parser: Any, groups: set[str]
) -> Iterator[Any]:
    """The composed config of `job`, made from the first job's (`first`) when they differ
    only in plain `key=value` settings (a seed, a parameter): Hydra applies those after
    composing the config groups, and so does this, in place, undone on exit. Composing a
    job takes Hydra ~50-100 ms, so a sweep over 1,000 seeds was checked for over a minute
    before its first run. Yields None when a config group changes (Hydra must compose it);
    a value Hydra would refuse falls back to Hydra's composition and its error message."""
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    changed = [o for o, f in zip(job, first_job, strict=True) if o != f]
    if len(job) != len(first_job):
        yield None
        return
    parsed = parser.parse_overrides(changed)
    plain = all(
        o.type.name == "CHANGE"
        and not o.is_sweep_override()
        and "/" not in o.key_or_group  # hydra/launcher=...: a config group
        and o.key_or_group not in groups  # policy=...
        and OmegaConf.select(first, o.key_or_group, default=_MISSING) is not _MISSING
        for o in parsed
    )
    if not plain:
        yield None
        return
    saved = [(o.key_or_group, OmegaConf.select(first, o.key_or_group)) for o in parsed]
    try:
        for o in parsed:
            OmegaConf.update(first, o.key_or_group, o.value(), merge=False)
    except OmegaConfBaseException:
        _restore(first, saved)
        yield None
        return
    try:
        yield first
    finally:
        _restore(first, saved)


_MISSING = object()


def _restore(cfg: Any, saved: list[tuple[str, Any]]) -> None:
    from omegaconf import OmegaConf

    for key, value in reversed(saved):
        OmegaConf.update(cfg, key, value, merge=False)


def check_hydra_run(config_dir: Path, config_name: str, argv: list[str]) -> Path | None:
    """Check every job of `micic-sim run [-m] overrides...` before Hydra makes a folder: the
    overrides compose into a valid config (Hydra's own checks: unknown keys, types), each job's
    scenario and settings pass `check_config`, and its run (or sweep) folder can be written.
    Returns the run folder of a single run (None for a sweep, or when Hydra only prints help
    or config)."""
    from hydra import compose, initialize_config_dir
    from hydra._internal.utils import get_args_parser
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.hydra_config import HydraConfig
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import HydraException
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    from micic_sim.config import MicicConfig

    try:
        args = get_args_parser().parse_args(argv)
    except SystemExit:
        return None  # a usage error: Hydra reports it in its own words
    if args.help or args.hydra_help or args.cfg or args.info or args.shell_completion:
        return None
    if args.experimental_rerun or str(args.config_path or "").startswith("pkg://"):
        return None  # a saved config, or a package's: Hydra composes it, the model checks it
    if args.config_path:  # the user's own config tree in place of the bundled one
        config_dir = Path(args.config_path).expanduser().absolute()
        if not (config_dir / f"{args.config_name or config_name}.yaml").is_file():
            raise ConfigError(
                "--config-path",
                f"'{config_dir}' holds no {args.config_name or config_name}.yaml: give the folder "
                "of your config.yaml (a copy of micic-sim's configs/ folder), or --config-name",
            )
    from micic_sim.overrides import check_config_switches, check_switches, parse_overrides

    parsed, structured = parse_overrides(args.overrides), OmegaConf.structured(MicicConfig)
    check_switches(parsed, structured)
    extra = [Path(args.config_dir).expanduser().absolute()] if args.config_dir else []
    own_file = config_dir / f"{args.config_name or config_name}.yaml" if args.config_path else None
    check_config_switches(parsed, [config_dir, *extra], structured, own_file)  # Hydra's order
    if args.config_dir:  # the user's config folder (own policy presets) searched as Hydra does
        own = Path(args.config_dir).expanduser().absolute()
        if not own.is_dir():
            raise ConfigError("--config-dir", f"'{own}' is not a folder")
        args.overrides = [*args.overrides, f"hydra.searchpath=[file://{own}]"]
    schema = OmegaConf.to_container(OmegaConf.structured(MicicConfig))
    before = HydraConfig.instance().cfg  # set per job below for the folder's interpolations
    try:
        scenarios: dict[str, Scenario] = {}
        with initialize_config_dir(config_dir=str(config_dir), version_base="1.3"):
            jobs = [args.overrides]
            loader = GlobalHydra.instance().config_loader()
            parser = OverridesParser.create(loader)
            if args.multirun:  # a config loader lets glob() sweeps list the config groups
                jobs = _sweep_jobs(parser.parse_overrides(args.overrides))
            name_ = args.config_name or config_name
            first = compose(name_, jobs[0], return_hydra_config=True)
            writable: set[str] = set()
            groups = set(loader.list_groups(""))
            seen_first = False
            for job in jobs:
                with _job_config(first, jobs[0], job, parser, groups) as cfg:
                    if cfg is None:  # a change of config group: Hydra composes the job
                        cfg = compose(name_, job, return_hydra_config=True)
                    if cfg is not first or not seen_first:  # the same hydra node: set once
                        HydraConfig.instance().set_config(cfg)
                        seen_first = seen_first or cfg is first
                    folder = cfg.hydra.sweep.dir if args.multirun else cfg.hydra.run.dir
                    # The job's own settings, resolved (Hydra's runtime section is not set yet).
                    config: dict[str, Any] = {
                        str(k): OmegaConf.to_container(v, resolve=True)
                        if OmegaConf.is_config(v)
                        else v
                        for k, v in cfg.items_ex(resolve=True)
                        if k != "hydra"
                    }
                check_keys(config, schema)
                name = str(config.get("scenario"))
                if name not in scenarios:
                    scenarios[name] = scenario_of(config.get("scenario"))
                check_config({**config, "scenario": scenarios[name]})
                if str(folder) not in writable:
                    check_writable(folder, "hydra.sweep.dir" if args.multirun else "run.out_dir")
                    writable.add(str(folder))
    except (HydraException, OmegaConfBaseException) as exc:
        raise ConfigError("command line", hydra_error_message(exc, MicicConfig)) from exc
    finally:  # a failed check left it set: a later run in this process took it for its own
        HydraConfig.instance().cfg = before
    return None if args.multirun else Path(folder)


def check_keys(config: Mapping[str, Any], schema: Mapping[str, Any], prefix: str = "") -> None:
    """The composed config has exactly the schema's keys: Hydra lets `+key=value` add a key
    (a typo the model would never read: `+popualtion.total=5` ran with the default population)
    and `~key` delete one (the run then failed after writing its folder)."""
    for key in config:
        if key not in schema:
            choices = [str(k) for k in schema]
            where = f"under '{prefix[:-1]}'" if prefix else "at the top level"
            raise ConfigError(
                f"{prefix}{key}",
                "is not a setting"
                + suggest(str(key), choices)
                + f"; settings {where}: {', '.join(choices)}",
            )
    for key, default in schema.items():
        if key not in config:
            raise ConfigError(
                f"{prefix}{key}", "cannot be removed (~); set it to a value, or to null"
            )
        if isinstance(default, Mapping) and isinstance(config[key], Mapping):
            check_keys(config[key], default, f"{prefix}{key}.")


def hydra_error_message(exc: BaseException, schema: type) -> str:
    """What to tell the user about a Hydra/OmegaConf composition error against `schema` (a
    structured-config dataclass): an unknown key is named with the closest setting; any other
    error in Hydra's words, with its cause."""
    found = re.match(r"In '([^']+)': ", str(exc))  # the config file the fault is in
    # (the primary config's name is where Hydra reports a wrong choice made on the command line)
    where = (
        f"in '{found[1]}.yaml': " if found and found[1] not in ("config", "hydra/config") else ""
    )
    return where + (
        unknown_key_message(exc, schema)
        or missing_choice_message(exc)
        or bad_value_message(exc)
        or one_line(f"{exc}\n{exc.__cause__ or ''}")
    )


def _cause(exc: BaseException | None, kind: type | tuple[type, ...]) -> Any:
    """The first exception of type `kind` in `exc`'s chain of causes, or None."""
    while exc is not None and not isinstance(exc, kind):
        exc = exc.__cause__ or exc.__context__
    return exc


def one_line(text: str) -> str:
    """Hydra's multi-line message as one line, without its config search path and its link to
    the override grammar."""
    lines = []
    for line in text.splitlines():
        if line.startswith("Config search path") or line.startswith("See https://hydra.cc"):
            break
        if line.strip() and line.strip() not in lines:
            lines.append(line.strip())
    return "; ".join(lines)


def missing_choice_message(exc: BaseException) -> str | None:
    """For a config group choice that does not exist (`policy=firewal`,
    `hydra/launcher=rayy`): the group, the closest choice and the choices."""
    from hydra.errors import MissingConfigException

    from micic_sim.scenario.tables import suggest

    error = _cause(exc, MissingConfigException)
    missing = getattr(error, "missing_cfg_file", None)
    if error is None or not missing or "/" not in str(missing):
        return None
    group, _, name = str(missing).rpartition("/")
    options = list(error.options or [])
    if not options and group == "policy":
        from micic_sim.resources import policy_presets

        options = policy_presets()
    listed = f"; choices: {', '.join(options)}" if options else ""
    return f"{group}: '{name}' is not one of its choices{suggest(name, options)}{listed}"


def bad_value_message(exc: BaseException) -> str | None:
    """For a value of the wrong type (`population.total=abc`): the key and what was wrong, on
    one line."""
    from omegaconf.errors import ValidationError

    error = _cause(exc, ValidationError)
    key = getattr(error, "full_key", None)
    if error is None or not key:
        return None
    text = str(getattr(error, "msg", "") or error).splitlines()[0]
    return f"{key}: {text}"


def unknown_key_message(exc: BaseException, schema: type) -> str | None:
    """For a key that is not a setting (a typo, most often): the key, the closest setting and
    the settings at that level, in place of OmegaConf's advice to append the key with `+`,
    which a structured config refuses anyway. None for any other error."""
    from omegaconf import OmegaConf
    from omegaconf.errors import ConfigAttributeError, ConfigKeyError

    error = _cause(exc, (ConfigKeyError, ConfigAttributeError))
    full_key = getattr(error, "full_key", None)
    if not full_key:
        return None
    parent, _, key = str(full_key).rpartition(".")
    root = OmegaConf.structured(schema)
    settings = OmegaConf.select(root, parent) if parent else root
    if not OmegaConf.is_dict(settings) or key in settings:
        return None
    choices = [str(k) for k in settings]
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f" (did you mean '{f'{parent}.' if parent else ''}{close[0]}'?)" if close else ""
    where = f"under '{parent}'" if parent else "at the top level"
    return f"'{full_key}' is not a setting{hint}; settings {where}: {', '.join(choices)}"
