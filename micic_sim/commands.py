"""The subcommands other than `run` (argparse), each a thin wrapper over a library function."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _check(args: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="micic-sim check", description="Validate a scenario folder and describe it."
    )
    ap.add_argument("scenario", help="bundled scenario name or path to a scenario folder")
    ns = ap.parse_args(args)
    from micic_sim.inputs import check_run
    from micic_sim.scenario import load_scenario

    # The same checks as `run` with the scenario's own settings; errors reach cli.main, which
    # prints them as one line (exit status 2).
    s = load_scenario(ns.scenario)
    plan = check_run(s)
    print(
        f"{s.name}: {s.title}\n  {len(s.places)} places, {len(s.links)} links, "
        f"{len(s.crossings)} crossings, {len(s.consulates)} consular posts, "
        f"{len(s.evacuations)} evacuation offers, {len(s.timeline)} timeline events\n"
        f"  population {int(s.population['count'].sum()):,} in {len(s.population)} rows, "
        f"{len(s.nationalities)} nationalities; {s.days:g} days from {s.start_date}\n"
        f"  a default run: {plan.n_steps:,} steps of {plan.dt_hours:g} h, about "
        f"{plan.memory_bytes / 2**20:,.0f} MiB of memory (estimate)"
    )
    return 0


def dispatch(name: str, args: list[str]) -> int:
    if name == "check":
        return _check(args)
    if name == "collect":
        from micic_sim.analysis.collect import main as collect_main

        return collect_main(args)
    if name == "report":
        from micic_sim.plots.report import main as report_main

        return report_main(args)
    if name == "import-flee":
        from micic_sim.scenario.flee_import import main as import_main

        return import_main(args)
    if name == "validate":
        from micic_sim.validation.cli import main as validate_main

        return validate_main(args)
    if name == "calibrate":
        from micic_sim.calibrate import main as calibrate_main

        return calibrate_main(args)
    print(f"unknown command {name}", file=sys.stderr)
    return 2


__all__ = ["dispatch", "Path"]
