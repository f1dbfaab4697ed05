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
  another country becomes a border crossing: a ``border_exit`` post in the host country half
  way along the route (link from the host-side location, half the length) and a crossing to
  the foreign location (the other half) with no document or visa rule and a daily capacity
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
* ``conflicts.csv`` columns naming no location are ignored (Flee prints an error and carries
  on), and a name repeated in its header is read as Flee reads it.
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
  defaults, three parameters calibrated jointly on Flee's two shipped cases); forwarding hubs
  and markers get ``move_chance`` 1, as in Flee.
* The validation folder (and ``registration_corrections.csv``) is copied to
  ``observed/flee/``; ``scenario.yaml``'s ``notes`` maps place ids to Flee names; with it comes
  a ``calibration.yaml`` (:data:`CALIBRATION_YAML`) for ``micic-sim calibrate``. Flee's
  ``LICENSE``, when found beside the input folder, is copied as ``FLEE_LICENSE``.
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

import csv
import heapq
import json
import math
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from micic_sim.scenario.tables import ScenarioError, suggest
from micic_sim.validation.flee_data import read_validation_folder

__all__ = [
    "FleeInput",
    "UNLIMITED_CROSSING",
    "conflict_states",
    "import_flee",
    "read_flee_input",
]

#: Daily capacity given to crossings made from Flee routes (Flee has no border capacity).
UNLIMITED_CROSSING = 1_000_000

#: How people move in an imported case: every household finds its way locally with Flee's rule
#: set (docs/model.md, "Two ways of finding the way"), one step a day. Flee's own defaults (its
#: simsetting.yml; `max_move_speed` 360 km a day) except three, calibrated once for both of
#: Flee's shipped cases together (`micic-sim calibrate flee_mali flee_car --out ...`, mean ARD;
#: experiments/flee_validation/), so no case is fitted at the other's expense:
#: foreign_weight (Flee 1), capacity_buffer (Flee 0.9) and camp_move_chance (Flee 0.001).
FLEE_BEHAVIOUR: dict[str, float] = {
    "local_share": 1.0,
    # Flee moves everyone in a place alike (its move chances): no personal propensity to leave.
    "leave_heterogeneity": 0.0,
    "speed_road_km_day": 360.0,
    "conflict_move_chance": 1.0,
    "town_move_chance": 0.3,
    "camp_move_chance": 0.001,  # fitted on five cases (Flee 0.001)
    "idp_camp_move_chance": 0.1,
    "camp_weight": 1.0,
    "foreign_weight": 1.0,  # fitted on five cases (Flee 1)
    "conflict_weight": 0.25,
    "distance_softening_km": 10.0,
    "distance_power": 1.0,
    "awareness_hops": 1.0,
    "capacity_buffer": 0.6,  # fitted on five cases (Flee 0.9)
}

#: What `micic-sim calibrate <case>` tunes for an imported case with validation data (the same
#: grid in every case, so `micic-sim calibrate case1 case2 --out DIR` can tune them jointly).
CALIBRATION_YAML = """\
# What `micic-sim calibrate` tunes for this case (see micic_sim/calibrate.py). The grid is the
# same in every imported Flee case: calibrate several at once with
#   micic-sim calibrate <case> <case> --out <folder>
target:
  kind: flee_ard
  observed: {observed}
seeds: [0]
parameters:
  foreign_weight: [0.5, 0.75, 1.0]
  capacity_buffer: [0.15, 0.3, 0.6, 0.9]
  camp_move_chance: [0.001, 0.003, 0.006]
"""

#: Flee's default for constant conflict-driven spawning (``displaced_per_conflict_day``).
DEFAULT_DISPLACED_PER_CONFLICT_DAY = 500

_HEADER_WORDS = {
    "name",
    "name1",
    "name2",
    "region",
    "country",
    "lat",
    "lon",
    "latitude",
    "longitude",
    "gps_x",
    "gps_y",
    "location_type",
    "conflict_date",
    "population",
    "distance",
    "forced_redirection",
    "closure_type",
    "closure_start",
    "closure_end",
}


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class FleeLocation:
    """One row of ``locations.csv``."""

    name: str
    region: str
    country: str
    lat: float
    lon: float
    kind: str  # normalised: conflict_zone, town, camp, idpcamp, forwarding_hub, marker
    conflict_date: int | None
    population: int
    row: int


@dataclass(frozen=True)
class FleeRoute:
    """One row of ``routes.csv``."""

    a: str
    b: str
    distance: float
    forced_redirection: int
    row: int


