"""The subcommands other than `run` (argparse), each a thin wrapper over a library function."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from micic_sim.scenario import Scenario


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
    print("  " + _uncertainties_line(s))
    return 0


def _uncertainties_line(s: Scenario) -> str:
    """The scenario's uncertainties.csv, checked (its errors name file, row and field)."""
    from micic_sim.explore.uncertainties import FILE, load_uncertainties

    if not (s.path / FILE).exists():  # a folder of that name is an error, below
        return f"no {FILE}: `micic-sim explore` needs the ranges of the assumptions"
    items = load_uncertainties(s)
    tagged = sum(u.source.startswith("A") for u in items)
    return (
        f"{len(items)} uncertainties in {FILE} ({tagged} sourced assumptions [A..], "
        f"{len(items) - tagged} other)"
    )


def _scenarios(args: list[str]) -> int:
    from micic_sim.resources import (
        ENV,
        available_scenarios,
        bundled_scenarios,
        missing_user_dirs,
        scenario_title,
    )

    ap = argparse.ArgumentParser(
        prog="micic-sim scenarios",
        description=f"List the scenarios a name can select: those in ${ENV} folders, then the "
        "bundled ones.",
    )
    ap.add_argument("--paths", action="store_true", help="show each scenario's folder")
    ns = ap.parse_args(args)
    if missing_user_dirs():  # said first: the user's scenarios will be missing from the list
        print(f"warning: {missing_user_dirs()}", file=sys.stderr)
    found = available_scenarios()
    width = max((len(n) for n in found), default=0) + 2
    bundled = bundled_scenarios().resolve()
    for name, folder in found.items():
        where = "" if folder.resolve().parent == bundled else "  [yours]"
        line = f"{name.ljust(width)}{scenario_title(folder)}{where}"
        print(line + (f"\n{''.ljust(width)}{folder}" if ns.paths else ""))
    if not found:
        print(f"no scenarios found; set {ENV} to a folder of scenario folders")
    return 0


def _parameters(args: list[str]) -> int:
    from micic_sim.behaviour import parameter_table

    ap = argparse.ArgumentParser(
        prog="micic-sim parameters",
        description="The behaviour parameters: set one with behaviour.<name>=<value> on the "
        "run command line, or under behaviour: in a scenario.yaml.",
    )
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ns = ap.parse_args(args)
    rows = parameter_table()
    if ns.markdown:
        print("| parameter | default | unit | meaning |\n|---|---|---|---|")
        for name, default, unit, what in rows:
            print(f"| `{name}` | {default:g} | {unit} | {what} |")
        return 0
    nw = max(len(r[0]) for r in rows) + 2
    uw = max(len(r[2]) for r in rows) + 2
    print(f"{'parameter'.ljust(nw)}{'default':>9}  {'unit'.ljust(uw)}meaning")
    for name, default, unit, what in rows:
        print(f"{name.ljust(nw)}{default:>9g}  {unit.ljust(uw)}{what}")
    return 0


def dispatch(name: str, args: list[str]) -> int:
    from micic_sim.inputs import INPUT_ERROR

    if name == "check":
        return _check(args)
    if name == "scenarios":
        return _scenarios(args)
    if name == "parameters":
        return _parameters(args)
    if name == "export":
        from micic_sim.analysis.export import main as export_main

        return export_main(args)
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
    if name == "explore":
        from micic_sim.explore.cli import main as explore_main

        return explore_main(args)
    if name == "calibrate":
        from micic_sim.calibrate import main as calibrate_main

        return calibrate_main(args)
    print(f"unknown command {name}", file=sys.stderr)
    return INPUT_ERROR


__all__ = ["dispatch", "Path"]
