"""The batched Ray launcher's work (imported when a sweep launches, not at Hydra's start-up).

As Hydra's Ray launcher (hydra_ray_launcher/_core.py), each job's config is composed in the
sweep's main process, given the same `hydra.job.id` and `hydra.job.num`, and run in a Ray task
through the plugin's `_run_job` (Hydra's `run_job`). What differs is what travels: Hydra's
context, the task function and the singleton state go to Ray's object store once (`ray.put`),
and a task carries a list of job configs instead of one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ray
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, filter_overrides, setup_globals
from hydra_plugins.hydra_ray_launcher._launcher_util import _run_job, start_ray
from omegaconf import DictConfig, OmegaConf, open_dict

log = logging.getLogger(__name__)
OBJECT_STORE_BYTES = 78_643_200  # the Ray launcher's default when it starts Ray itself


def plan_batches(n_jobs: int, batch_size: int, workers: int) -> list[range]:
    """Job indices per Ray task: batches of `batch_size`, then the last jobs one per task.

    The sweep's last `batch_size * workers` jobs or more (up to one batch more, so that every
    batch is full) go one at a time: when a worker runs out of work, the others hold at most
    one job each, so a sweep of a few long runs still spreads over every worker (as joblib
    splits its final batches). A sweep that small is sent one job per task."""
    batch_size, workers = max(1, batch_size), max(1, workers)
    batched = max(0, n_jobs - batch_size * workers) // batch_size * batch_size
    return [range(i, min(i + batch_size, batched)) for i in range(0, batched, batch_size)] + [
        range(i, i + 1) for i in range(batched, n_jobs)
    ]


def _run_batch(shared: tuple[Any, Any, Any], configs: list[DictConfig]) -> list[JobReturn]:
    """In a Ray worker: run each job of a batch one after the other, as the Ray launcher runs
    one (`shared` arrives from the object store, deserialised once per task)."""
    hydra_context, task_function, singleton_state = shared
    return [_run_job(hydra_context, cfg, task_function, singleton_state) for cfg in configs]


def _workers(remote: dict[str, Any]) -> int:
    """Tasks Ray can run at once: the cluster's CPUs over the CPUs each task reserves."""
    per_task = float(remote.get("num_cpus", 1) or 1)
    return max(1, int(ray.cluster_resources().get("CPU", 1) // per_task))


def launch(launcher: Any, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> list:
    """Hydra's Launcher.launch for BatchedRayLauncher: one JobReturn per job, in job order."""
    setup_globals()
    assert launcher.config is not None and launcher.hydra_context is not None
    assert launcher.task_function is not None
    configure_log(launcher.config.hydra.hydra_logging, launcher.config.hydra.verbose)
    sweep_dir = Path(str(launcher.config.hydra.sweep.dir))
    sweep_dir.mkdir(parents=True, exist_ok=True)
    log.info(
        f"Ray Launcher is launching {len(job_overrides)} jobs, "
        f"batches of {launcher.batch_size}, sweep output dir: {sweep_dir}"
    )
    launcher.ray_cfg.init.setdefault("object_store_memory", OBJECT_STORE_BYTES)
    start_ray(launcher.ray_cfg.init)

    remote = OmegaConf.to_container(launcher.ray_cfg.remote, resolve=True) or {}
    run_batch = ray.remote(**remote)(_run_batch) if remote else ray.remote(_run_batch)
    shared = ray.put((launcher.hydra_context, launcher.task_function, Singleton.get_state()))
    tasks = []  # each batch is sent as soon as its jobs are composed: workers start at once
    for batch in plan_batches(len(job_overrides), launcher.batch_size, _workers(remote)):
        configs = [_compose(launcher, job_overrides[i], initial_job_idx + i) for i in batch]
        tasks.append(run_batch.remote(shared, configs))
    return [ret for batch in ray.get(tasks) for ret in batch]


def _compose(launcher: Any, overrides: Sequence[str], idx: int) -> DictConfig:
    """Job `idx`'s config, as Hydra's Ray launcher composes it (in the sweep's main process;
    no scheduler's job id here, so the launcher sets one)."""
    log.info(f"\t#{idx} : {' '.join(filter_overrides(overrides))}")
    cfg = launcher.hydra_context.config_loader.load_sweep_config(launcher.config, list(overrides))
    with open_dict(cfg):
        cfg.hydra.job.id = f"job_id_for_{idx}"
        cfg.hydra.job.num = idx
    return cfg
