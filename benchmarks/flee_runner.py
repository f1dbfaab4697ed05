"""Run Flee (the refugee-movement ABM, BSD-3) as a performance and accuracy baseline.

Runs with the Python of a separate virtual environment that has ``flee`` installed (Flee is
not a dependency of micic-sim's runtime)::

    /work/flee-venv/bin/python benchmarks/flee_runner.py case \
        --input ../shared/flee-conflicts/input/mali \
        --validation ../shared/flee-conflicts/validation/mali2012 \
        --out-csv /tmp/flee-mali.csv --seed 0

    /work/flee-venv/bin/python benchmarks/flee_runner.py synthetic \
        --n-locations 100 --n-agents 10000 --days 100 --seed 0

Each prints one JSON line on stdout (Flee's own chatter goes to stderr) with ``wall_s``,
``agent_steps`` (agents evolved, summed over days), ``agent_steps_per_s`` and
``peak_rss_mb``; a ``case`` run also writes the simulated people per camp and day to
``--out-csv`` (columns ``day`` and one per camp) and reports the averaged relative
difference (ARD) against the validation data.

The ``case`` mode follows Flee's ``runscripts/run.py``: the case's own ``simsetting.yml``
when its input folder holds one (as FabFlee runs such a case; ``--simsettings`` overrides),
otherwise the default simulation settings of Flee's ``flee/simsetting.yml`` (data-driven
spawning following the ``total`` count, day-0 refugees inserted in camps), conflicts from
``conflicts.csv``, border closures from ``closures.csv``, registration corrections applied
to the observed counts, and each day ``AddNewConflictZones``, ``spawn_daily_displaced``,
``refresh_spawn_weights``, ``enact_border_closures`` and ``evolve``.

ARD (Suleimenova, Bell and Groen 2017): for each day the sum over camps of
``|simulated - observed|`` divided by the observed number of people in those camps (floored
at 1, as in Flee's ``plot_flee_output``), averaged over the simulated days. The observed
values are Flee's own (``DataTable.get_field``), so this is the ARD Flee itself reports. The
same formula lives in ``micic_sim.validation.flee_data``, which is not imported here.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

#: Flee's default settings (flee/simsetting.yml and flee/config_template/simsetting.yml).
DEFAULT_SIMSETTINGS = """\
log_levels:
  agent: 0
  link: 0
  camp: 0
  conflict: 0
  init: 0
  granularity: location
spawn_rules:
  take_from_population: False
  insert_day0: True
move_rules:
  max_move_speed: 360.0
  max_walk_speed: 35.0
  foreign_weight: 1.0
  camp_weight: 1.0
  conflict_weight: 0.25
  conflict_movechance: 1.0
  camp_movechance: 0.001
  default_movechance: 0.3
  awareness_level: 1
  capacity_scaling: 1.0
  avoid_short_stints: False
  start_on_foot: False
  weight_power: 1.0
optimisations:
  hasten: 1
"""


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send Flee's prints to stderr so that stdout carries only the JSON result."""
    saved = sys.stdout
    sys.stdout = sys.stderr
    try:
        yield
    finally:
        sys.stdout = saved


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_settings(path: str | None) -> None:
    """Read Flee's simulation settings from ``path`` or from the defaults above.

    Flee's log levels are then set to 0: they change only what Flee writes, not the run, and
    some cases' files set ``agent: 1`` and ``link: 1``, which write every agent and link each
    day to the working folder (gigabytes on the larger cases)."""
    from flee.SimulationSettings import SimulationSettings

    if path:
        SimulationSettings.ReadFromYML(path)
        for level in SimulationSettings.log_levels:
            SimulationSettings.log_levels[level] = 0
        return
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        handle.write(DEFAULT_SIMSETTINGS)
        name = handle.name
    try:
        SimulationSettings.ReadFromYML(name)
    finally:
        os.unlink(name)


def case_settings(folder: Path) -> str | None:
    """The case's own ``simsetting.yml`` in its input folder, if it has one."""
    path = Path(folder) / "simsetting.yml"
    return str(path) if path.is_file() else None


def read_sim_period(path: Path) -> tuple[str, int]:
    """Read ``sim_period.csv`` (``StartDate,YYYY-MM-DD`` and ``Length,N`` rows)."""
    start, length = "", 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) < 2:
                continue
            key = row[0].strip().lower()
            if key == "startdate":
                start = row[1].strip()
            elif key == "length":
                length = int(row[1])
    if not start or length <= 0:
        raise ValueError(f"{path}: needs StartDate and a positive Length")
    return start, length


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - Flee draws from the legacy global generator


def ard_from_tables(sim: np.ndarray, obs: np.ndarray, rescale: bool = False) -> float:
    """ARD of two (days, camps) arrays: mean over days of sum|sim-obs| / max(sum obs, 1)."""
    sim = sim.astype(float)
    obs = obs.astype(float)
    if rescale:
        sim_tot = sim.sum(axis=1)
        obs_tot = obs.sum(axis=1)
        factor = np.divide(obs_tot, sim_tot, out=np.zeros_like(obs_tot), where=sim_tot > 0)
        sim = sim * factor[:, None]
    diff = np.abs(sim - obs).sum(axis=1)
    return float(np.mean(diff / np.maximum(obs.sum(axis=1), 1.0)))