@dataclass(frozen=True)
class FleeClosure:
    """One row of ``closures.csv``."""

    kind: str
    name1: str
    name2: str
    start: int
    end: int
    row: int


@dataclass
class FleeInput:
    """A parsed Flee input folder."""

    folder: Path
    start_date: date
    days: int
    locations: list[FleeLocation]
    routes: list[FleeRoute]
    closures: list[FleeClosure]
    conflicts: dict[str, list[float]] | None  # per location, one intensity per day
    notes: list[str] = field(default_factory=list)  # deviations from Flee found while reading

    @property
    def flee_home_country(self) -> str:
        """The country Flee 3.1 calls home: the first row's (it only sets Flee's `foreign`
        flag, which matters only with a foreign_weight other than 1)."""
        return self.locations[0].country

    def conflict_names(self) -> list[str]:
        """Locations that are ever in conflict: conflict zones, and places conflicts.csv gives
        a value above Flee's threshold on some day."""
        names = [loc.name for loc in self.locations if loc.kind == "conflict_zone"]
        if self.conflicts is not None:
            names += [n for n, v in self.conflicts.items() if max(v[: self.days]) > 0.000001]
        return list(dict.fromkeys(names))

    @property
    def host_country(self) -> str:
        """The crisis country: the country holding most of the places ever in conflict (ties:
        the first in locations.csv). Without any conflict, Flee's rule (the first row)."""
        names = set(self.conflict_names())
        countries = [loc.country for loc in self.locations if loc.name in names]
        if not countries:
            return self.flee_home_country
        return max(dict.fromkeys(countries), key=countries.count)

    def location(self, name: str) -> FleeLocation:
        return next(loc for loc in self.locations if loc.name == name)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """``(line, stripped cells)`` of every non-blank row (comments included)."""
    if not path.is_file():
        raise ScenarioError(path, "file is missing")
    out = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            line = 1
            for raw in reader:
                cells = [c.strip() for c in raw]
                while cells and cells[-1] == "":
                    cells.pop()
                if cells:
                    out.append((line, cells))
                line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise ScenarioError(path, f"is not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise ScenarioError(path, f"is not valid CSV ({exc})") from None
    return out


def _data_rows(path: Path, columns: list[str]) -> list[tuple[int, list[str]]]:
    """Data rows of a Flee table whose header must start with ``#``.

    Flee skips rows whose first cell starts with ``#`` and reads every other row as data, so a
    header without ``#`` is read as a location or route. That trap is reported here.
    """
    rows = []
    for line, cells in _rows(path):
        if cells[0].startswith("#"):
            continue
        words = {c.strip('"').lower() for c in cells}
        if len(words & _HEADER_WORDS) >= 2:
            raise ScenarioError(
                path,
                "looks like a header row without '#': Flee would read it as data; "
                f"start it with '#' (expected columns: {', '.join(columns)})",
                row=line,
            )
        if cells[0] == "":
            raise ScenarioError(path, "is empty", row=line, field=columns[0])
        rows.append((line, cells))
    return rows


def _number(path: Path, line: int, column: str, raw: str, *, integer: bool = False) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ScenarioError(path, f"'{raw}' is not a number", row=line, field=column) from None
    if not math.isfinite(value):
        raise ScenarioError(path, f"'{raw}' is not a finite number", row=line, field=column)
    if integer and not value.is_integer():
        raise ScenarioError(path, f"'{raw}' is not a whole number", row=line, field=column)
    return value


def _kind(path: Path, line: int, raw: str) -> str:
    """Normalise a Flee location type the way Flee's ``Location`` does (substring tests)."""
    t = raw.lower()
    if "camp" in t:
        return "idpcamp" if "idp" in t else "camp"
    if "conflict" in t:
        return "conflict_zone"
    if "forward" in t:
        return "forwarding_hub"
    if "marker" in t:
        return "marker"
    if "town" in t or "default" in t:
        return "town"
    return ""  # not a type Flee knows (see _read_locations)


def _read_locations(path: Path, notes: list[str]) -> list[FleeLocation]:
    cols = [
        "name",
        "region",
        "country",
        "lat",
        "lon",
        "location_type",
        "conflict_date",
        "population",
    ]
    locations: list[FleeLocation] = []
    seen: dict[str, int] = {}
    for line, cells in _data_rows(path, cols):
        if len(cells) < 6:
            raise ScenarioError(
                path, f"has {len(cells)} cells; Flee needs {', '.join(cols)}", row=line
            )
        cells = cells + [""] * (8 - len(cells))
        name = cells[0]
        if name in seen:
            raise ScenarioError(
                path,
                f"duplicate location '{name}' (first at row {seen[name]})",
                row=line,
                field="name",
            )
        seen[name] = line
        country = cells[2]
        if not country:
            raise ScenarioError(path, "is empty", row=line, field="country")
        for i, col in ((3, "lat"), (4, "lon")):
            if not cells[i]:
                raise ScenarioError(
                    path, "is empty (micic-sim needs coordinates)", row=line, field=col
                )
        lat = _number(path, line, "lat", cells[3])
        lon = _number(path, line, "lon", cells[4])
        if not -90 <= lat <= 90:
            raise ScenarioError(path, f"{lat} is not a latitude", row=line, field="lat")
        if not -180 <= lon <= 180:
            raise ScenarioError(path, f"{lon} is not a longitude", row=line, field="lon")
        kind = _kind(path, line, cells[5])
        unlimited = False
        if not kind:
            # Flee 3.1 prints an error and keeps its default move chance (0.001), which makes
            # the location a camp of unlimited capacity.
            kind, unlimited = "camp", True
            notes.append(
                f"locations.csv row {line}: location type '{cells[5]}' is not one Flee knows; "
                f"'{name}' becomes a camp without capacity, as in Flee 3.1"
            )
        conflict_date = None
        if kind == "conflict_zone":
            if not cells[6]:
                raise ScenarioError(
                    path, "is empty (conflict zones need a day)", row=line, field="conflict_date"
                )
            conflict_date = int(_number(path, line, "conflict_date", cells[6], integer=True))
            if conflict_date < 0:
                raise ScenarioError(path, "must be >= 0", row=line, field="conflict_date")
        population = 0
        if cells[7]:
            population = int(_number(path, line, "population", cells[7], integer=True))
            if population < 0:
                raise ScenarioError(path, "must be >= 0", row=line, field="population")
        if unlimited:
            population = 0
        locations.append(
            FleeLocation(name, cells[1], country, lat, lon, kind, conflict_date, population, line)
        )
    if not locations:
        raise ScenarioError(path, "has no locations")
    return locations


def _read_routes(path: Path, known: dict[str, FleeLocation], notes: list[str]) -> list[FleeRoute]:
    cols = ["name1", "name2", "distance", "forced_redirection"]
    routes: list[FleeRoute] = []
    seen: dict[frozenset[str], int] = {}
    for line, cells in _data_rows(path, cols):
        if len(cells) < 3:
            raise ScenarioError(
                path, f"has {len(cells)} cells; Flee needs name1, name2, distance", row=line
            )
        a, b = cells[0], cells[1]
        for name, col in ((a, "name1"), (b, "name2")):
            if name not in known:
                raise ScenarioError(
                    path, f"unknown location '{name}'" + suggest(name, known), row=line, field=col
                )
        if a == b:
            raise ScenarioError(path, f"route from '{a}' to itself", row=line, field="name2")
        distance = _number(path, line, "distance", cells[2])
        if distance <= 0:
            raise ScenarioError(path, f"{distance} must be > 0", row=line, field="distance")
        forced = 0
        if len(cells) > 3 and cells[3] != "":
            if cells[3] not in ("0", "1", "2"):
                raise ScenarioError(
                    path, f"'{cells[3]}' is not 0, 1 or 2", row=line, field="forced_redirection"
                )
            forced = int(cells[3])
        pair = frozenset((a, b))
        if pair in seen:
            notes.append(
                f"routes.csv row {line}: duplicated route {a} - {b} (first at row "
                f"{seen[pair]}); Flee adds a second link, doubling the route's weight; kept once"
            )
            continue
        seen[pair] = line
        routes.append(FleeRoute(a, b, distance, forced, line))
    return routes


CLOSURE_TYPES = ("country", "location", "link", "camp", "idpcamp", "remove_forced_redirection")


def _read_closures(
    path: Path, known: dict[str, FleeLocation], routes: list[FleeRoute], notes: list[str]
) -> list[FleeClosure]:
    """Closures as Flee 3.1 enacts them (``Ecosystem.enact_border_closures``): on day
    ``closure_start`` the closure applies, on day ``closure_end`` it is lifted. Whatever Flee
    runs without effect (a type it does not know, a name that matches nothing) is skipped
    with a note in `notes`, never refused; numbers Flee could not parse are refused."""
    if not path.is_file():
        return []
    cols = ["closure_type", "name1", "name2", "closure_start", "closure_end"]
    countries = {loc.country for loc in known.values()}
    pairs = {frozenset((r.a, r.b)) for r in routes}
    closures = []
    for line, cells in _data_rows(path, cols):
        if len(cells) < 5:
            raise ScenarioError(
                path, f"has {len(cells)} cells; Flee needs {', '.join(cols)}", row=line
            )
        kind, n1, n2 = cells[0], cells[1], cells[2]
        where = f"closures.csv row {line}"
        start = int(_number(path, line, "closure_start", cells[3], integer=True))
        end = int(_number(path, line, "closure_end", cells[4], integer=True))
        if kind not in CLOSURE_TYPES:
            notes.append(
                f"{where}: closure type '{kind}' is not one Flee 3.1 enacts (it ignores the "
                f"row){suggest(kind, CLOSURE_TYPES)}; ignored"
            )
            continue
        if kind == "remove_forced_redirection":
            notes.append(f"{where}: remove_forced_redirection ignored (Flee 3.1 does not use it)")
            continue
        unknown = ""
        if kind == "country":
            for name in (n1, n2):
                if name not in countries:
                    unknown = f"no location is in country '{name}'" + suggest(name, countries)
        else:
            for name in (n1, n2) if kind == "link" else (n1,):
                if name not in known:
                    unknown = f"unknown location '{name}'" + suggest(name, known)
            if not unknown and kind == "link" and frozenset((n1, n2)) not in pairs:
                unknown = f"no route between '{n1}' and '{n2}' in routes.csv"
            if (
                not unknown
                and kind in ("camp", "idpcamp")
                and known[n1].kind
                not in (
                    "camp",
                    "idpcamp",
                )
            ):
                unknown = f"'{n1}' is a {known[n1].kind}, not a camp"
        if unknown:
            extra = (
                " (Flee would close its first location instead)"
                if kind in ("camp", "idpcamp") and n1 not in known
                else ""
            )
            notes.append(f"{where}: {unknown}; Flee changes nothing{extra}; ignored")
            continue
        if start < 0:
            notes.append(f"{where}: closure_start {start} is never reached in Flee; ignored")
            continue
        if end < start:
            notes.append(
                f"{where}: closure_end {end} is before closure_start {start}: as in Flee, it "
                f"applies from day {start} and is never lifted"
            )
        closures.append(FleeClosure(kind, n1, n2, start, end, line))
    return closures


def _read_sim_period(path: Path, notes: list[str]) -> tuple[date, int]:
    """``StartDate`` and ``Length`` rows (Flee's ``read_period``: keys in any case; other rows
    are ignored, with a note)."""
    start: date | None = None
    length: int | None = None
    for line, cells in _rows(path):
        key = cells[0].lower()
        if key.startswith("#"):
            continue
        if key not in ("startdate", "length"):
            notes.append(f"{path.name} row {line}: key '{cells[0]}' ignored (as in Flee)")
            continue
        if len(cells) < 2:
            raise ScenarioError(path, "needs a value", row=line, field=cells[0])
        if key == "startdate":
            try:
                start = date.fromisoformat(cells[1])
            except ValueError:
                raise ScenarioError(
                    path, f"'{cells[1]}' is not a YYYY-MM-DD date", row=line, field="StartDate"
                ) from None
        else:
            length = int(_number(path, line, "Length", cells[1], integer=True))
            if length <= 0:
                raise ScenarioError(path, "must be > 0", row=line, field="Length")
    if start is None:
        raise ScenarioError(path, "missing row 'StartDate,YYYY-MM-DD'", field="StartDate")
    if length is None:
        raise ScenarioError(path, "missing row 'Length,<days>'", field="Length")
    return start, length


#: Files that give the simulated period, in order of preference: Flee 3.x run scripts read
#: ``sim_period.csv``; Flee 3.1's package reads ``conflict_period.csv`` (same format).
PERIOD_FILES = ("sim_period.csv", "conflict_period.csv")


def _read_period(folder: Path, notes: list[str]) -> tuple[date, int]:
    found = [folder / f for f in PERIOD_FILES if (folder / f).is_file()]
    if not found:
        raise ScenarioError(
            folder / PERIOD_FILES[0],
            "file is missing (Flee reads the period from sim_period.csv or conflict_period.csv:"
            " rows 'StartDate,YYYY-MM-DD' and 'Length,<days>')",
        )
    period = _read_sim_period(found[0], notes)
    if found[0].name != PERIOD_FILES[0]:
        notes.append(f"period read from {found[0].name} (no sim_period.csv)")
    elif len(found) > 1:
        other = _read_sim_period(found[1], [])
        if other != period:
            notes.append(
                f"{found[1].name} ({other[0]}, {other[1]} days) differs from sim_period.csv "
                f"({period[0]}, {period[1]} days); sim_period.csv used, as by Flee's run.py"
            )
    return period


def _read_conflicts(
    path: Path, known: dict[str, FleeLocation], days: int, notes: list[str]
) -> dict[str, list[float]] | None:
    if not path.is_file():
        return None
    rows = _rows(path)
    if not rows:
        raise ScenarioError(path, "is empty; expected a header '#Day,<location>,...'")
    header_line, header = rows[0]
    if _is_number(header[0]):
        raise ScenarioError(
            path,
            "the first row must be the header '#Day,<location>,...' (Flee reads the first row "
            f"as location names), got '{','.join(header[:3])},...'",
            row=header_line,
        )
    names: list[str] = []
    for i, name in enumerate(header[1:], start=1):
        if name == "":
            raise ScenarioError(path, f"column {i + 1} has no location name", row=header_line)
        names.append(name)
    series: dict[str, list[float]] = {n: [] for n in names}
    for expected, (line, cells) in enumerate(rows[1:]):
        if cells[0].startswith("#"):
            raise ScenarioError(
                path,
                "comment rows are not allowed after the header (Flee "
                "reads every row after the first as a day)",
                row=line,
            )
        day = _number(path, line, header[0] or "Day", cells[0], integer=True)
        if day != expected:
            raise ScenarioError(
                path,
                f"day {int(day)} found where day {expected} was expected (Flee uses the "
                "row order, not the day column)",
                row=line,
                field=header[0] or "Day",
            )
        if len(cells) - 1 > len(names):
            raise ScenarioError(
                path,
                f"has {len(cells)} cells but the header names {len(names)} locations",
                row=line,
            )
        for i, name in enumerate(names, start=1):
            raw = cells[i] if i < len(cells) else ""
            if raw == "":
                raise ScenarioError(path, "is empty", row=line, field=name)
            value = _number(path, line, name, raw)
            if value < 0:
                raise ScenarioError(path, f"{value} must be >= 0", row=line, field=name)
            # A name twice in the header: Flee appends both columns to one list, day after
            # day, and then reads that list by day (so day t gets entry t of the mix).
            series[name].append(value)
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        notes.append(
            f"conflicts.csv: '{name}' appears {names.count(name)} times in the header; as in "
            "Flee, its columns are read as one list, day after day, and day t takes entry t"
        )
    have = len(rows) - 1
    if have < days:
        raise ScenarioError(
            path,
            f"has {have} day rows but sim_period.csv asks for {days} days (Flee would "
            "fail with an IndexError)",
        )
    for name in [n for n in names if n not in known]:
        # Flee prints an error for such a place in conflict and carries on without it.
        active = max(series[name][:days]) > 0.000001
        notes.append(
            f"conflicts.csv: column '{name}' names no location{suggest(name, known)}; "
            + ("its conflict is ignored, as Flee does" if active else "all zero; ignored")
        )
        del series[name]
    return series


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_flee_input(folder: str | Path) -> FleeInput:
    """Read and check a Flee input folder.

    Raises:
        ScenarioError: (a ``ValueError``) naming the file, row and field of the first problem.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ScenarioError(folder, "is not a folder")
    notes: list[str] = []
    start, days = _read_period(folder, notes)
    locations = _read_locations(folder / "locations.csv", notes)
    known = {loc.name: loc for loc in locations}
    routes = _read_routes(folder / "routes.csv", known, notes)
    closures = _read_closures(folder / "closures.csv", known, routes, notes)
    conflicts = _read_conflicts(folder / "conflicts.csv", known, days, notes)
    for optional in ("closures.csv", "conflicts.csv"):
        if not (folder / optional).is_file():
            notes.append(
                f"no {optional} (Flee's run.py needs it): "
                + ("no closures" if optional == "closures.csv" else "conflict_date used")
            )
    inp = FleeInput(folder, start, days, locations, routes, closures, conflicts, notes)
    host, home = inp.host_country, inp.flee_home_country
    if host != home:
        notes.append(
            f"host country '{host}' (the country of the conflict zones), not '{home}' of the "
            "first row as Flee 3.1 assumes for its foreign flag (which changes Flee's moves "
            "only with a foreign_weight other than 1)"
        )
    abroad = sorted(n for n in inp.conflict_names() if inp.location(n).country != host)
    if abroad:
        notes.append(f"conflict zones outside the host country '{host}': {', '.join(abroad)}")
    return inp


# --------------------------------------------------------------------------- Flee replay


def conflict_states(inp: FleeInput) -> np.ndarray:
    """Conflict intensity of each location on each day, as Flee sets it (<= 0: no conflict).

    Initially conflict zones with ``conflict_date`` 0 have intensity 1, every other location
    none (Flee turns later conflict zones into towns). With ``conflicts.csv``, on day ``t`` a
    listed location whose value exceeds 1e-6 becomes a conflict zone of that intensity if it
    was not one the day before (day 0 always), and stops being one when its value drops below
    1e-6 after a day at exactly 1 (Flee's ``AddNewConflictZones``). Without it, conflict zones
    start on their ``conflict_date``.
    """
    n = len(inp.locations)
    state = np.full(n, -1.0)
    for i, loc in enumerate(inp.locations):
        if loc.kind == "conflict_zone" and loc.conflict_date == 0:
            state[i] = 1.0
    index = {loc.name: i for i, loc in enumerate(inp.locations)}
    out = np.empty((inp.days, n))
    for t in range(inp.days):
        if inp.conflicts is not None:
            for name, values in inp.conflicts.items():
                i = index[name]
                v = values[t]
                if v > 0.000001 and (t == 0 or values[t - 1] < 0.000001):
                    state[i] = v
                if v < 0.000001 and t > 0 and values[t - 1] == 1:
                    state[i] = -1.0
        else:
            for i, loc in enumerate(inp.locations):
                if loc.kind == "conflict_zone" and loc.conflict_date == t:
                    state[i] = 1.0
        out[t] = state
    return out


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` over ``weights`` by largest remainder (ties to the first)."""
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    short = int(total - base.sum())
    if short > 0:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:short]] += 1
    return base


