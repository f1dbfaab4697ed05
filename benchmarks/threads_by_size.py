"""One thread or two, by population size: where micic_sim.threads.MIN_AGENTS_PER_THREAD
comes from.

Each of a step's parallel regions ends at a barrier where sleeping threads are woken, a cost
that does not shrink with the work, so below some population one thread steps faster than
two. For each size this builds the scenario and times `--steps` steps on 1 and on 2 threads,
alternating (1, 2, 1, 2: a slow moment of the machine hits both), in one process whose
kernels are compiled first; it prints the milliseconds a step, the 1-thread/2-thread ratio,
the count the automatic rule picks, and the others' CPU share (run it on a quiet machine).

    .venv/bin/python benchmarks/threads_by_size.py                         # Libya 2011
    .venv/bin/python benchmarks/threads_by_size.py --scenario demo --sizes 2e3,2e4,2e5
"""

from __future__ import annotations

import argparse
import json
import os
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="libya_2011", help="bundled name or folder")
    ap.add_argument("--sizes", default="1e4,2e4,5e4,7e4,1e5,2e5", help="agents, comma-separated")
    ap.add_argument("--steps", type=int, default=60, help="steps timed per run")
    ap.add_argument("--seed", type=int, default=0)
    ns = ap.parse_args(argv)

    import numba

    from micic_sim.model import EvacuationModel
    from micic_sim.threads import machine_cpu_s, threads_for_agents

    if numba.config.NUMBA_NUM_THREADS < 2:
        ap.error("needs a Numba pool of at least 2 threads (NUMBA_NUM_THREADS)")
    before = numba.get_num_threads()
    sizes = [int(float(s)) for s in ns.sizes.split(",") if s.strip()]
    warm = EvacuationModel(ns.scenario, seed=ns.seed, population_total=min(sizes))
    for _ in range(min(ns.steps, 10)):  # compile every kernel the steps reach, untimed
        warm.step()
    rows = []
    print(f"{ns.scenario}, {ns.steps} steps a run; ms per step (two runs each, alternating)")
    head = ["agents", "1 thread", "2 threads", "1t/2t", "rule", "others"]
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (10, 18, 18, 6, 5, 7), strict=True)))
    try:
        for n in sizes:
            ms: dict[int, list[float]] = {1: [], 2: []}
            c0, t0, own0 = machine_cpu_s(), time.perf_counter(), time.process_time()
            for k in (1, 2, 1, 2):
                numba.set_num_threads(k)
                model = EvacuationModel(ns.scenario, seed=ns.seed, population_total=n)
                t = time.perf_counter()
                for _ in range(ns.steps):
                    model.step()
                ms[k].append(1e3 * (time.perf_counter() - t) / ns.steps)
            wall = time.perf_counter() - t0
            others = max(0.0, machine_cpu_s() - c0 - (time.process_time() - own0))
            share = others / (wall * (os.cpu_count() or 1))
            one, two = min(ms[1]), min(ms[2])
            row = {
                "agents": n,
                "ms_1_thread": [round(v, 3) for v in ms[1]],
                "ms_2_threads": [round(v, 3) for v in ms[2]],
                "ratio_1_over_2": round(one / two, 3),
                "rule_threads": threads_for_agents(2, n),
                "others_cpu_share": round(share, 3),
            }
            rows.append(row)
            print(
                f"{n:>10,} {' / '.join(f'{v:.2f}' for v in ms[1]):>18} "
                f"{' / '.join(f'{v:.2f}' for v in ms[2]):>18} {one / two:>6.2f} "
                f"{row['rule_threads']:>5} {100 * share:>6.1f}%",
                flush=True,
            )
    finally:
        numba.set_num_threads(before)
    print("ratio > 1: two threads are faster. rule: the threads the automatic count gives.")
    print(json.dumps({"scenario": ns.scenario, "steps": ns.steps, "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