def run_case(args: argparse.Namespace) -> dict:
    """Run Flee on an input folder for its sim_period, scoring against a validation folder."""
    from flee import InputGeography, flee, spawning
    from flee.datamanager import handle_refugee_data
    from flee.SimulationSettings import SimulationSettings

    t0 = time.perf_counter()
    inp = Path(args.input)
    period = inp / "sim_period.csv"
    if not period.is_file():  # Flee 3.1's own reader: read_period.read_conflict_period
        period = inp / "conflict_period.csv"
    start_date, length = read_sim_period(period)
    days = args.days if args.days and args.days > 0 else length
    seed_all(args.seed)
    # The case's own simsetting.yml, as FabFlee runs a case folder holding one (Flee reads it
    # in place of its default file: keys it does not set take Flee 3.1's code defaults).
    settings = args.simsettings or case_settings(inp)
    load_settings(settings)
    SimulationSettings.ConflictInputFile = str(inp / "conflicts.csv")

    e = flee.Ecosystem()
    ig = InputGeography.InputGeography()
    ig.ReadConflictInputCSV(str(inp / "conflicts.csv"))
    ig.ReadLocationsFromCSV(str(inp / "locations.csv"))
    ig.ReadLinksFromCSV(str(inp / "routes.csv"))
    if (inp / "closures.csv").is_file():  # run.py reads it always; absent means none
        ig.ReadClosuresFromCSV(str(inp / "closures.csv"))
    else:
        ig.closures = []
    e, lm = ig.StoreInputGeographyInEcosystem(e)

    d = handle_refugee_data.RefugeeTable(
        csvformat="generic",
        data_directory=str(args.validation),
        start_date=start_date,
        data_layout="data_layout.csv",
        population_scaledown_factor=SimulationSettings.optimisations["PopulationScaleDownFactor"],
    )
    corrections = inp / "registration_corrections.csv"
    if corrections.is_file():
        d.ReadL1Corrections(str(corrections))

    camps = e.get_camp_names()
    for name in camps:
        spawning.add_initial_refugees(e, d, lm[name])
    setup_s = time.perf_counter() - t0

    sim = np.zeros((days, len(camps)), dtype=np.int64)
    obs = np.zeros((days, len(camps)), dtype=np.int64)
    total_error = np.zeros(days)
    agent_steps = 0
    t1 = time.perf_counter()
    for t in range(days):
        ig.AddNewConflictZones(e, t)
        _new, refugees_raw, _debt = spawning.spawn_daily_displaced(e, t, d)
        spawning.refresh_spawn_weights(e)
        e.enact_border_closures(t)
        agent_steps += len(e.agents)
        e.evolve()
        for j, name in enumerate(camps):
            sim[t, j] = lm[name].numAgents
            obs[t, j] = d.get_field(name, t)
        if refugees_raw > 0:  # run.py's "Total error" column
            total_error[t] = np.abs(sim[t] - obs[t]).sum() / float(refugees_raw)
    wall_s = time.perf_counter() - t1

    out = Path(args.out_csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["day", *camps])
        for t in range(days):
            writer.writerow([t, *sim[t].tolist()])

    return {
        "mode": "case",
        "input": str(inp),
        "validation": str(args.validation),
        "start_date": start_date,
        "days": days,
        "seed": args.seed,
        "simsettings": str(settings) if settings else "Flee's defaults (DEFAULT_SIMSETTINGS)",
        "camps": camps,
        "setup_s": round(setup_s, 3),
        "wall_s": round(wall_s, 3),
        "agent_steps": int(agent_steps),
        "agent_steps_per_s": round(agent_steps / wall_s, 1) if wall_s > 0 else None,
        "final_agents": len(e.agents),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "ard": round(ard_from_tables(sim, obs), 4),
        "ard_rescaled": round(ard_from_tables(sim, obs, rescale=True), 4),
        "ard_total_error_mean": round(float(total_error.mean()), 4),
        "final_sim_in_camps": int(sim[-1].sum()),
        "final_obs_in_camps": int(obs[-1].sum()),
        "out_csv": str(out),
    }


