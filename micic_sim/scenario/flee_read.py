"""Read a Flee input folder (locations, routes, closures, conflicts, period) into a
`FleeInput`, with errors naming file, row and field for what Flee could not run, and a note
(an import warning) for what Flee runs but micic-sim reads or uses differently.

Part of `micic-sim import-flee` (micic_sim.scenario.flee_import describes the mapping).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from micic_sim.scenario.tables import ScenarioError, read_text, suggest
from micic_sim.validation.flee_data import _is_number

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


def optional_file(path: Path) -> bool:
    """Whether an optional input file is given: absent is False; a folder (or anything but a
    file) in its place is an error, not taken for absent (its closures or conflicts would be
    silently dropped)."""
    if path.exists() and not path.is_file():
        raise ScenarioError(path, "is a folder, not a file")
    return path.is_file()


def _rows(path: Path, *, keep_empty: bool = False) -> list[tuple[int, list[str]]]:
    """``(line, stripped cells)`` of every non-blank row (comments included), without its
    trailing empty cells; with `keep_empty`, every row as it is (blank ones too). Read through
    the one reader of input files (a folder in its place, unreadable or not UTF-8: one line)."""
    out = []
    try:
        reader = csv.reader(io.StringIO(read_text(path), newline=""))
        line = 1
        for raw in reader:
            cells = [c.strip() for c in raw]
            while cells and cells[-1] == "" and not keep_empty:
                cells.pop()
            if cells or keep_empty:
                out.append((line, cells))
            line = reader.line_num + 1
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
    if not routes:  # nobody could move: the import would fail later in other words
        raise ScenarioError(path, "has no routes (rows name1,name2,distance): nobody could move")
    return routes


CLOSURE_TYPES = ("country", "location", "link", "camp", "idpcamp", "remove_forced_redirection")


def _read_closures(
    path: Path, known: dict[str, FleeLocation], routes: list[FleeRoute], notes: list[str]
) -> list[FleeClosure]:
    """Closures as Flee 3.1 enacts them (``Ecosystem.enact_border_closures``): on day
    ``closure_start`` the closure applies, on day ``closure_end`` it is lifted. Whatever Flee
    runs without effect (a type it does not know, a name that matches nothing) is skipped
    with a note in `notes`, never refused; numbers Flee could not parse are refused."""
    if not optional_file(path):
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
    """Intensities per location as Flee 3.1 reads them (``ReadConflictInputCSV``): the first
    row names the locations; in every later row, cell ``i >= 1`` is appended to the list of the
    location heading column ``i``, and the first cell (the day) is never read. So rows are days
    in file order whatever their first cell says; a row with nothing after its first cell (a
    comment) gives no day, while a ``#`` row with values does; a row shorter than the header
    feeds only its first columns, so the others' values in later rows apply a day early.
    Flee tests a conflict as intensity > 1e-6, so a negative one is no conflict: it is read as
    0 (the same in every test of Flee's replay). Each of these is a warning naming the file and
    its first row; what Flee cannot read (a cell that is not a number, an empty one, a value
    under no location, too few days) is refused."""
    if not optional_file(path):
        return None
    rows = _rows(path, keep_empty=True)
    filled = [i for i, (_, cells) in enumerate(rows) if any(cells)]
    if not filled:
        raise ScenarioError(path, "is empty; expected a header '#Day,<location>,...'")
    header_line, header = rows[filled[0]]
    if filled[0] > 0:
        notes.append(
            f"conflicts.csv row {header_line}: the header follows blank lines; Flee 3.1 takes "
            "the first line for the header and would fail; read from this row"
        )
    while header and header[-1] == "":
        header.pop()  # Flee keeps no list for an empty name; a value under it is refused below
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
    # odd rows Flee reads without complaint, by kind: (first row, its text, how many)
    odd: dict[str, list] = {}

    def seen(kind: str, line: int, text: str) -> None:
        odd.setdefault(kind, [line, text, 0])[2] += 1

    day = 0  # rows giving a day so far
    for line, cells in rows[filled[0] + 1 :]:
        if not any(cells):
            if len(cells) > 1:  # a spreadsheet's row of empty cells: float('') fails in Flee
                seen("empty", line, "")
            continue  # a blank line: Flee appends nothing
        values = cells[1:]
        while len(values) > len(names) and values[-1] == "":
            values.pop()
        if len(values) < len(cells) - 1:
            seen("trailing", line, "")
        if not values:
            seen("nothing", line, cells[0])
            continue
        if len(values) > len(names):
            raise ScenarioError(
                path,
                f"has {len(values) + 1} cells but the header names {len(names)} locations",
                row=line,
            )
        if cells[0].startswith("#"):
            seen("comment", line, f"starts with '#' but has values: it is day {day}")
        elif not (_is_number(cells[0]) and float(cells[0]) == day):
            seen("misdated", line, f"day column '{cells[0]}' where this row gives day {day}")
        for name, raw in zip(names, values, strict=False):
            if cells[0].startswith("#") and not _is_number(raw):
                raise ScenarioError(
                    path,
                    ("is empty" if raw == "" else f"'{raw}' is not a number")
                    + " (Flee reads every row with values after the header as a day, even "
                    "one starting with '#')",
                    row=line,
                    field=name,
                )
            if raw == "":
                raise ScenarioError(path, "is empty", row=line, field=name)
            value = _number(path, line, name, raw)
            if value < 0:
                seen("negative", line, f"column '{name}': intensity {raw}")
                value = 0.0
            # A name twice in the header: Flee appends both columns to one list, day after
            # day, and then reads that list by day (so day t gets entry t of the mix).
            series[name].append(value)
        if len(values) < len(names):
            missing = ", ".join(f"'{n}'" for n in names[len(values) :][:3])
            more = ", ..." if len(names) - len(values) > 3 else ""
            seen(
                "short", line, f"{len(values)} values for {len(names)} columns (no {missing}{more})"
            )
        day += 1
    what = {
        "misdated": "{text} ({rows}); as in Flee, which never reads that column, rows are "
        "days in file order",
        "comment": "{text} ({rows}); Flee skips no comment row that has values",
        "nothing": "nothing after its first cell '{text}' ({rows}): as in Flee, it gives no day",
        "negative": "{text} ({values}); Flee takes a conflict for intensity "
        "> 0.000001, so a negative one is no conflict: read as 0",
        "short": "{text} ({rows}); as in Flee, the columns it does not reach get no value "
        "from it, so their values in later rows apply one day before the row's",
        "trailing": "empty cells after the last named column ({rows}); Flee 3.1 would fail "
        "on them; ignored",
        "empty": "only empty cells ({rows}); Flee 3.1 would fail on it; skipped",
    }
    for kind, (line, text, count) in odd.items():
        rows_text = "the only such row" if count == 1 else f"{count} such rows"
        values_text = "the only one" if count == 1 else f"{count} negative values"
        notes.append(
            f"conflicts.csv row {line}: "
            + what[kind].format(text=text, rows=rows_text, values=values_text)
        )
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        notes.append(
            f"conflicts.csv: '{name}' appears {names.count(name)} times in the header; as in "
            "Flee, its columns are read as one list, day after day, and day t takes entry t"
        )
    lengths = {len(v) for v in series.values()}
    if len(lengths) == 1 and min(lengths) < days:
        raise ScenarioError(
            path,
            f"has {day} day rows but sim_period.csv asks for {days} days (Flee would "
            "fail with an IndexError)",
        )
    for name, values in series.items():
        if len(values) < days:
            raise ScenarioError(
                path,
                f"{len(values)} values (rows shorter than the header give it none) but "
                f"sim_period.csv asks for {days} days (Flee would fail with an IndexError on "
                f"day {len(values)})",
                field=name,
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


def _demographics_notes(folder: Path) -> list[str]:
    """A warning per ``demographics_<attribute>.csv``, which Flee 3.1 reads from its input
    folder (``spawning.read_demographics``) to draw each new agent's attribute (by the
    location's column, else ``Default``) and micic-sim does not use: its people carry no such
    attribute. Flee moves agents by one only with the move rules ChildrenAvoidHazards or
    BoysTakeRisk (age, gender; simsetting.yml, warned about there), so otherwise the
    attributes change Flee's per-attribute output and its random draws, not its expected
    counts."""
    notes = []
    for path in sorted(folder.glob("demographics_*.csv")):
        attribute = path.stem.split("_")[1]  # Flee's own parse of the name
        notes.append(
            f"{path.name}: not used; Flee 3.1 gives each agent it creates a '{attribute}' "
            "drawn from this table, micic-sim's people have none. Flee's moves depend on it "
            "only with the move rules ChildrenAvoidHazards or BoysTakeRisk (age, gender): "
            "otherwise only Flee's output by attribute is missing, not its counts"
        )
    return notes


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
    notes += _demographics_notes(folder)
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