# --------------------------------------------------------------------------- writing


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")
    return re.sub(r"_+", "_", text)


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.10g}"


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
                    "",
                ]
            )
            link_id = f"{ids[h]}--{exit_id}"
            cross_id = f"x_{ids[h]}--{ids[f]}"
            half = r.distance / 2
            links.append([link_id, ids[h], exit_id, _fmt(half), "road", "", "yes"])
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
                    _fmt(half),
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
    notes: list[str] = list(inp.notes)
    if forced:
        notes.append("forced_redirection ignored (Flee 3.1 does not use it): " + ", ".join(forced))

    # ---- timeline: hazards
    states = conflict_states(inp)
    timeline: list[tuple[float, int, str, str, str]] = []
    previous = np.zeros(len(inp.locations))
    for t in range(inp.days):
        level = np.clip(np.where(states[t] > 0, states[t], 0.0), 0.0, 1.0)
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
            validation, corrections=corrections if corrections.is_file() else None
        )
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
        raise FileExistsError(f"{final} exists; pass overwrite=True to replace it")
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


def _shortest(adj: dict[str, list[tuple[str, float]]], sources: list[str], stop: set[str]):
    """Shortest km from any source to every node (Dijkstra); nodes in `stop` are reached but
    not passed through. Returns (km, previous node)."""
    km = {s: 0.0 for s in sources}
    prev: dict[str, str] = {}
    heap = [(0.0, s) for s in sources]
    heapq.heapify(heap)
    while heap:
        d, node = heapq.heappop(heap)
        if d > km.get(node, math.inf) or (node in stop and node not in sources):
            continue
        for nxt, w in adj.get(node, []):
            if d + w < km.get(nxt, math.inf):
                km[nxt] = d + w
                prev[nxt] = node
                heapq.heappush(heap, (d + w, nxt))
    return km, prev