def synthetic_graph(
    n_locations: int, seed: int
) -> tuple[list[tuple[str, str, float, float, int, str]], list[tuple[int, int, float]]]:
    """A reproducible random location graph.

    Locations ``L0..L{n-1}`` at uniform random positions in a 1000 km square. The first
    ``max(1, n // 10)`` are conflict zones, the last ``max(1, n // 10)`` are camps (in a
    foreign country, capacity set by the caller), the rest are towns; populations are
    uniform in [10 000, 100 000). Links: a random spanning tree (each location in a random
    order joins one earlier one) plus ``n // 2`` extra random links, each as long as the
    straight line between its ends (at least 10 km).

    Returns:
        ``(name, type, x, y, pop, country)`` per location and ``(i, j, km)`` per link.
    """
    rng = np.random.default_rng(seed)
    n_conflict = max(1, n_locations // 10)
    n_camps = max(1, n_locations // 10)
    if n_locations < n_conflict + n_camps:
        raise ValueError("n_locations must be at least 2")
    xy = rng.uniform(0.0, 1000.0, size=(n_locations, 2))
    pops = rng.integers(10_000, 100_000, size=n_locations)
    locations = []
    for i in range(n_locations):
        if i < n_conflict:
            kind, country = "conflict_zone", "Home"
        elif i >= n_locations - n_camps:
            kind, country = "camp", "Abroad"
        else:
            kind, country = "town", "Home"
        locations.append((f"L{i}", kind, float(xy[i, 0]), float(xy[i, 1]), int(pops[i]), country))
    order = rng.permutation(n_locations)
    edges: set[tuple[int, int]] = set()
    for k in range(1, n_locations):
        a, b = int(order[k]), int(order[rng.integers(0, k)])
        edges.add((min(a, b), max(a, b)))
    extra = 0
    while extra < n_locations // 2 and n_locations > 2:
        a, b = (int(v) for v in rng.integers(0, n_locations, size=2))
        if a != b and (min(a, b), max(a, b)) not in edges:
            edges.add((min(a, b), max(a, b)))
            extra += 1
    links = [(a, b, max(10.0, float(np.hypot(*(xy[a] - xy[b]))))) for a, b in sorted(edges)]
    return locations, links


def run_synthetic(args: argparse.Namespace) -> dict:
    """Run Flee on a synthetic graph: all agents start in conflict zones on day 0."""
    from flee import flee

    t0 = time.perf_counter()
    seed_all(args.seed)
    load_settings(args.simsettings)
    locations, links = synthetic_graph(args.n_locations, args.seed)
    n_camps = sum(1 for loc in locations if loc[1] == "camp")
    capacity = 10 * args.n_agents // n_camps + 1
    e = flee.Ecosystem()
    e.print_location_output = False
    objs = []
    for name, kind, x, y, pop, country in locations:
        if kind == "camp":
            loc = e.addLocation(
                name,
                x=x,
                y=y,
                location_type=kind,
                capacity=capacity,
                foreign=True,
                country=country,
            )
        else:
            loc = e.addLocation(
                name, x=x, y=y, location_type=kind, pop=pop, foreign=False, country=country
            )
        objs.append(loc)
    for a, b, km in links:
        e.linkUp(locations[a][0], locations[b][0], distance=km)
    for name, kind, *_ in locations:
        if kind == "conflict_zone":
            e.add_conflict_zone(name)
    rng = np.random.default_rng(args.seed + 1)
    conflict_idx = [i for i, loc in enumerate(locations) if loc[1] == "conflict_zone"]
    weights = np.array([locations[i][4] for i in conflict_idx], dtype=float)
    homes = rng.choice(conflict_idx, size=args.n_agents, p=weights / weights.sum())
    for i in homes:
        e.addAgent(objs[int(i)], attributes={})
    setup_s = time.perf_counter() - t0

    agent_steps = 0
    t1 = time.perf_counter()
    for _ in range(args.days):
        agent_steps += len(e.agents)
        e.evolve()
    wall_s = time.perf_counter() - t1
    in_camps = sum(objs[i].numAgents for i, loc in enumerate(locations) if loc[1] == "camp")
    return {
        "mode": "synthetic",
        "n_locations": args.n_locations,
        "n_links": len(links),
        "n_agents": args.n_agents,
        "days": args.days,
        "seed": args.seed,
        "setup_s": round(setup_s, 3),
        "wall_s": round(wall_s, 3),
        "agent_steps": int(agent_steps),
        "agent_steps_per_s": round(agent_steps / wall_s, 1) if wall_s > 0 else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "final_in_camps": int(in_camps),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    case = sub.add_parser("case", help="run a Flee input folder for its sim_period")
    case.add_argument("--input", required=True, help="Flee input folder (locations.csv, ...)")
    case.add_argument("--validation", required=True, help="validation folder (data_layout.csv)")
    case.add_argument("--out-csv", required=True, help="where to write people per camp and day")
    case.add_argument("--days", type=int, default=0, help="override sim_period's length")
    case.add_argument("--seed", type=int, default=0)
    case.add_argument("--simsettings", default=None, help="Flee simsetting.yml (default: Flee's)")
    syn = sub.add_parser("synthetic", help="run a synthetic random graph")
    syn.add_argument("--n-locations", type=int, required=True)
    syn.add_argument("--n-agents", type=int, required=True)
    syn.add_argument("--days", type=int, required=True)
    syn.add_argument("--seed", type=int, default=0)
    syn.add_argument("--simsettings", default=None)
    args = parser.parse_args(argv)
    with stdout_to_stderr():
        result = run_case(args) if args.mode == "case" else run_synthetic(args)
    result["python"] = sys.version.split()[0]
    try:
        from importlib.metadata import version

        result["flee_version"] = version("flee")
    except Exception:  # pragma: no cover - metadata missing
        result["flee_version"] = None
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
