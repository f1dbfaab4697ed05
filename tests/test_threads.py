"""Threads per run: a sweep's jobs share the cores, a busy machine gets fewer threads, and the
numbers never depend on the thread count, even when it changes between steps; a small
population runs on fewer threads unless asked for more."""

from __future__ import annotations

import numba
import pandas as pd
import pytest

from micic_sim import threads
from micic_sim.model import EvacuationModel
from micic_sim.threads import (
    AdaptiveThreads,
    joblib_parallel,
    run_threads,
    set_job_threads,
    sweep_threads,
    threads_for_agents,
)
from tests.conftest import cli_config

JOBLIB = "hydra_plugins.hydra_joblib_launcher.joblib_launcher.JoblibLauncher"
RAY = "hydra_plugins.hydra_ray_launcher.ray_launcher.RayLauncher"
BATCHED_RAY = "hydra_plugins.micic_ray_launcher.launcher.BatchedRayLauncher"  # hydra/launcher=ray
LOCAL = "hydra_plugins.hydra_submitit_launcher.submitit_launcher.LocalLauncher"
SLURM = "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher"
BASIC = "hydra._internal.core_plugins.basic_launcher.BasicLauncher"


@pytest.mark.parametrize(
    "launcher, cores, expected",
    [
        ({"_target_": JOBLIB, "n_jobs": 2}, 2, 1),
        ({"_target_": JOBLIB, "n_jobs": 2}, 8, 4),
        ({"_target_": JOBLIB, "n_jobs": -1}, 8, 1),
        ({"_target_": JOBLIB, "n_jobs": -2}, 8, 1),  # 7 jobs on 8 cores
        ({"_target_": JOBLIB, "n_jobs": 1}, 8, 8),
        ({"_target_": JOBLIB, "n_jobs": 16}, 8, 1),  # more jobs than cores: one thread each
        ({"_target_": RAY, "ray": {"remote": {}}}, 8, 1),  # Ray's default: 1 CPU per task
        ({"_target_": RAY, "ray": {"remote": {"num_cpus": 4}}}, 8, 4),
        ({"_target_": RAY, "ray": {"remote": {"num_cpus": 16}}}, 8, 8),
        ({"_target_": BATCHED_RAY, "ray": {"remote": {}}, "batch_size": 8}, 8, 1),
        ({"_target_": BATCHED_RAY, "ray": {"remote": {"num_cpus": 2}}, "batch_size": 8}, 8, 2),
        ({"_target_": LOCAL, "cpus_per_task": None}, 8, 1),  # starts every job at once
        ({"_target_": LOCAL, "cpus_per_task": 2}, 8, 2),
        ({"_target_": SLURM, "cpus_per_task": 4}, 4, 4),
        ({"_target_": SLURM, "cpus_per_task": None}, 6, 6),  # the allocation (affinity)
        ({"_target_": BASIC}, 8, 8),  # one job after the other
    ],
)
def test_jobs_times_threads_within_the_cores(launcher, cores, expected):
    assert sweep_threads(launcher, cores) == expected
    if "n_jobs" in launcher:
        assert joblib_parallel(launcher["n_jobs"], cores) * expected <= max(
            cores, joblib_parallel(launcher["n_jobs"], cores)
        )


@pytest.fixture
def two_threads():
    """Two Numba threads for the test (skipped without a pool of two), the caller's count
    restored after it."""
    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("needs a pool of 2 threads")
    before = numba.get_num_threads()
    numba.set_num_threads(2)
    yield
    numba.set_num_threads(before)


def fake_machine(monkeypatch, others_cores: float) -> list[float]:
    """A machine clock where other processes use `others_cores` cores and this one none."""
    clock = [0.0]
    monkeypatch.setattr(threads, "machine_cpu_s", lambda: clock[0] * others_cores)
    return clock


@pytest.mark.parametrize(
    "others, expected",
    [(0.0, 2), (0.3, 2), (1.0, 1), (1.4, 1), (1.6, 2)],  # 1.6: no core free, keep the share
)
def test_adaptive_threads_leave_busy_cores_alone(two_threads, monkeypatch, others, expected):
    clock = fake_machine(monkeypatch, others)
    adapt = AdaptiveThreads(2, 1.0, cores=2, clock=lambda: clock[0], own_cpu=lambda: 0.0)
    clock[0] = 0.5
    assert adapt.update() == 2  # not measured before the interval has passed
    clock[0] = 2.0
    assert adapt.update() == expected


def test_numbers_do_not_depend_on_threads_changing_between_steps(two_threads):
    kwargs = dict(seed=4, population_total=3000, days=15)
    numba.set_num_threads(1)
    fixed = EvacuationModel("demo", **kwargs).run()
    counts = iter(range(10_000))
    flip = lambda: numba.set_num_threads(1 + next(counts) % 2)  # noqa: E731
    numba.set_num_threads(2)
    flipping = EvacuationModel("demo", **kwargs).run(between_steps=flip)
    pd.testing.assert_frame_equal(fixed.timeseries(), flipping.timeseries())
    pd.testing.assert_frame_equal(fixed.agents_frame(), flipping.agents_frame())


@pytest.mark.parametrize(
    "share, agents, expected",
    [(2, 11_524, 1), (2, 69_999, 1), (2, 70_000, 2), (8, 200_000, 5), (8, 10_000_000, 8)],
)
def test_a_small_population_gets_fewer_threads(share, agents, expected):
    """One thread per MIN_AGENTS_PER_THREAD agents, never more than the share of the cores."""
    assert threads.MIN_AGENTS_PER_THREAD == 35_000  # the cases above are drawn for it
    assert threads_for_agents(share, agents) == expected


def test_asked_for_threads_hold_whatever_the_population(two_threads):
    """`run.threads` fixes the count; only the automatic count looks at the population."""
    assert set_job_threads(None, None, agents=5_000) is None  # 1 thread: nothing to adapt
    assert numba.get_num_threads() == 1
    numba.set_num_threads(2)
    assert set_job_threads(2, None, agents=5_000) is None
    assert numba.get_num_threads() == 2
    assert isinstance(set_job_threads(None, None, agents=200_000), AdaptiveThreads)
    assert numba.get_num_threads() == 2


def test_one_run_in_a_longer_process_gives_its_threads_back(two_threads):
    with run_threads(3_000):
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == 2


def test_a_small_cli_run_records_the_threads_it_ran_on(two_threads, tmp_path):
    """`micic-sim run` on a small population runs on one thread (provenance.json says so),
    on as many as asked with `run.threads`, and gets the same numbers either way."""
    import json

    from micic_sim import cli

    out = {}
    for asked in ("null", "2"):
        numba.set_num_threads(2)
        folder = tmp_path / f"threads-{asked}"
        cfg = cli_config(
            "scenario=demo",
            "population.total=2000",
            "days=10",
            f"run.threads={asked}",
            f"run.out_dir={folder}",
            "run.progress=false",
        )
        cli.run_from_config(cfg)
        out[asked] = (
            json.loads((folder / "provenance.json").read_text())["numba_threads"],
            pd.read_parquet(folder / "timeseries.parquet"),
        )
    assert out["null"][0] == 1
    assert out["2"][0] == 2
    pd.testing.assert_frame_equal(out["null"][1], out["2"][1])
