"""Nothing is ever lost: `collect` and `run` killed at each of their writes leave no file that
looks complete and no duplicated rows; a run folder has one writer at a time; a killed sweep
leaves no worker processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import micic_sim.analysis.collect as collect_mod
from micic_sim import results
from micic_sim.analysis.collect import MANIFEST_FILE, OUTCOMES_FILE, TIMESERIES_FILE, collect
from micic_sim.model import EvacuationModel
from micic_sim.results import HOLDER_FILE, FolderBusy, folder_lock, is_complete, write_run
from tests.test_cli import micic
from tests.test_collect import make_run

SMALL = 300
COLLECT_WRITES = 3  # timeseries, outcomes, manifest
RUN_WRITES = 6  # config, timeseries, agents, institutions, provenance, summary


class Killed(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


def dies_at(real, k: int):
    """A writer that works `k` times and then 'kills the process'."""
    calls = []

    def write(path, fn):
        if len(calls) == k:
            raise Killed(str(path))
        calls.append(path)
        real(path, fn)

    return write


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sweep")
    for seed in (0, 1):
        make_run(root, "baseline", seed, population=SMALL)
    make_run(root, "firewall", 0, {"firewall": {"enabled": True}}, population=SMALL)
    return root


@pytest.mark.parametrize("k", range(COLLECT_WRITES))
def test_collect_killed_at_each_write_loses_and_duplicates_nothing(
    two_runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, k: int
):
    sweep = tmp_path / "sweep"
    shutil.copytree(two_runs, sweep, ignore=shutil.ignore_patterns("firewall"))
    collect(sweep)  # two runs collected
    shutil.copytree(two_runs / "demo" / "firewall", sweep / "demo" / "firewall")  # a third
    monkeypatch.setattr(collect_mod, "atomic_write", dies_at(collect_mod.atomic_write, k))
    with pytest.raises(Killed):
        collect(sweep)
    monkeypatch.undo()
    assert not list(sweep.glob("*.partial")) and not (sweep / HOLDER_FILE).exists()
    ts, out = collect(sweep)  # the next collect (the lock was released)

    fresh = tmp_path / "fresh"
    shutil.copytree(
        sweep, fresh, ignore=shutil.ignore_patterns(TIMESERIES_FILE, OUTCOMES_FILE, MANIFEST_FILE)
    )
    ts0, out0 = collect(fresh)
    assert out["run_id"].nunique() == 3
    assert not out.duplicated(["run_id", "group_type", "group"]).any()
    assert not ts.duplicated(["run_id", "day", "metric", "group"]).any()
    assert (len(ts), len(out)) == (len(ts0), len(out0))


@pytest.fixture(scope="module")
def small_model() -> EvacuationModel:
    return EvacuationModel("demo", seed=1, population_total=SMALL, days=3).run()


@pytest.mark.parametrize("k", range(RUN_WRITES))
def test_run_killed_at_each_write_leaves_nothing_that_looks_complete(
    small_model: EvacuationModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, k: int
):
    out = tmp_path / "run"
    write_run(small_model, out, {"seed": 1})  # an earlier complete run in the same folder
    monkeypatch.setattr(results, "atomic_write", dies_at(results.atomic_write, k))
    with pytest.raises(Killed):
        write_run(small_model, out, {"seed": 1})
    monkeypatch.undo()
    assert not is_complete(out)
    assert not list(out.glob(".*.partial")) and not (out / HOLDER_FILE).exists()
    write_run(small_model, out, {"seed": 1})  # the lock was released: it can be redone
    assert is_complete(out)


HOLD = (
    "import sys, time\n"
    "from micic_sim.results import folder_lock\n"
    "with folder_lock(sys.argv[1]):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(120)\n"
)


@pytest.fixture
def held(tmp_path: Path):
    """A run folder another process is writing."""
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield out, proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_second_writer_refuses_naming_the_holder(held, small_model: EvacuationModel):
    out, pid = held
    with pytest.raises(FolderBusy, match=rf"this run folder is being written by pid {pid} on "):
        write_run(small_model, out)
    assert not is_complete(out)


def test_second_cli_run_into_a_busy_folder(held):
    out, pid = held
    before = sorted(p.name for p in out.iterdir())
    r = micic("run", "scenario=demo", "population.total=300", "days=1", f"run.out_dir={out}")
    assert r.returncode == 2, r.stderr
    assert f"being written by pid {pid}" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in out.iterdir()) == before  # not even Hydra's .hydra/


def test_lock_is_released_when_the_holder_is_killed(held, small_model: EvacuationModel):
    out, pid = held
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while True:
        try:
            with folder_lock(out):
                break
        except FolderBusy:
            assert time.monotonic() < deadline, "lock not released by a killed holder"
            time.sleep(0.1)
    write_run(small_model, out)
    assert is_complete(out)


def test_cli_run_killed_mid_run_then_rerun(tmp_path: Path):
    out = tmp_path / "run"
    args = ["run", "scenario=demo", "days=45", f"run.out_dir={out}", "run.compare_baseline=false"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "micic_sim", *args, "population.total=400000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (out / HOLDER_FILE).exists():  # the run holds its folder: it has started
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(1.0)
    finally:
        proc.kill()
        proc.wait()
    assert not is_complete(out)
    r = micic(*args, "population.total=300")
    assert r.returncode == 0, r.stderr
    assert is_complete(out)


def test_forced_exit_mid_write_leaves_no_partial_file(tmp_path: Path):
    """A sweep worker whose sweep is gone exits a few seconds after interrupting its job
    (micic_sim.sweep); a job still inside a long C call (writing a large table) never reaches
    its clean-up, so the worker removes the writes under way first. Here the removal happens
    in the middle of a write, as it would from the worker's watch thread."""
    target = tmp_path / "agents.parquet"
    during: list[bool] = []

    def write_then_exit(path: Path) -> None:
        path.write_text("half a table")
        results.remove_unfinished_writes()  # what the worker does before its forced exit
        during.append(path.exists())

    with pytest.raises(FileNotFoundError):  # the rename finds the file gone
        results.atomic_write(target, write_then_exit)
    assert during == [False]
    assert not target.exists() and not list(tmp_path.glob(".*.partial"))
    results.atomic_write(target, lambda p: p.write_text("whole"))  # later writes unaffected
    assert target.read_text() == "whole" and not results._WRITING


@pytest.mark.slow
def test_killed_sweep_leaves_no_workers(tmp_path: Path):
    """`micic-sim run -m` killed (SIGKILL: no chance to clean up) while its two joblib workers
    run jobs: the workers notice their sweep is gone, clean up and exit."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "micic_sim",
            "run",
            "-m",
            "scenario=demo",
            "seed=1,2,3,4",
            "population.total=300000",
            f"hydra.sweep.dir={tmp_path / 'sweep'}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(list((tmp_path / "sweep").rglob(HOLDER_FILE))) < 2:  # both workers run a job
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    workers = [
        int(x)
        for x in subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    assert workers
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.5)
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and _not_zombie(w)]
    for w in alive:  # clean up before failing
        os.kill(w, signal.SIGKILL)
    assert not alive, f"workers still running after the sweep was killed: {alive}"
    assert not list((tmp_path / "sweep").rglob("*.partial"))


def _not_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
