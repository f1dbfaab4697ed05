"""`micic-sim dashboard`: a planning dashboard in the browser (Solara), for workshops.

    micic-sim dashboard [scenario=NAME] [--port 8765] [--room]

It serves micic_sim.dashboard.app on 127.0.0.1 (this computer only) unless `--room` is given,
which listens on every network interface so that others in the room can open it. Every
front-end file is served from the Python environment (the `solara-assets` package, whose files
Solara's asset route finds under sys.prefix/share/solara/cdn), so it works with no internet. A
file missing there would make the server try a CDN and log "Could not load URL"; the browser
test fails on that, and on any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import sys

APP = "micic_sim.dashboard.app"


def parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="micic-sim dashboard",
        description="Start the planning dashboard (a local web page): pick a scenario, a policy "
        "preset or levers, run, and compare with the baseline.",
    )
    ap.add_argument(
        "overrides",
        nargs="*",
        metavar="scenario=NAME",
        help="scenario to open first (bundled name or folder; default libya_2011)",
    )
    ap.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument(
        "--room",
        action="store_true",
        help="serve the room: listen on all interfaces (0.0.0.0) so others on this network "
        "can open the page; no login, so use it only on a network you trust",
    )
    ap.add_argument("--out", default="runs/dashboard", help="where downloads are written too")
    ap.add_argument("--open", action="store_true", help="open a browser tab")
    ns = ap.parse_args(argv)
    ns.scenario = "libya_2011"
    for item in ns.overrides:
        key, sep, value = item.partition("=")
        if key != "scenario" or not sep or not value:
            ap.error(f"unknown setting {item!r}: the dashboard takes scenario=NAME only")
        ns.scenario = value
    return ns


def main(argv: list[str] | None = None) -> int:
    ns = parse(list(sys.argv[1:] if argv is None else argv))
    from micic_sim.inputs import INPUT_ERROR
    from micic_sim.scenario import ScenarioError, load_scenario

    try:
        load_scenario(ns.scenario)  # say what is wrong here, not in the browser
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_ERROR
    host = "0.0.0.0" if ns.room else ns.host
    env = dict(
        os.environ,
        MICIC_DASHBOARD_SCENARIO=ns.scenario,
        MICIC_DASHBOARD_OUT=ns.out,
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",  # no call home
    )
    cmd = [sys.executable, "-m", "solara", "run", APP, "--host", host, "--port", str(ns.port)]
    cmd += ["--production", "--open" if ns.open else "--no-open"]
    where = "this computer only" if host == "127.0.0.1" else "every network interface"
    print(f"micic-sim dashboard: http://{host}:{ns.port}/ ({where}); Ctrl+C stops it", flush=True)
    os.execve(sys.executable, cmd, env)  # one process: Ctrl+C and kill reach the server itself
    return 0  # not reached
