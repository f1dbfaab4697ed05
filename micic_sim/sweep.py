"""Sweep workers exit with their sweep.

`micic-sim run -m` runs jobs in joblib (loky) worker processes. If the sweep's main process is
killed (a closed terminal, `kill`, a job scheduler's time limit), loky's workers are orphaned
and would go on running, and writing, for minutes. The main process puts its pid in the
environment the workers inherit; a worker watches for its parent to change (it is re-parented
when the main process dies), then interrupts its job, so temporary files are removed and the
run folder's lock released, and exits. A worker that receives a job after the sweep died exits
at once. (A worker that never received a job is idle and ends by loky's own idle timeout.)
"""

from __future__ import annotations

import _thread
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

MAIN_PID_ENV = "MICIC_SIM_SWEEP_PID"
POLL_SECONDS = 0.5
GRACE_SECONDS = 5.0  # time the interrupted job has to clean up before the worker exits
_watching = False


def mark_main() -> None:
    """Called by the CLI before Hydra starts: this process is the sweep's main process."""
    os.environ[MAIN_PID_ENV] = str(os.getpid())


def exit_with_main() -> None:
    """In a worker process of a sweep, start (once) a thread that ends the process when the
    sweep's main process is gone. Does nothing in the main process itself (a single run, or
    joblib running jobs in-process), so a run under `nohup` is never stopped by it."""
    global _watching
    main = os.environ.get(MAIN_PID_ENV)
    if _watching or not main or not main.isdigit() or int(main) == os.getpid():
        return
    if os.getppid() != int(main):
        if not _alive(int(main)):
            os._exit(1)  # the sweep died before this job started: nothing to clean up
        return  # not a direct child of the sweep (e.g. a process a job started)
    _watching = True
    if threading.current_thread() is threading.main_thread():
        # loky workers ignore SIGINT; restore Python's handler so the interrupt below reaches
        # the job as KeyboardInterrupt.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    threading.Thread(target=_watch, args=(int(main),), daemon=True, name="sweep-watch").start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(main: int) -> None:
    while os.getppid() == main:
        time.sleep(POLL_SECONDS)
    _thread.interrupt_main()  # KeyboardInterrupt in the job: atomic writes clean up
    time.sleep(GRACE_SECONDS)
    # A job still inside a long C call (writing a large table) has not seen the interrupt:
    # remove its half-written files before the forced exit (results.atomic_write).
    results = sys.modules.get("micic_sim.results")
    if results is not None:
        results.remove_unfinished_writes()
    os._exit(1)


def compose_each_choice_once() -> None:
    """Before launching, Hydra's sweeper composes every job of the sweep in the main process to
    fail early (`Sweeper.validate_batch_is_legal`), one after the other while no job runs: a
    1,000-seed sweep spent a minute or more there, and each job is composed again where it
    runs. `micic-sim run -m` has already checked every swept value (inputs.check_hydra_run),
    so this makes the sweeper compose one job per distinct choice of config groups (policy,
    launcher ...): what only composition can get wrong. Called by the CLI only, after that
    check: Hydra's first initialisation in a process re-executes its plugin modules, which
    would define the sweeper class afresh (without this change: then every job is composed
    again, as before, which is safe)."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    if getattr(BasicSweeper.validate_batch_is_legal, "_micic", False):
        return
    validate = BasicSweeper.validate_batch_is_legal

    def validate_choices(self: BasicSweeper, batch: Sequence[Sequence[str]]) -> None:
        groups = set(self.hydra_context.config_loader.list_groups(""))
        seen: set[tuple[str, ...]] = set()
        todo = []
        for overrides in batch:
            choice = tuple(o for o in overrides if _is_group(o, groups))
            if choice not in seen:
                seen.add(choice)
                todo.append(overrides)
        validate(self, todo)

    validate_choices._micic = True  # type: ignore[attr-defined]
    BasicSweeper.validate_batch_is_legal = validate_choices  # type: ignore[method-assign]


def _is_group(override: str, groups: set[str]) -> bool:
    key = override.split("=", 1)[0].lstrip("+~")
    return "/" in key or key in groups


_SEED_KEY = "seed"
_SEED_CACHE_SIZE = 8  # composed configs kept per process (one per distinct non-seed job)


def compose_seeds_once() -> None:
    """Compose a sweep's jobs that differ only in their seed once per process. Each job of a
    sweep is composed again where it runs (Hydra's `load_sweep_config`: config files read and
    merged, ~90 ms), although a seed sweep's jobs differ in one value. This keeps the first
    composition per distinct rest-of-the-job and makes the next ones from a copy of it, with
    the seed applied exactly as composition applies it (Hydra's own override parser and
    `_apply_overrides_to_config`) and the job's record of its overrides (`hydra.overrides.task`,
    `hydra.job.override_dirname`) rewritten. The result is the same config
    (tests/test_sweep_check.py compares both ways); any other difference in the job composes
    afresh. Installed by the CLI before a sweep and by each job (cli._hydra_main), so a worker
    process composes its first two jobs and copies the rest."""
    import copy

    from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from omegaconf import OmegaConf

    if getattr(ConfigLoaderImpl.load_sweep_config, "_micic", False):
        return
    compose = ConfigLoaderImpl.load_sweep_config
    cache: dict[tuple, Any] = {}
    parser = OverridesParser.create()

    def load_sweep_config(self: ConfigLoaderImpl, master_config: Any, sweep_overrides: Any) -> Any:
        keys = [o.split("=", 1)[0] for o in sweep_overrides]
        if keys.count(_SEED_KEY) != 1:
            return compose(self, master_config, sweep_overrides)
        at = keys.index(_SEED_KEY)
        key = (
            master_config.hydra.job.config_name,
            tuple(master_config.hydra.overrides.hydra),
            at,
            tuple(o for k, o in enumerate(sweep_overrides) if k != at),
        )
        base = cache.get(key)
        if base is None:
            cfg = compose(self, master_config, sweep_overrides)
            if len(cache) >= _SEED_CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[key] = copy.deepcopy(cfg)
            return cfg
        cfg = copy.deepcopy(base)
        seed = parser.parse_overrides([sweep_overrides[at]])
        ConfigLoaderImpl._apply_overrides_to_config(seed, cfg)
        task = list(cfg.hydra.overrides.task)
        task[next(k for k, o in enumerate(task) if o.split("=", 1)[0] == _SEED_KEY)] = (
            sweep_overrides[at]
        )
        cfg.hydra.overrides.task = task
        job = cfg.hydra.job.config.override_dirname
        cfg.hydra.job.override_dirname = get_overrides_dirname(
            overrides=parser.parse_overrides(task),
            exclude_keys=list(job.exclude_keys),
            item_sep=job.item_sep,
            kv_sep=job.kv_sep,
        )
        OmegaConf.copy_cache(from_config=master_config, to_config=cfg)
        return cfg

    load_sweep_config._micic = True  # type: ignore[attr-defined]
    load_sweep_config.__wrapped__ = compose  # type: ignore[attr-defined]
    ConfigLoaderImpl.load_sweep_config = load_sweep_config  # type: ignore[method-assign]