def _path(prev: dict[str, str], node: str) -> list[str]:
    out = [node]
    while out[-1] in prev:
        out.append(prev[out[-1]])
    return out[::-1]


def self_check(inp, host, places, links, crossings, ids, states, observed) -> list[dict]:
    """Check every camp of the validation data (every camp without one) against Flee: it is a
    camp in locations.csv, sits in the country Flee puts it, people reach it from the places
    in conflict, and the shortest way there in the written scenario passes the same
    locations as Flee's shortest route (crossing the border where Flee's route leaves the
    host country). Camps end a journey in both tools, so ways do not pass through them.

    Returns one dict per camp; its ``problems`` are the import's warnings."""
    flee_names = {pid: name for name, pid in ids.items()}
    known = {loc.name: loc for loc in inp.locations}
    if observed is not None:
        names = list(observed.camp_names)
    else:
        names = [loc.name for loc in inp.locations if loc.kind in ("camp", "idpcamp")]
    sources = [loc.name for i, loc in enumerate(inp.locations) if (states[:, i] > 0).any()]
    flee_adj: dict[str, list[tuple[str, float]]] = {}
    for r in inp.routes:
        flee_adj.setdefault(r.a, []).append((r.b, r.distance))
        flee_adj.setdefault(r.b, []).append((r.a, r.distance))
    flee_camps = {loc.name for loc in inp.locations if loc.kind == "camp"}
    flee_km, flee_prev = _shortest(flee_adj, sources, flee_camps)
    anywhere, anywhere_prev = _shortest(flee_adj, sources, set())
    kind = {row[0]: row[2] for row in places}
    country = {row[0]: row[3] for row in places}
    adj: dict[str, list[tuple[str, float]]] = {}
    for _lid, a, b, km, _mode, _cap, two_way in links:
        adj.setdefault(a, []).append((b, float(km)))
        if two_way != "no":
            adj.setdefault(b, []).append((a, float(km)))
    for _cid, a, b, *rest in crossings:
        adj.setdefault(a, []).append((b, float(rest[-1])))
    stop = {p for p, k in kind.items() if k == "reception"}
    km, prev = _shortest(adj, [ids[n] for n in sources], stop)
    out = []
    for name in names:
        problems: list[str] = []
        entry: dict[str, Any] = {"camp": name}
        loc = known.get(name)
        if loc is None:
            problems.append(
                f"self-check: camp '{name}' of the validation data is not in locations.csv; "
                "it is not modelled (nor scored)"
            )
        else:
            pid = ids[name]
            entry |= {"place": pid, "kind": kind[pid], "country": country[pid]}
            if loc.kind not in ("camp", "idpcamp"):
                problems.append(
                    f"self-check: '{name}' has validation data but is a {loc.kind} in "
                    "locations.csv; Flee does not count it as a camp"
                )
            if country[pid] != loc.country:
                problems.append(
                    f"self-check: camp '{name}' is in {country[pid]} here, in {loc.country} in Flee"
                )
            if name not in anywhere:
                problems.append(
                    f"self-check: no route leads from a place in conflict to camp '{name}' "
                    "(nor in Flee): it stays empty"
                )
            elif name not in flee_km:
                via = [n for n in _path(anywhere_prev, name)[:-1] if n in flee_camps]
                entry["note"] = (
                    f"reached only through the camp(s) {', '.join(via)}, which people leave "
                    "with the camp move chance only (as in Flee)"
                )
            elif pid not in km:
                problems.append(
                    f"self-check: camp '{name}' cannot be reached in the imported scenario, "
                    "though Flee's routes reach it"
                )
            else:
                ours = [flee_names[p] for p in _path(prev, pid) if p in flee_names]
                theirs = _path(flee_prev, name)
                entry |= {
                    "route": ours,
                    "km": round(km[pid], 3),
                    "crossings": sum(p.startswith("exit_") for p in _path(prev, pid)),
                }
                if abs(km[pid] - flee_km[name]) > 1e-6 * max(1.0, flee_km[name]):
                    problems.append(
                        f"self-check: the shortest way to camp '{name}' is {km[pid]:.1f} km "
                        f"here, {flee_km[name]:.1f} km in Flee ({' - '.join(theirs)})"
                    )
                if (loc.country != host) != (entry["crossings"] > 0):
                    problems.append(
                        f"self-check: the way to camp '{name}' ({loc.country}) crosses "
                        f"{entry['crossings']} border posts; the host country is {host}"
                    )
        entry["ok"] = not problems
        entry["problems"] = problems
        out.append(entry)
    return out


