"""How the dashboard's engine keeps up on a large scenario: time to build the policy and baseline
models, seconds per step of the pair, how often charts were published, and how long drawing the
three charts takes at the end (the page's only redraw cost). Off the web server: it measures
`LiveRun` and `figures` exactly as the page calls them, in the same worker-thread pattern.

    .venv/bin/python benchmarks/dashboard.py [--scenario libya_2011] [--preset guidelines]
        [--agents N] [--steps N]

Prints one JSON object. Run it on a quiet machine (see README.md).
"""

from __future__ import annotations

import argparse
import json
import threading
import time

from micic_sim.dashboard import choices, figures
from micic_sim.dashboard.live import REDRAW_SECONDS, LiveRun, Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default="libya_2011")
    ap.add_argument("--preset", default="guidelines")
    ap.add_argument("--agents", type=int, default=None, help="default: the scenario's")
    ap.add_argument("--steps", type=int, default=None, help="default: to the end")
    ns = ap.parse_args()
    t0 = time.perf_counter()
    run = LiveRun(Settings(ns.scenario, choices.presets()[ns.preset], ns.agents, 0))
    build_s = time.perf_counter() - t0
    draws: list[float] = []

    def publish(snap) -> None:  # what the page does: draw the three charts to PNG
        t = time.perf_counter()
        figures.all_pngs(snap, run.model.case)
        draws.append(time.perf_counter() - t)

    out: dict[str, float] = {}

    def work() -> None:
        t = time.perf_counter()
        out["steps"] = run.run(ns.steps, publish)
        out["run_s"] = time.perf_counter() - t

    worker = threading.Thread(target=work)  # off the main thread, as in the page
    worker.start()
    worker.join()
    print(
        json.dumps(
            {
                "scenario": ns.scenario,
                "preset": ns.preset,
                "agents": run.model.population.n,
                "build_two_models_s": round(build_s, 2),
                "steps": out["steps"],
                "run_s_including_draws": round(out["run_s"], 1),
                "s_per_step_pair_including_draws": round(out["run_s"] / out["steps"], 4),
                "publishes": len(draws),
                "redraw_floor_s": REDRAW_SECONDS,
                "draw_s_mean": round(sum(draws) / len(draws), 2),
                "draw_s_last": round(draws[-1], 2),
                "draw_share_of_run": round(sum(draws) / out["run_s"], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
