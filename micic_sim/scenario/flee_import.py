"""Convert a Flee input folder into a micic-sim scenario folder (docs/scenario-format.md).

Flee (the refugee-movement agent-based model, BSD-3-Clause) describes a displacement event with
``locations.csv``, ``routes.csv``, ``closures.csv``, ``conflicts.csv`` and ``sim_period.csv``,
and its validation data with a folder of UNHCR counts (see :mod:`micic_sim.validation.flee_data`).
:func:`import_flee` maps them as follows.

* ``sim_period.csv`` (or, without it, ``conflict_period.csv``, which Flee 3.1's package reads)
  gives ``start_date`` and ``days``.
* The host (crisis) country is the country holding most places ever in conflict. (Flee 3.1
  takes the first row's country for its ``foreign`` flag; when they differ, a warning says so.)
* Locations: conflict zones and towns in the host country become ``city`` places; camps
  ``reception`` places (a journey ends there, as in a Flee camp, at home or abroad) with the
  camp's capacity (Flee's ``population`` column; 0 or empty means unlimited, as in Flee); IDP
  camps in the host country ``shelter`` places; forwarding hubs, markers and towns abroad
  ``transit`` places; a location type Flee does not know becomes, as in Flee 3.1, a camp
  without capacity. Ids are the Flee names reduced to letters, digits, ``_`` and ``-``; the
  display name keeps Flee's name.
* Routes become two-way ``road`` links of the route's length. A route from the host country to
  another country becomes a border crossing: a ``border_exit`` post in the host country (drawn
  half way), reached by a link of the route's full length from the host-side location (a
  crossing is served where it is reached and nobody travels its own length, so a post half way
  along the road let people skip half the route), and a crossing to the foreign location of
  :data:`CROSSING_KM` with no document or visa rule and a daily capacity
  of :data:`UNLIMITED_CROSSING` (Flee does not limit borders), and a one-way road of the
  route's length back from the foreign location (Flee's routes are two-way: its agents may
  come back through the host country, e.g. from a hub or a camp abroad).
* Conflicts become ``hazard`` timeline rows: Flee's conflict state is replayed day by day
  (``InputGeography.AddNewConflictZones`` with ``conflicts.csv``, or the ``conflict_date`` of
  conflict zones without it) and each change is written, intensity clipped to 1.
* Closures become timeline rows: ``country`` closes every crossing and link between the two
  countries, ``link`` the route between two locations, ``location``/``camp``/``idpcamp`` every
  link and crossing touching the location (micic-sim has no place closure), on
  ``closure_start``, and reopens them on ``closure_end`` if that comes later (Flee lifts a
  closure only on that day). What Flee enacts without effect (``remove_forced_redirection``,
  which Flee 3.1 does not use when moving agents, a type it does not know, a name matching
  nothing) is skipped with a warning.
* ``conflicts.csv`` is read as Flee 3.1 reads it (``ReadConflictInputCSV``), each oddity a
  warning naming its first row: the day column is never read (rows are days in file order);
  a row with nothing after its first cell (a comment) gives no day, a ``#`` row with values
  does; a row shorter than the header feeds only the columns it reaches (the others' later
  values apply a day early); a negative intensity is no conflict (Flee's test is > 1e-6) and
  is read as 0. Columns naming no location are ignored (Flee prints an error and carries on),
  and a name repeated in its header is read as Flee reads it. Refused, as Flee fails on them:
  a value that is not a number or is empty, a value under no header name, and a column with
  fewer values than days.
* ``demographics_<attribute>.csv`` (Flee draws each new agent's attribute from it) is not
  used: a warning per file, since micic-sim's people carry no such attribute (Flee moves
  agents by one only with the move rules ``ChildrenAvoidHazards`` or ``BoysTakeRisk``).
* Population (one nationality, the host country's; single adults with passports, status
  ``regular``; crossings demand no documents so these attributes do not restrict movement):
  with a validation folder, people appear as Flee's data-driven spawning makes them appear:
  on day 0 each camp holds its observed count (Flee's ``insert_day0``), and on each later day
  the increase of the interpolated ``total`` count (``refugees.csv``, with Flee's "refugee
  debt" for decreases) appears in the active conflict zones in proportion to population x
  conflict intensity (Flee's spawn weights; split by largest remainder instead of drawn).
  Without one, each active conflict zone displaces ``displaced_per_conflict_day`` x intensity
  people a day (Flee's constant conflict-driven spawning), until its population is used up.
* Movement: ``scenario.yaml`` gets ``dt_hours: 24`` (Flee steps a day) and the behaviour in
  :data:`FLEE_BEHAVIOUR`: every household finds its way locally with Flee's rule set (Flee's
  defaults, three parameters fitted jointly on seven of Flee's cases); forwarding hubs
  and markers get ``move_chance`` 1, as in Flee, and so do the border posts the importer adds
  (a Flee route has no stop half way: people pass the post within the day's travel).
* A ``simsetting.yml`` in the input folder (Flee's settings file, which FabFlee runs a case
  with) is read as Flee 3.1 reads it (:mod:`micic_sim.scenario.flee_settings`): the keys
  micic-sim shares (speeds, move chances, weights, softening, distance power, awareness,
  capacity buffer, avoid_short_stints) override :data:`FLEE_BEHAVIOUR`, and since the file
  replaces Flee's default file, the keys it does not set take Flee 3.1's code defaults (the
  three fitted ones excepted); ``insert_day0``, ``take_from_population`` and
  ``conflict_spawn_decay`` (of both the spawn weights and the conflict weight) are reproduced
  here; every other key is a warning, and ``import.json`` records what was read.
* The validation folder (and ``registration_corrections.csv``) is copied to
  ``observed/flee/``; ``scenario.yaml``'s ``notes`` maps place ids to Flee names; with it comes
  a ``calibration.yaml`` (:data:`CALIBRATION_YAML`) for ``micic-sim calibrate``. Flee's
  ``LICENSE``, when found beside the input folder, is copied as ``FLEE_LICENSE``.
  ``uncertainties.csv`` gives the ranges of the rule set's parameters (``micic-sim explore``).
* Every deviation from what Flee would do is a warning, in ``scenario.yaml``'s
  ``notes.warnings`` and in ``import.json``, which also holds a self-check of every camp of
  the validation data (:func:`self_check`: present, in Flee's country, reached from the places
  in conflict along the same shortest route as in Flee). People Flee makes appear where no
  route leads out of the host country (they never reach a camp there) are left out, after the
  day's split, with a warning.
* The scenario is written to a hidden folder next to the destination, loaded once to check it,
  and renamed into place: a failure leaves nothing half-written.

Input Flee could not run raises :class:`~micic_sim.scenario.tables.ScenarioError` (a
``ValueError``) naming the file, row and field, including Flee's template traps: header rows
without ``#``, routes to unknown locations and numbers that do not parse.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from micic_sim.scenario.flee_read import (
    FleeInput,
    FleeLocation,
    optional_file,
    read_flee_input,
)
from micic_sim.scenario.flee_settings import decay_factor, hasten_agents, read_flee_settings
from micic_sim.scenario.flee_translate import (
    CROSSING_KM,
    DEFAULT_DISPLACED_PER_CONFLICT_DAY,
    FLEE_BEHAVIOUR,
    UNLIMITED_CROSSING,
    _apportion,
    _shortest,
    _slug,
    conflict_states,
    replay_conflicts,
    self_check,
)
from micic_sim.scenario.flee_write import (
    CALIBRATION_YAML,
    FLEE_UNCERTAINTIES,
    _fmt,
    _write_scenario,
)
from micic_sim.scenario.tables import ScenarioError
from micic_sim.validation.flee_data import read_validation_folder

__all__ = [
    "CALIBRATION_YAML",
    "CROSSING_KM",
    "DEFAULT_DISPLACED_PER_CONFLICT_DAY",
    "FLEE_BEHAVIOUR",
    "FLEE_UNCERTAINTIES",
    "FleeInput",
    "UNLIMITED_CROSSING",
    "conflict_states",
    "import_flee",
    "read_flee_input",
]


def import_flee(
    folder: Path,
    out_dir: Path,
    name: str,
    *,
    validation: Path | None = None,
    displaced_per_conflict_day: int = DEFAULT_DISPLACED_PER_CONFLICT_DAY,
    insert_day0: bool = True,
    overwrite: bool = False,
) -> Path:
    """Convert a Flee input folder into the micic-sim scenario folder ``out_dir / name``.

    Args:
        folder: Flee input folder (``locations.csv``, ``routes.csv``, ``sim_period.csv``,
            optional ``closures.csv``, ``conflicts.csv``, ``registration_corrections.csv``).
        out_dir: where to create the scenario folder.
        name: scenario name (folder name and ``name`` in ``scenario.yaml``).
        validation: Flee validation folder (``data_layout.csv``); when given, people appear
            following its total count (data-driven spawning) and it is copied to
            ``observed/flee/``; otherwise conflict-driven spawning.
        displaced_per_conflict_day: people displaced per day by a conflict of intensity 1
            when there is no validation folder.
        insert_day0: with a validation folder, start each camp with its observed day-0 count.
        overwrite: replace an existing scenario folder.

    Returns:
        The scenario folder.

    Raises:
        ScenarioError: (a ``ValueError``) naming file, row and field, for malformed input.
        FileExistsError: if the scenario folder exists and ``overwrite`` is false.
    """
    folder, out_dir = Path(folder), Path(out_dir)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"scenario name '{name}' may only hold letters, digits, '_' and '-'")
    if displaced_per_conflict_day < 0:
        raise ValueError("displaced_per_conflict_day must be >= 0")
    inp = read_flee_input(folder)
    settings = read_flee_settings(folder)
    if "spawn_rules.insert_day0" in settings.read:  # the case's own setting, as Flee reads it
        insert_day0 = settings.insert_day0
    decay = settings.conflict_spawn_decay
    host = inp.host_country
    locpath = folder / "locations.csv"

    # ---- places
    ids: dict[str, str] = {}
    used: dict[str, FleeLocation] = {}
    for loc in inp.locations:
        pid = _slug(loc.name) or f"loc{loc.row}"
        if pid in used:
            raise ScenarioError(
                locpath,
                f"'{loc.name}' and '{used[pid].name}' (row {used[pid].row}) both become the "
                f"place id '{pid}'; rename one",
                row=loc.row,
                field="name",
            )
        used[pid] = loc
        ids[loc.name] = pid
    places: list[list[Any]] = []
    camps: dict[str, str] = {}
    for loc in inp.locations:
        inside = loc.country == host
        capacity: Any = ""
        move_chance: Any = ""  # by kind (Behaviour's Flee move chances)
        if loc.kind in ("camp", "idpcamp"):
            # A Flee camp ends the journey wherever it is (its move chance is the camp's);
            # an IDP camp in the host country is a shelter people move on from.
            kind = "shelter" if inside and loc.kind == "idpcamp" else "reception"
            capacity = loc.population if loc.population > 0 else ""
            camps[ids[loc.name]] = loc.name
        elif loc.kind in ("forwarding_hub", "marker"):
            kind = "transit"
            move_chance = 1  # Flee moves everyone on from hubs and markers at once
        else:
            kind = "city" if inside else "transit"
        places.append(
            [
                ids[loc.name],
                loc.name,
                kind,
                loc.country,
                _fmt(loc.lat),
                _fmt(loc.lon),
                capacity,
                move_chance,
            ]
        )

    # ---- links and crossings
    links: list[list[Any]] = []
    crossings: list[list[Any]] = []
    route_targets: dict[frozenset[str], list[tuple[str, str]]] = {}  # pair -> [(event kind, id)]
    touching: dict[str, list[tuple[str, str]]] = {loc.name: [] for loc in inp.locations}
    country_of = {loc.name: loc.country for loc in inp.locations}
    between: dict[frozenset[str], list[tuple[str, str]]] = {}
    forced = []
    for r in inp.routes:
        if r.forced_redirection:
            forced.append(f"{r.a} - {r.b}")
        ca, cb = country_of[r.a], country_of[r.b]
        ia, ib = ids[r.a], ids[r.b]
        if (ca == host) != (cb == host):
            h, f = (r.a, r.b) if ca == host else (r.b, r.a)
            hl, fl = inp.location(h), inp.location(f)
            exit_id = f"exit_{ids[h]}_{ids[f]}"
            if exit_id in used:
                raise ScenarioError(
                    locpath,
                    f"place id '{exit_id}' is reserved for the border "
                    "post the importer creates; rename the location",
                    row=used[exit_id].row,
                    field="name",
                )
            places.append(
                [
                    exit_id,
                    f"{h} - {f} border",
                    "border_exit",
                    host,
                    _fmt(round((hl.lat + fl.lat) / 2, 6)),
                    _fmt(round((hl.lon + fl.lon) / 2, 6)),
                    "",
                    # Flee's route has no stop here: the post is passed at once, in the same
                    # day's travel (with the town move chance, 70 % of wayfinders stopped a day
                    # or more at each border, 2-3 days late at Ethiopia 2020's camps).
                    1,
                ]
            )
            link_id = f"{ids[h]}--{exit_id}"
            cross_id = f"x_{ids[h]}--{ids[f]}"
            # The whole route is travelled on the link: a household is placed across a border
            # when served (kernels.queues), without travelling the crossing's length.
            links.append([link_id, ids[h], exit_id, _fmt(r.distance), "road", "", "yes"])
            crossings.append(
                [
                    cross_id,
                    exit_id,
                    ids[f],
                    UNLIMITED_CROSSING,
                    "none",
                    "",
                    "no",
                    0,
                    0,
                    "no",
                    _fmt(CROSSING_KM),
                ]
            )
            # Flee's routes are two-way: people abroad may come back (Flee's forwarding hubs
            # and foreign towns lead on through the host country). The way back is a one-way
            # road; crossing out again takes the exit post, as for anyone leaving.
            back_id = f"{ids[f]}--{ids[h]}"
            links.append([back_id, ids[f], ids[h], _fmt(r.distance), "road", "", "no"])
            targets = [("link", link_id), ("crossing", cross_id), ("link", back_id)]
            border = [("crossing", cross_id), ("link", back_id)]
        else:
            link_id = f"{ia}--{ib}"
            links.append([link_id, ia, ib, _fmt(r.distance), "road", "", "yes"])
            targets = border = [("link", link_id)]
        route_targets[frozenset((r.a, r.b))] = targets
        touching[r.a] += targets
        touching[r.b] += targets
        if ca != cb:  # Flee's country closures close the links between the two countries
            between.setdefault(frozenset((ca, cb)), []).extend(border)
    if len(crossings) > 64:
        raise ScenarioError(
            folder / "routes.csv",
            f"{len(crossings)} routes leave the host "
            f"country '{host}'; micic-sim supports at most 64 crossings",
        )
    notes: list[str] = list(inp.notes) + settings.warnings
    if forced:
        notes.append("forced_redirection ignored (Flee 3.1 does not use it): " + ", ".join(forced))

    # ---- timeline: hazards
    states, onset, added = replay_conflicts(inp)
    timeline: list[tuple[float, int, str, str, str]] = []
    previous = np.zeros(len(inp.locations))
    for t in range(inp.days):
        level = np.clip(np.where(states[t] > 0, states[t], 0.0), 0.0, 1.0)
        if decay:  # Flee's conflict weight: ConflictWeight ** (decay x intensity)
            level = level * np.array([decay_factor(decay, t - s) for s in onset[t]])
        for i in np.flatnonzero(level != previous):
            timeline.append((t, 0, "hazard", ids[inp.locations[i].name], _fmt(level[i])))
        previous = level

    # ---- timeline: closures
    for c in inp.closures:  # read_flee_input kept only the closures Flee enacts
        if c.kind == "country":
            targets = between.get(frozenset((c.name1, c.name2)), [])
            if not targets:
                notes.append(
                    f"closures.csv row {c.row}: no route between {c.name1} and "
                    f"{c.name2}; nothing to close"
                )
        elif c.kind == "link":
            targets = route_targets[frozenset((c.name1, c.name2))]
        else:
            targets = touching[c.name1]
            if c.kind != "location":
                notes.append(
                    f"closures.csv row {c.row}: {c.kind} closure of {c.name1} closes "
                    "every link to it (Flee turns the camp into a town)"
                )
        if c.start == c.end:
            notes.append(f"closures.csv row {c.row}: closes and reopens on day {c.start}; ignored")
            continue
        for what, target in dict.fromkeys(targets):
            timeline.append((c.start, 1, f"close_{what}", target, ""))
            if c.end > c.start:  # Flee lifts a closure only on closure_end, if that comes later
                timeline.append((c.end, 2, f"open_{what}", target, ""))
    timeline.sort(key=lambda e: (e[0], e[1]))

    # ---- population
    nat = _slug(host) or "host"
    people: dict[tuple[str, int], int] = {}
    weights_pop = np.array([float(loc.population) for loc in inp.locations])
    observed = None
    if validation is not None:
        corrections = folder / "registration_corrections.csv"
        observed = read_validation_folder(
            validation, corrections=corrections if optional_file(corrections) else None
        )
        notes.extend(f"validation {note}" for note in observed.notes)
        total = observed.daily_total(inp.start_date, inp.days, truncate=True).to_numpy()
        if insert_day0:
            for pid, flee_name in camps.items():
                if flee_name in observed.camp_names:
                    n0 = int(
                        observed.daily(inp.start_date, 1, camps=[flee_name], truncate=True).iloc[
                            0, 0
                        ]
                    )
                    if n0 > 0:
                        people[(pid, 0)] = n0
                else:
                    notes.append(f"camp {flee_name} has no validation data; starts empty")
        debt = 0
        for t in range(inp.days):
            diff = int(total[t]) if t == 0 else int(total[t] - total[t - 1])
            new = diff - debt
            if insert_day0 and t == 0:
                new = 0
            if new < 0:
                debt, new = -new, 0
            elif debt > 0:
                debt = 0
            if new == 0:
                continue
            w = np.where(states[t] > 0, weights_pop * states[t], 0.0)
            if decay:
                # Flee's spawn weights were last refreshed today if a conflict began today,
                # otherwise yesterday (Ecosystem.evolve); the decay is read then.
                refreshed = t if added[t] else t - 1
                w = w * np.array([decay_factor(decay, refreshed - s) for s in onset[t]])
            if w.sum() <= 0:
                raise ScenarioError(
                    Path(validation) / "data_layout.csv",
                    f"day {t}: {new} people must appear but no conflict zone with population is "
                    "active (Flee would stop with an assertion)",
                )
            for i, k in enumerate(_apportion(new, w)):
                if k > 0:
                    key = (ids[inp.locations[i].name], t)
                    people[key] = people.get(key, 0) + int(k)
                    if settings.take_from_population:  # Flee's TakeFromPopulation
                        if k > weights_pop[i]:
                            raise ScenarioError(
                                settings.file or folder,
                                f"day {t}: {int(k)} people appear at {inp.locations[i].name}, "
                                f"which has {int(weights_pop[i])} left (take_from_population; "
                                "Flee stops with an assertion)",
                                field="spawn_rules.take_from_population",
                            )
                        weights_pop[i] -= k
        spawning = "data-driven: total count of the validation data (Flee's default)"
    else:
        left = weights_pop.copy()
        for t in range(inp.days):
            for i in np.flatnonzero(states[t] > 0):
                k = int(min(left[i], int(displaced_per_conflict_day * states[t][i])))
                if k > 0:
                    left[i] -= k
                    key = (ids[inp.locations[i].name], t)
                    people[key] = people.get(key, 0) + k
        spawning = (
            f"conflict-driven: {displaced_per_conflict_day} people per conflict day x "
            "intensity, at most the location's population"
        )
    # People Flee makes appear where no route leads out of the host country wander there for
    # the whole run (they never reach a camp); a scenario may not hold such people, so they
    # are left out, after the split of each day's number (the camps get what Flee sends).
    adjacency: dict[str, list[tuple[str, float]]] = {}
    for r in inp.routes:
        adjacency.setdefault(r.a, []).append((r.b, 1.0))
        adjacency.setdefault(r.b, []).append((r.a, 1.0))
    outside = sorted(loc.name for loc in inp.locations if loc.country != host)
    reach, _ = _shortest(adjacency, outside, set())
    stuck = {ids[n]: n for n in ids if n not in reach}
    dropped: dict[str, int] = {}
    for key in [k for k in people if k[0] in stuck]:
        dropped[stuck[key[0]]] = dropped.get(stuck[key[0]], 0) + people.pop(key)
    if dropped:
        notes.append(
            "people Flee makes appear where no route leads out of the host country are left "
            "out (in Flee they never reach a camp): "
            + ", ".join(f"{n} at {name}" for name, n in sorted(dropped.items()))
        )
    if not people:
        raise ScenarioError(
            folder,
            "nobody is displaced: no conflict zone with population is "
            "ever active and no validation counts are given",
        )
    unreachable = sorted(
        loc.name for loc in inp.locations if not any(loc.name in (r.a, r.b) for r in inp.routes)
    )
    if unreachable:
        notes.append("locations without any route: " + ", ".join(unreachable))
    check = self_check(inp, host, places, links, crossings, ids, states, observed)
    notes += [w for c in check for w in c["problems"]]

    # ---- write: into a hidden sibling folder, checked, then renamed into place, so a failure
    # never leaves a half-written scenario (nor destroys the one being replaced).
    final = out_dir / name
    if final.exists() and not overwrite:
        raise FileExistsError(
            f"{final} exists; pass --overwrite (overwrite=True in Python) to replace it"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=out_dir))
    root.chmod(0o755)  # mkdtemp makes it private; a scenario folder is not
    try:
        _write_scenario(
            root,
            name,
            folder,
            validation,
            inp,
            host,
            nat,
            places,
            links,
            crossings,
            timeline,
            people,
            spawning,
            camps,
            ids,
            notes,
            check,
            behaviour=FLEE_BEHAVIOUR | settings.behaviour,
            settings=settings.report(),
            agents=hasten_agents(sum(people.values()), settings.hasten),
        )
        from micic_sim.scenario.loader import load_scenario

        load_scenario(root)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    if final.exists():
        shutil.rmtree(final)
    root.rename(final)
    return final


def main(args: list[str]) -> int:
    """`micic-sim import-flee <folder> <scenario-name> [--validation F] [--out DIR]`."""
    import argparse
    import sys

    from micic_sim.scenario.loader import bundled_scenarios_dir

    ap = argparse.ArgumentParser(
        prog="micic-sim import-flee", description="Convert a Flee input folder into a scenario."
    )
    ap.add_argument("folder", type=Path)
    ap.add_argument("name")
    ap.add_argument(
        "--validation",
        type=Path,
        default=None,
        help="Flee validation folder: data-driven spawning following its total",
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to create the scenario (default: the bundled scenarios folder)",
    )
    ap.add_argument("--overwrite", action="store_true")
    ns = ap.parse_args(args)
    from micic_sim.inputs import INPUT_ERROR, check_writable

    try:
        check_writable(ns.out or bundled_scenarios_dir(), "--out")
        root = import_flee(
            ns.folder,
            ns.out or bundled_scenarios_dir(),
            ns.name,
            validation=ns.validation,
            overwrite=ns.overwrite,
        )
        from micic_sim.scenario import load_scenario

        load_scenario(root)
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_ERROR
    report = json.loads((root / "import.json").read_text(encoding="utf-8"))
    for warning in report["warnings"]:
        print(f"warning: {warning}")
    failed = [c["camp"] for c in report["self_check"] if not c["ok"]]
    print(
        f"self-check: {len(report['self_check']) - len(failed)} of {len(report['self_check'])} "
        "camps as in Flee" + (f" (not: {', '.join(failed)})" if failed else "")
    )
    print(f"scenario written: {root} (warnings and self-check: {root / 'import.json'})")
    return 0