def _write_scenario(
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
) -> None:
    """Write the scenario files into `root` (see import_flee)."""
    _write_csv(
        root / "places.csv",
        ["id", "name", "kind", "country", "lat", "lon", "capacity", "move_chance"],
        places,
    )
    _write_csv(
        root / "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        links,
    )
    _write_csv(
        root / "crossings.csv",
        [
            "id",
            "exit_place",
            "entry_place",
            "daily_capacity",
            "documents",
            "visa_required",
            "exit_permit",
            "exit_fee_usd",
            "overstay_penalty_usd",
            "detains_irregular",
            "distance_km",
        ],
        crossings,
    )
    _write_csv(
        root / "population.csv",
        [
            "place",
            "nationality",
            "status",
            "documentation",
            "age_group",
            "household",
            "count",
            "day",
        ],
        (
            [p, nat, "regular", "passport", "adult", "single", n, d]
            for (p, d), n in sorted(people.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ),
    )
    _write_csv(
        root / "timeline.csv",
        ["day", "event", "target", "value"],
        ([d, ev, target, value] for d, _, ev, target, value in timeline),
    )

    observed_rel = None
    if validation is not None:
        dest = root / "observed" / "flee"
        shutil.copytree(validation, dest)
        corrections = folder / "registration_corrections.csv"
        if corrections.is_file():
            shutil.copy2(corrections, dest / "registration_corrections.csv")
        observed_rel = "observed/flee"
    meta = {
        "name": name,
        "title": f"{name} (imported from Flee)",
        "description": (
            f"Imported from the Flee input folder '{folder.name}' by micic_sim.scenario."
            f"flee_import. People appear by {spawning.split(':')[0]} spawning; camps are "
            "reception places abroad; Flee's routes out of the host country are border "
            "crossings without document rules."
        ),
        "start_date": inp.start_date.isoformat(),
        "days": inp.days,
        "host_country": host,
        "dt_hours": 24,  # Flee steps a day
        "nationalities": [{"id": nat, "name": host, "language": ""}],
        "attributes": {"phone": 0.8, "registered": 0.0},
        "host_languages": [],
        "behaviour": dict(FLEE_BEHAVIOUR),
        "notes": {
            "source": "flee",
            "flee_input": str(folder),
            "flee_validation": str(validation) if validation else None,
            "observed": observed_rel,
            "spawning": spawning,
            "people": int(sum(people.values())),
            "camps": camps,
            "flee_names": {ids[loc.name]: loc.name for loc in inp.locations},
            "warnings": notes,
            "registration_corrections": (folder / "registration_corrections.csv").is_file(),
        },
    }
    (root / "scenario.yaml").write_text(
        yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    report = {
        "flee_input": str(folder),
        "flee_validation": str(validation) if validation else None,
        "host_country": host,
        "flee_home_country": inp.flee_home_country,
        "registration_corrections": (folder / "registration_corrections.csv").is_file(),
        "people": int(sum(people.values())),
        "warnings": notes,
        "self_check": check,
    }
    (root / "import.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (root / "SOURCES.md").write_text(_sources(folder, validation, spawning), encoding="utf-8")
    for where in (folder, folder.parent, folder.parent.parent):  # Flee's licence travels along
        if (where / "LICENSE").is_file():
            shutil.copy2(where / "LICENSE", root / "FLEE_LICENSE")
            break
    if observed_rel is not None:
        (root / "calibration.yaml").write_text(
            CALIBRATION_YAML.format(observed=observed_rel), encoding="utf-8"
        )


def _sources(folder: Path, validation: Path | None, spawning: str) -> str:
    lines = [
        "# Sources",
        "",
        f"Converted by `micic_sim.scenario.flee_import` from the Flee input folder `{folder}`",
        "(Flee, the refugee-movement agent-based model, BSD-3-Clause; its locations, routes,",
        "closures, conflicts and simulation period).",
        "",
        "- places.csv: Flee's locations.csv (names, countries, coordinates; camp capacities",
        "  from its population column). Border posts (`exit_*`) are placed half way along the",
        "  Flee route that leaves the host country.",
        "- links.csv, crossings.csv: Flee's routes.csv (road distances in km).",
        "- timeline.csv: hazards replay Flee's conflict zones (conflicts.csv / conflict_date);",
        "  closures from closures.csv.",
        f"- population.csv: {spawning}.",
    ]
    if validation is not None:
        lines += [
            f"- observed/flee/: copy of the validation folder `{validation}` (UNHCR camp",
            "  counts as distributed with Flee) and Flee's registration_corrections.csv.",
        ]
    return "\n".join(lines) + "\n"


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
    try:
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
        return 1
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
