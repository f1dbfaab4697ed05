"""Numba threads per sweep job: jobs x threads never exceed the cores.

A sweep's launcher runs several jobs at once, each a process with its own Numba thread pool.
Left alone, every job would run one thread per core, so 2 jobs on 2 cores would run 4 threads
on 2 cores; every parallel region then waits at its barrier for a descheduled thread (measured:
a run on a machine with one core busy takes twice as long). Each job therefore runs
cores // (jobs at once) threads, from the launcher's own settings, read in the job
(HydraConfig's `hydra.launcher`). Results never depend on the thread count (the kernels' random
draws and reductions are keyed by agent, not by thread), so this only changes speed.

`numba.set_num_threads` masks the pool per calling thread, and is cheap: a job sets it before
its run, and a worker process that runs many jobs keeps its pool. Unless `run.threads` fixes
it, the count also follows the machine's load between steps (AdaptiveThreads): with another
process holding one of two cores, a two-thread run waits at every barrier for the thread that
shares that core, and one thread is faster. A small population also runs on fewer threads
(`threads_for_agents`): the barrier's cost does not shrink with the work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

#: Fewest agents worth one more Numba thread. Each of a step's parallel regions ends at a
#: barrier where a sleeping thread is woken (OMP_WAIT_POLICY=PASSIVE, set in
#: micic_sim/__init__.py), a cost that does not shrink with the work. Measured on 2 cores,
#: quiet (benchmarks/threads_by_size.py, ms a step, 1 thread / 2 threads): Libya 2011 at
#: 10,000 agents 0.68 / 1.50, 50,000 2.00 / 2.24, 70,000 2.65 / 2.46, 100,000 3.59 / 3.19;
#: the demo scenario ties at 50,000 (2.74 / 2.67); Flee's Nigeria 2016 case (11,524 agents,
#: 1,885 days) ran in 0.89 s on one thread against 2.38 s on two.
MIN_AGENTS_PER_THREAD = 35_000


def usable_cores() -> int:
    """CPUs this process may run on (its affinity: a SLURM allocation, `taskset`, a
    container's cpuset), not the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def joblib_parallel(n_jobs: int, cores: int) -> int:
    """Jobs a joblib launcher runs at once: n_jobs, or joblib's negative count (-1 = every
    core, -2 = all but one ...)."""
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    return max(1, n_jobs)


def sweep_threads(launcher: Mapping[str, Any], cores: int) -> int:
    """Numba threads for one job of a sweep run by `launcher` (its Hydra config) on a node
    with `cores` usable CPUs:

    - joblib (default `joblib_local`): cores // jobs at once (at least 1);
    - Ray: the CPUs each job reserves (`ray.remote.num_cpus`, Ray's default 1);
    - submitit on SLURM: `cpus_per_task` (else the job's CPU allocation, its affinity);
    - submitit local: `cpus_per_task`, else 1 (it starts every job at once);
    - any other launcher (Hydra's basic one runs jobs one after the other): every core.
    """
    target = str(launcher.get("_target_", ""))
    if "joblib" in target:
        parallel = joblib_parallel(int(launcher.get("n_jobs", -1)), cores)
        return max(1, cores // parallel)
    if "ray" in target.lower():
        remote = launcher.get("ray", {}).get("remote", {}) or {}
        return _bounded(remote.get("num_cpus", 1), cores)
    if "submitit" in target:
        per_task = launcher.get("cpus_per_task")
        if per_task:
            return _bounded(per_task, cores)
        return cores if target.endswith("SlurmLauncher") else 1
    return cores


def _bounded(value: Any, cores: int) -> int:
    return max(1, min(int(float(value)), cores))


def threads_for_agents(threads: int, agents: int) -> int:
    """At most one thread per MIN_AGENTS_PER_THREAD agents (at least one): fewer threads
    than cores for a small population, which spends more at the barriers than it saves."""
    return max(1, min(int(threads), int(agents) // MIN_AGENTS_PER_THREAD))


def set_job_threads(
    requested: int | None, launcher: Mapping[str, Any] | None, agents: int | None = None
) -> AdaptiveThreads | None:
    """Set this thread's Numba thread count for a run and say how it may change.

    `run.threads` (requested) fixes the count. Otherwise the run starts with its share of the
    cores (a sweep's: `launcher` is the sweep's launcher config; a single run's, launcher None:
    Numba's default of every core), no more than its population of `agents` is worth
    (`threads_for_agents`), and adapts it between steps to the cores other processes leave
    free (the returned AdaptiveThreads; None when the count is fixed or already 1). Never more
    than Numba's pool (asking for more would be an error, and gains nothing)."""
    import numba

    pool = int(numba.config.NUMBA_NUM_THREADS)
    if requested:
        numba.set_num_threads(max(1, min(int(requested), pool)))
        return None
    if launcher is not None:
        threads = max(1, min(sweep_threads(launcher, usable_cores()), pool))
    else:
        threads = int(numba.get_num_threads())
    if agents is not None:
        threads = threads_for_agents(threads, agents)
    numba.set_num_threads(threads)
    return AdaptiveThreads(threads) if threads > 1 else None


@contextmanager
def run_threads(
    agents: int, requested: int | None = None, launcher: Mapping[str, Any] | None = None
) -> Iterator[AdaptiveThreads | None]:
    """`set_job_threads` for one run inside a longer-lived process (a notebook, a fit over
    many runs): the caller's thread count is restored afterwards."""
    import numba

    before = numba.get_num_threads()
    try:
        yield set_job_threads(requested, launcher, agents)
    finally:
        numba.set_num_threads(before)


def machine_cpu_s() -> float:
    """CPU seconds all processes on the machine have used (Linux /proc/stat: every state but
    idle and iowait; guest time is already in user)."""
    with open("/proc/stat", encoding="ascii") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4] - sum(ticks[8:])) / os.sysconf("SC_CLK_TCK")


class AdaptiveThreads:
    """Fewer Numba threads while other processes hold cores, called between steps.

    Every parallel region ends at a barrier: with 2 threads on 2 cores and another busy
    process on one of them, each region waits for the thread that shares its core, and the
    run takes twice as long (longer than on one thread). Every `interval_s` this measures the
    CPU other processes used (the machine's CPU time minus this process's) and runs on the
    cores left free: max(1, round(cores - others)), up to `max_threads`. When no core is even
    half free (a machine loaded all over), every thread is time-sliced alike and the full
    count is kept: measured under such load, one thread was 1.3x slower than two with passive
    waits. The count only changes how work is split, never a result (see the module
    docstring), and setting it is cheap.
    """

    def __init__(
        self,
        max_threads: int,
        interval_s: float = 0.5,
        *,
        cores: int | None = None,
        clock: Callable[[], float] = time.perf_counter,
        own_cpu: Callable[[], float] = time.process_time,
    ) -> None:
        self.max_threads = max(1, max_threads)
        self.interval_s = interval_s
        self.cores = cores or os.cpu_count() or 1  # machine-wide, as /proc/stat counts
        self._clock = clock
        self._own = own_cpu
        self._mark = (self._clock(), machine_cpu_s(), self._own())
        self.history: list[int] = []

    def update(self) -> int:
        """Re-measure if the interval has passed; set and return the thread count."""
        import numba

        now = self._clock()
        t0, machine0, own0 = self._mark
        if now - t0 >= self.interval_s:
            machine, own = machine_cpu_s(), self._own()
            others = max(0.0, (machine - machine0) - (own - own0)) / (now - t0)
            free = self.cores - others
            if free < 0.5:  # no core to spare: every thread is time-sliced alike, and more
                threads = self.max_threads  # threads win a larger share of the machine
            else:
                threads = max(1, min(self.max_threads, int(free + 0.5)))
            if threads != numba.get_num_threads():
                numba.set_num_threads(threads)
            if not self.history or self.history[-1] != threads:
                self.history.append(threads)
            self._mark = (now, machine, own)
        return int(numba.get_num_threads())
