"""A run on a busy machine: the same run quiet and with a busy-loop process pinned to one core,
for each threading set-up, printing the slow-down ratios and how much CPU other processes used.

    .venv/bin/python benchmarks/contention.py                          # 1e6 agents, 90 days
    .venv/bin/python benchmarks/contention.py --agents 2e5 --days 20   # smoke test
    .venv/bin/python benchmarks/contention.py --setups omp,tbb,omp-dynamic

Why: every Numba parallel region ends at a barrier, so a two-thread run on two cores, one of
them shared with another busy process, waits at every region for its descheduled thread: the
issue measured 2.0x the quiet time, worse than one thread (1.7x). Target: with one core held by
another process, at most 1.6x the quiet two-thread time.

Set-ups (`--setups`, comma-separated; see SETUPS). micic-sim sets OMP_WAIT_POLICY=PASSIVE
(threads sleep at a barrier at once) unless the environment sets it:
  omp, workqueue, tbb    Numba's threading layers (NUMBA_THREADING_LAYER), fixed 2 threads
  omp-spin               GNU OpenMP's own default: spin ~300,000 times (~3 ms) at a barrier
                         before sleeping (GOMP_SPINCOUNT=300000): micic-sim before issue 16
  omp-spin10k            a short spin (GOMP_SPINCOUNT=10000)
  tbb-chunks             TBB with chunks of 4096 iterations (numba.set_parallel_chunksize):
                         an idle thread steals a descheduled thread's chunks (loops over 64
                         chunks of agents then run on one thread)
  <layer>-dynamic        micic-sim's default: the thread count follows the cores other
                         processes leave free, between steps (micic_sim.threads.AdaptiveThreads)
  one-thread             NUMBA_NUM_THREADS=1
The tbb set-ups need `pip install tbb` (found through LD_LIBRARY_PATH=<venv>/lib).

Every measurement is a fresh process (`--worker`), the model built first and only `run()`
timed. `others` is the CPU other processes used during the timed run (machine CPU from
/proc/stat minus the run's own), as a share of the machine: the busy loop alone is 50% on 2
cores, so quiet rows should show ~0% and busy rows ~50%; more means the machine was not
quiet and the row is not comparable. The last stdout line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.6

# name -> (environment, chunksize or None, adaptive thread count)
SETUPS: dict[str, tuple[dict[str, str], int | None, bool]] = {
    "omp": ({"NUMBA_THREADING_LAYER": "omp"}, None, False),
    "omp-spin": ({"NUMBA_THREADING_LAYER": "omp", "GOMP_SPINCOUNT": "300000"}, None, False),
    "omp-spin10k": ({"NUMBA_THREADING_LAYER": "omp", "GOMP_SPINCOUNT": "10000"}, None, False),
    "tbb": ({"NUMBA_THREADING_LAYER": "tbb"}, None, False),
    "tbb-chunks": ({"NUMBA_THREADING_LAYER": "tbb"}, 4096, False),
    "workqueue": ({"NUMBA_THREADING_LAYER": "workqueue"}, None, False),
    "omp-dynamic": ({"NUMBA_THREADING_LAYER": "omp"}, None, True),
    "tbb-dynamic": ({"NUMBA_THREADING_LAYER": "tbb"}, None, True),
    "one-thread": ({"NUMBA_NUM_THREADS": "1"}, None, False),
}


def machine_cpu_s() -> float:
    ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4] - sum(ticks[8:])) / os.sysconf("SC_CLK_TCK")


def worker(spec: dict) -> None:
    """Build the model, then time run() alone; one JSON line to stdout."""
    import numba

    from micic_sim.model import EvacuationModel

    if spec["chunksize"] is not None:
        numba.set_parallel_chunksize(spec["chunksize"])
    from micic_sim.threads import AdaptiveThreads

    m = EvacuationModel(
        spec["scenario"], seed=spec["seed"], days=spec["days"], population_total=spec["agents"]
    )
    adapt = AdaptiveThreads(numba.get_num_threads()) if spec["dynamic"] else None
    cpu0, t0, own0 = machine_cpu_s(), time.perf_counter(), time.process_time()
    while m.running:
        m.step()
        if adapt is not None:
            adapt.update()
    wall, own = time.perf_counter() - t0, time.process_time() - own0
    others = (machine_cpu_s() - cpu0 - own) / (wall * (os.cpu_count() or 1))
    out = {
        "run_s": round(wall, 3),
        "cpu_s": round(own, 3),
        "others": round(max(0.0, others), 3),
        "layer": numba.threading_layer(),
        "threads": adapt.history if adapt is not None else [numba.get_num_threads()],
        "safe": int(m._last.safe),
    }
    print(json.dumps(out))


def busy_loop(core: int) -> subprocess.Popen:
    """Another process holding one core: a Python busy loop pinned to `core`."""
    code = f"import os; os.sched_setaffinity(0, {{{core}}})\nwhile True: pass"
    return subprocess.Popen([sys.executable, "-c", code])


def measure(args: argparse.Namespace, setup: str, busy: bool) -> dict:
    env_extra, chunksize, dynamic = SETUPS[setup]
    spec = {
        "scenario": args.scenario,
        "seed": args.seed,
        "days": args.days,
        "agents": int(float(args.agents)),
        "chunksize": chunksize,
        "dynamic": dynamic,
    }
    env = {**os.environ, **env_extra}
    if env_extra.get("NUMBA_THREADING_LAYER") == "tbb":
        # pip's tbb wheel puts libtbb.so.12 in <venv>/lib, outside the loader's search path
        lib = str(Path(sys.prefix) / "lib")
        env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [lib, env.get("LD_LIBRARY_PATH")]))
    loop = busy_loop(args.core) if busy else None
    try:
        time.sleep(0.2 if busy else 0)
        r = subprocess.run(
            [sys.executable, __file__, "--worker", json.dumps(spec)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        if loop is not None:
            loop.kill()
            loop.wait()
    if r.returncode != 0:
        sys.exit(f"{setup} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--agents", default="1e6")
    ap.add_argument("--days", type=float, default=90)
    ap.add_argument("--scenario", default="libya_2011")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--setups", default="omp-spin,omp,omp-dynamic,workqueue,one-thread")
    ap.add_argument("--core", type=int, default=0, help="core the busy loop is pinned to")
    ap.add_argument("--repeat", type=int, default=1, help="measurements per cell (min taken)")
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return

    setups = args.setups.split(",")
    unknown = set(setups) - set(SETUPS)
    if unknown:
        sys.exit(f"unknown set-ups {sorted(unknown)}; known: {', '.join(SETUPS)}")
    rows = []
    for setup in setups:
        cells = {}
        for busy in (False, True):
            runs = [measure(args, setup, busy) for _ in range(args.repeat)]
            cells["busy" if busy else "quiet"] = min(runs, key=lambda r: r["run_s"])
            print(setup, "busy" if busy else "quiet", cells, file=sys.stderr, flush=True)
        rows.append({"setup": setup, **cells})
    base = next(
        (r["quiet"]["run_s"] for r in rows if r["setup"] == "omp"), rows[0]["quiet"]["run_s"]
    )
    print(
        f"{'set-up':12} {'quiet s':>8} {'busy s':>8} {'busy/quiet':>10} {'busy/base':>9} "
        f"{'others q':>8} {'others b':>8}  layer"
    )
    for r in rows:
        q, b = r["quiet"], r["busy"]
        r["busy_over_quiet"] = round(b["run_s"] / q["run_s"], 2)
        r["busy_over_base"] = round(b["run_s"] / base, 2)
        print(
            f"{r['setup']:12} {q['run_s']:>8.2f} {b['run_s']:>8.2f} {r['busy_over_quiet']:>10.2f} "
            f"{r['busy_over_base']:>9.2f} {q['others']:>8.0%} {b['others']:>8.0%}  {q['layer']}"
        )
    print(f"base = the quiet two-thread omp run; target: busy/base <= {TARGET_RATIO}")
    if any(r["quiet"]["others"] > 0.1 or r["busy"]["others"] > 0.6 for r in rows):
        print("warning: other processes were busy beyond the busy loop: rerun on a quiet machine")
    print(json.dumps({"settings": vars(args), "base_s": base, "rows": rows}))


if __name__ == "__main__":
    main()
