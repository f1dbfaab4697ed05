"""Load a scenario folder into a validated `Scenario` (data only: no simulation state).

Data flows one way: files -> `Scenario` -> model arrays. All checks that need several files
(unknown places, connectivity, declared nationalities) happen here, so the model can trust it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order

from micic_sim.codes import Age, Doc, DocRule, Household, Mode, PlaceKind, Status, names
from micic_sim.scenario.tables import (
    Col,
    ConfigError,
    ScenarioError,
    check_refs,
    check_unique,
    is_number,
    parse_yaml,
    read_table,
    read_text,
    suggest,
)

ID = "str"
MAX_PEOPLE = 10_000_000_000  # more than live on Earth: a larger count is a typo

PLACE_COLS = [
    Col("id"),
    Col("name"),
    Col("kind", choices=tuple(names(PlaceKind))),
    Col("country"),
    Col("lat", "float", min=-90, max=90),
    Col("lon", "float", min=-180, max=180),
    Col("capacity", "int", required=False, default=-1, min=0),
    Col("move_chance", "float", required=False, default=-1.0, min=0, max=1),
]
LINK_COLS = [
    Col("id"),
    Col("from"),
    Col("to"),
    Col("distance_km", "float", min=1e-9),
    Col("mode", choices=tuple(names(Mode))),
    Col("daily_capacity", "float", required=False, default=-1.0, min=0),
    Col("two_way", "bool", required=False, default=True),
]
CROSSING_COLS = [
    Col("id"),
    Col("exit_place"),
    Col("entry_place"),
    Col("daily_capacity", "float", required=False, default=-1.0, min=0),
    Col("documents", choices=tuple(names(DocRule))),
    Col("visa_required", "list", required=False, default=[]),
    # Admitted only while an evacuation offer for their nationality leaves from the entry
    # country (an onward ticket); the entry country's own nationals never need one.
    Col("onward_required", "list", required=False, default=[]),
    # Nationalities the entry State holds at the gate rather than turning away while they lack
    # what it demands (papers, visa, onward ticket): they wait at the exit post until their way
    # home is arranged or they give up (kernels.queues.serve, docs/model.md "Borders").
    Col("holds", "list", required=False, default=[]),
    Col("exit_permit", "bool", required=False, default=False),
    Col("exit_fee_usd", "float", required=False, default=0.0, min=0),
    Col("overstay_penalty_usd", "float", required=False, default=0.0, min=0),
    Col("detains_irregular", "bool", required=False, default=False),
    Col("distance_km", "float", required=False, default=1.0, min=1e-9),
]
CONSULATE_COLS = [
    Col("id"),
    Col("nationality"),
    Col("place"),
    Col("daily_capacity", "float", min=0),
]
POPULATION_COLS = [
    Col("place"),
    Col("nationality"),
    Col("status", choices=tuple(names(Status))),
    Col("documentation", choices=tuple(n for n in names(Doc) if n != "emergency")),
    Col("age_group", choices=tuple(names(Age))),
    Col("household", choices=tuple(names(Household))),
    Col("count", "int", min=0, max=MAX_PEOPLE),
    Col("day", "float", required=False, default=0.0, min=0),
]
TIMELINE_EVENTS = (
    "hazard",
    "close_link",
    "open_link",
    "close_crossing",
    "open_crossing",
    "close_consulate",
    "open_consulate",
    "group_hazard",  # target: nationalities (a;b;c) attacked wherever they are; value 0..1
    "call_home",  # target: nationalities whose State calls them home; value 0..1 (default 1)
    "crossing_capacity",  # target: crossing; value: share 0..1 of its daily_capacity from then on
    "link_capacity",  # target: link; value: share 0..1 of its daily_capacity from then on
)
TIMELINE_COLS = [
    Col("day", "float", min=0),
    Col("event", choices=TIMELINE_EVENTS),
    Col("target"),
    Col("value", "float", required=False, default=float("nan"), min=0, max=1),
]
EVACUATION_COLS = [
    Col("id"),
    Col("operator"),
    Col("from_place"),
    Col("to_place"),
    Col("mode", choices=("air", "sea", "road")),
    Col("start_day", "float", min=0),
    Col("end_day", "float", min=0),
    Col("seats_per_day", "float", min=0),
    Col("nationalities", "list"),
    Col("requires_document", "bool", required=False, default=True),
    Col("fare_usd", "float", required=False, default=0.0, min=0),
    # The State running it told its nationals to come to it once it called them home
    # (timeline call_home): see levers.rules.Rules._update_instructions.
    Col("instructed", "bool", required=False, default=False),
]

ENTRY_KINDS = ("border_entry", "reception", "transit")  # where a crossing may lead
YAML_KEYS = {
    "name",
    "title",
    "description",
    "start_date",
    "days",
    "host_country",
    "nationalities",
    "attributes",
    "behaviour",
    "host_languages",
    "notes",
    "agents",
    "dt_hours",
    "behaviour_from",
}
NATIONALITY_KEYS = {"id", "name", "language", "origin", "attributes"}
ATTRIBUTE_KEYS = {
    "phone",
    "savings_mean_usd",
    "registered",
    "host_language",
    "civil_society_contact",
    "diaspora_contact",
    "employer_size",
    "household_size",
    "fear",
}
DEFAULT_ATTRIBUTES: dict[str, Any] = {
    "phone": 0.8,
    "savings_mean_usd": 300.0,
    "registered": 0.2,
    "host_language": 0.3,
    "civil_society_contact": 0.1,
    "diaspora_contact": 0.3,
    "employer_size": 40,
    "household_size": 4.0,
    "fear": {
        "regular": 0.1,
        "irregular": 0.8,
        "overstayer": 0.7,
        "asylum_seeker": 0.6,
        "stateless": 0.7,
        "trafficked": 0.9,
        "detained": 0.9,
    },
}


@dataclass
class Nationality:
    id: str
    name: str
    language: str
    origin: str | None
    attributes: dict[str, Any]


@dataclass
class Scenario:
    """A validated scenario: the tables as DataFrames plus the YAML metadata."""

    path: Path
    name: str
    title: str
    description: str
    start_date: dt.date
    days: float
    host_country: str
    host_languages: list[str]
    nationalities: list[Nationality]
    behaviour: dict[str, Any]
    places: pd.DataFrame
    links: pd.DataFrame
    crossings: pd.DataFrame
    consulates: pd.DataFrame
    population: pd.DataFrame
    timeline: pd.DataFrame
    evacuations: pd.DataFrame
    agents: int | None = None  # default number of agents (tables rescaled); None = as counted
    dt_hours: float | None = None  # the scenario's natural step (None: the model's default)
    extra: dict[str, Any] = field(default_factory=dict)
    #: Digest of the files it was read from (scenario.cache.scenario_fingerprint), when read
    #: through the cache: recorded with each run, so a resumed sweep sees an edited scenario.
    fingerprint: str | None = None

    @property
    def place_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.places["id"])}

    @property
    def nationality_index(self) -> dict[str, int]:
        return {n.id: i for i, n in enumerate(self.nationalities)}

    def attributes_for(self, nationality: str) -> dict[str, Any]:
        """Population attribute shares for one nationality (its overrides on the defaults)."""
        nat = self.nationalities[self.nationality_index[nationality]]
        return {**self.extra["attributes"], **nat.attributes}


def bundled_scenarios_dir() -> Path:
    """The first folder scenario names are looked up in: the first $MICIC_SCENARIOS folder if
    set, else the bundled scenarios (see micic_sim.resources)."""
    from micic_sim.resources import scenario_dirs

    return scenario_dirs()[0]


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """A scenario folder's path, or the name of a scenario in a $MICIC_SCENARIOS folder or
    among the bundled ones."""
    from micic_sim.resources import ENV, available_scenarios, missing_user_dirs

    p = Path(name_or_path).expanduser()
    if p.is_dir():
        return p
    available = available_scenarios()
    if str(name_or_path) in available:
        return available[str(name_or_path)]
    names = sorted(available)
    missing = missing_user_dirs()
    raise ScenarioError(
        str(name_or_path),
        "no such scenario folder"
        + suggest(str(name_or_path), names)
        + f"; scenarios: {', '.join(names) or 'none'}"
        + (f"; {missing}" if missing else f" (add your own folders with {ENV})"),
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    meta = parse_yaml(path, read_text(path, missing="every scenario needs scenario.yaml")) or {}
    if not isinstance(meta, dict):
        raise ScenarioError(path, "must be a mapping of keys to values")
    for key in meta:
        if key not in YAML_KEYS:
            raise ScenarioError(path, "unknown key" + suggest(str(key), YAML_KEYS), field=str(key))
    for key in ("name", "start_date", "days", "host_country", "nationalities"):
        if key not in meta:
            raise ScenarioError(path, "missing key", field=key)
    for key in ("name", "title", "description", "host_country"):
        if key in meta and not _is_text(meta[key]):
            raise ScenarioError(path, f"must be text, got {meta[key]!r}", field=key)
    languages = meta.get("host_languages", [])
    if not isinstance(languages, list) or not all(_is_text(x) for x in languages):
        raise ScenarioError(
            path, f"must be a list of language codes, got {languages!r}", field="host_languages"
        )
    return meta


def _is_text(value: Any) -> bool:
    """An id or a name: text, or a number YAML read from unquoted digits (never a boolean)."""
    return isinstance(value, str) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    )


def _check_attributes(path: Path, attrs: Any, where: str) -> dict[str, Any]:
    if not isinstance(attrs, dict):
        raise ScenarioError(path, "must be a mapping", field=where)
    for key, value in attrs.items():
        if key not in ATTRIBUTE_KEYS:
            raise ScenarioError(
                path,
                "unknown attribute" + suggest(str(key), ATTRIBUTE_KEYS),
                field=f"{where}.{key}",
            )
        if key == "fear":
            if not isinstance(value, dict):
                raise ScenarioError(path, "must map status to a number", field=f"{where}.fear")
            for status, f in value.items():
                if status not in names(Status):
                    raise ScenarioError(
                        path,
                        "unknown status" + suggest(str(status), names(Status)),
                        field=f"{where}.fear.{status}",
                    )
                if not is_number(f) or not 0 <= f <= 1:
                    raise ScenarioError(
                        path, f"must be a number in 0..1, got {f!r}", field=f"{where}.fear.{status}"
                    )
            continue
        if not is_number(value) or value < 0:
            raise ScenarioError(
                path, f"must be a finite number >= 0, got {value!r}", field=f"{where}.{key}"
            )
        if (
            key
            in {"phone", "registered", "host_language", "civil_society_contact", "diaspora_contact"}
            and value > 1
        ):
            raise ScenarioError(
                path, f"is a share and must be <= 1, got {value}", field=f"{where}.{key}"
            )
    return attrs


def _check_behaviour(path: Path, layer: dict[str, Any]) -> None:
    """Behaviour values are checked where they are written (scenario.yaml or calibrated.yaml),
    by the same rules the model applies (`Behaviour.from_overrides`)."""
    from micic_sim.behaviour import Behaviour

    try:
        Behaviour.from_overrides(layer)
    except ConfigError as exc:
        raise ScenarioError(path, exc.problem, field=exc.field) from None


def _behaviour_layers(
    root: Path, meta: dict[str, Any], seen: frozenset[Path]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(behaviour before this scenario's calibration, behaviour as it runs).

    Layers, later ones win: the behaviour another scenario runs with (`behaviour_from:`, its
    scenario.yaml `behaviour:` and its calibrated.yaml), this scenario's `behaviour:`, then its
    own calibrated.yaml. Borrowing lets a second crisis run with the behaviour fitted on the
    first, untouched, so that its figures test the model instead of being fitted again."""
    ypath = root / "scenario.yaml"
    own = meta.get("behaviour", {}) or {}
    if not isinstance(own, dict):
        raise ScenarioError(ypath, "must be a mapping", field="behaviour")
    _check_behaviour(ypath, own)
    borrowed: dict[str, Any] = {}
    source = meta.get("behaviour_from")
    if source is not None:
        if not isinstance(source, str) or not source.strip():
            raise ScenarioError(
                ypath, f"must be a scenario name or folder, got {source!r}", field="behaviour_from"
            )
        try:
            src_root = resolve_scenario_path(
                root / source if (root / source).is_dir() else source
            ).resolve()
        except ScenarioError as exc:
            detail = str(exc).removeprefix(f"{exc.file}: ")
            raise ScenarioError(ypath, f"'{source}': {detail}", field="behaviour_from") from None
        if src_root in seen | {root.resolve()}:
            raise ScenarioError(
                ypath, f"borrows behaviour from itself (via '{source}')", field="behaviour_from"
            )
        _, borrowed = _behaviour_layers(
            src_root, _read_yaml(src_root / "scenario.yaml"), seen | {root.resolve()}
        )
    uncalibrated = {**borrowed, **own}
    behaviour = dict(uncalibrated)
    cal_path = root / "calibrated.yaml"
    if cal_path.exists():  # written by `micic-sim calibrate`: tuned behaviour parameters
        calibrated = parse_yaml(cal_path, read_text(cal_path)) or {}
        if not isinstance(calibrated, dict) or set(calibrated) - {"behaviour"}:
            raise ScenarioError(cal_path, "must hold only a 'behaviour:' mapping")
        tuned = calibrated.get("behaviour") or {}
        if not isinstance(tuned, dict):
            raise ScenarioError(cal_path, "must be a mapping", field="behaviour")
        _check_behaviour(cal_path, tuned)
        behaviour = {**behaviour, **tuned}
    return uncalibrated, behaviour


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read and validate a scenario folder (or a bundled scenario's name)."""
    root = resolve_scenario_path(name_or_path)
    ypath = root / "scenario.yaml"
    meta = _read_yaml(ypath)

    try:
        start = meta["start_date"]
        start_date = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
    except ValueError:
        raise ScenarioError(
            ypath, f"'{meta['start_date']}' is not a date (YYYY-MM-DD)", field="start_date"
        ) from None
    days = meta["days"]
    if not is_number(days) or not days > 0:
        raise ScenarioError(ypath, f"must be a positive number, got {days!r}", field="days")

    attrs = {
        **DEFAULT_ATTRIBUTES,
        **_check_attributes(ypath, meta.get("attributes", {}), "attributes"),
    }
    attrs["fear"] = {**DEFAULT_ATTRIBUTES["fear"], **attrs.get("fear", {})}
    nats_raw = meta["nationalities"]
    if not isinstance(nats_raw, list) or not nats_raw:
        raise ScenarioError(ypath, "must be a non-empty list", field="nationalities")
    nationalities: list[Nationality] = []
    for i, n in enumerate(nats_raw):
        where = f"nationalities[{i}]"
        if not isinstance(n, dict) or "id" not in n:
            raise ScenarioError(ypath, "each nationality needs at least an 'id'", field=where)
        for key in ("id", "name", "language"):
            if key in n and not _is_text(n[key]):
                raise ScenarioError(ypath, f"must be text, got {n[key]!r}", field=f"{where}.{key}")
        if n.get("origin") is not None and not _is_text(n["origin"]):
            raise ScenarioError(
                ypath, f"must be a place id, got {n['origin']!r}", field=f"{where}.origin"
            )
        for key in n:
            if key not in NATIONALITY_KEYS:
                raise ScenarioError(
                    ypath,
                    "unknown key" + suggest(str(key), NATIONALITY_KEYS),
                    field=f"{where}.{key}",
                )
        if any(x.id == str(n["id"]) for x in nationalities):
            raise ScenarioError(ypath, f"duplicate nationality id '{n['id']}'", field=where)
        nat_attrs = _check_attributes(ypath, n.get("attributes", {}), f"{where}.attributes")
        if "fear" in nat_attrs:
            nat_attrs = {**nat_attrs, "fear": {**attrs["fear"], **nat_attrs["fear"]}}
        nationalities.append(
            Nationality(
                str(n["id"]),
                str(n.get("name", n["id"])),
                str(n.get("language", "")),
                None if n.get("origin") is None else str(n["origin"]),
                nat_attrs,
            )
        )
    if len(nationalities) > 32000:
        raise ScenarioError(ypath, "too many nationalities", field="nationalities")
    nat_ids = [n.id for n in nationalities]
    agents = meta.get("agents")
    if agents is not None and (
        not isinstance(agents, int) or isinstance(agents, bool) or agents <= 0
    ):
        raise ScenarioError(
            ypath, f"must be a positive whole number, got {agents!r}", field="agents"
        )
    dt_hours = meta.get("dt_hours")
    if dt_hours is not None and (not is_number(dt_hours) or not 0 < dt_hours <= 24):
        raise ScenarioError(
            ypath, f"must be a number of hours in (0, 24], got {dt_hours!r}", field="dt_hours"
        )
    uncalibrated, behaviour = _behaviour_layers(root, meta, frozenset())
    paths = {
        k: root / f"{k}.csv"
        for k in (
            "places",
            "links",
            "crossings",
            "consulates",
            "population",
            "timeline",
            "evacuations",
        )
    }
    places = read_table(paths["places"], PLACE_COLS)
    check_unique(places, paths["places"], "id")
    if places.empty:
        raise ScenarioError(paths["places"], "has no places")
    place_ids = list(places["id"])
    host = str(meta["host_country"])
    if host not in set(places["country"]):
        raise ScenarioError(
            ypath, f"no place in places.csv has country '{host}'", field="host_country"
        )
    for i, n in enumerate(nationalities):
        if n.origin is not None and n.origin not in set(place_ids):
            raise ScenarioError(
                ypath,
                f"unknown place '{n.origin}'" + suggest(n.origin, place_ids),
                field=f"nationalities[{i}].origin",
            )

    links = read_table(paths["links"], LINK_COLS)
    check_unique(links, paths["links"], "id")
    for f in ("from", "to"):
        check_refs(links, paths["links"], f, place_ids, "place")
    for a, b, row in zip(links["from"], links["to"], links["_row"], strict=True):
        if a == b:
            raise ScenarioError(paths["links"], f"link from '{a}' to itself", row=row, field="to")

    crossings = read_table(paths["crossings"], CROSSING_COLS, optional_file=True)
    check_unique(crossings, paths["crossings"], "id")
    kind = dict(zip(places["id"], places["kind"], strict=True))
    country = dict(zip(places["id"], places["country"], strict=True))
    for f in ("exit_place", "entry_place"):
        check_refs(crossings, paths["crossings"], f, place_ids, "place")
    check_refs(
        crossings, paths["crossings"], "visa_required", nat_ids, "nationality", allow=("all",)
    )
    for f in ("onward_required", "holds"):
        check_refs(crossings, paths["crossings"], f, nat_ids, "nationality", allow=("all",))
    for _, r in crossings.iterrows():
        if country[r["exit_place"]] != host:
            raise ScenarioError(
                paths["crossings"],
                f"exit place '{r['exit_place']}' is not in the host country '{host}'",
                row=r["_row"],
                field="exit_place",
            )
        if kind[r["exit_place"]] != "border_exit":
            raise ScenarioError(
                paths["crossings"],
                f"exit place '{r['exit_place']}' is a {kind[r['exit_place']]}, not a border_exit:"
                " a crossing starts at the host country's border post",
                row=r["_row"],
                field="exit_place",
            )
        if kind[r["entry_place"]] not in ENTRY_KINDS:
            raise ScenarioError(
                paths["crossings"],
                f"entry place '{r['entry_place']}' is a {kind[r['entry_place']]}; an entry post"
                f" is one of: {', '.join(ENTRY_KINDS)}",
                row=r["_row"],
                field="entry_place",
            )
        if country[r["entry_place"]] == host:
            raise ScenarioError(
                paths["crossings"],
                f"entry place '{r['entry_place']}' is inside the host country '{host}'",
                row=r["_row"],
                field="entry_place",
            )
    if len(crossings) > 64:
        raise ScenarioError(paths["crossings"], "more than 64 crossings are not supported")

    consulates = read_table(paths["consulates"], CONSULATE_COLS, optional_file=True)
    check_unique(consulates, paths["consulates"], "id")
    check_refs(consulates, paths["consulates"], "nationality", nat_ids, "nationality")
    check_refs(consulates, paths["consulates"], "place", place_ids, "place")

    population = read_table(paths["population"], POPULATION_COLS)
    check_refs(population, paths["population"], "place", place_ids, "place")
    check_refs(
        population,
        paths["population"],
        "nationality",
        nat_ids,
        "nationality (declare it in scenario.yaml)",
    )
    # Checks over every row at once (a population table has tens of thousands of rows); the
    # first failing row is the one reported.
    lone_child = (population["age_group"] == "child") & (population["household"] != "family")
    if lone_child.any():
        raise ScenarioError(
            paths["population"],
            "children must be in 'family' households",
            row=population.loc[lone_child.idxmax(), "_row"],
            field="household",
        )
    late = population["day"] >= float(days)
    if late.any():
        first = late.idxmax()
        raise ScenarioError(
            paths["population"],
            f"day {population.loc[first, 'day']:g} is not before the scenario's end (days: "
            f"{days:g}): these people would never appear yet count in every share",
            row=population.loc[first, "_row"],
            field="day",
        )
    if population["count"].sum() <= 0:
        raise ScenarioError(paths["population"], "the population is empty (all counts are 0)")

    timeline = read_table(paths["timeline"], TIMELINE_COLS, optional_file=True)
    targets = {
        "hazard": (place_ids, "place"),
        "close_link": (list(links["id"]), "link"),
        "open_link": (list(links["id"]), "link"),
        "close_crossing": (list(crossings["id"]), "crossing"),
        "open_crossing": (list(crossings["id"]), "crossing"),
        "crossing_capacity": (list(crossings["id"]), "crossing"),
        "link_capacity": (list(links["id"]), "link"),
        "close_consulate": (list(consulates["id"]), "consulate"),
        "open_consulate": (list(consulates["id"]), "consulate"),
    }
    for ev in ("group_hazard", "call_home"):
        targets[ev] = (nat_ids, "nationality")
    for _, r in timeline.iterrows():
        known, what = targets[r["event"]]
        if r["event"] in ("hazard", "group_hazard") and np.isnan(r["value"]):
            raise ScenarioError(
                paths["timeline"],
                "hazard events need a value in 0..1",
                row=r["_row"],
                field="value",
            )
        if r["event"] == "crossing_capacity":
            _check_capacity_event(r, crossings, paths["timeline"], "crossing")
        if r["event"] == "link_capacity":
            _check_capacity_event(r, links, paths["timeline"], "link")
        if what == "nationality":  # one or several, separated by ';'
            for nat in str(r["target"]).split(";"):
                if nat.strip() not in known:
                    raise ScenarioError(
                        paths["timeline"],
                        f"unknown nationality '{nat.strip()}'" + suggest(nat.strip(), known),
                        row=r["_row"],
                        field="target",
                    )
            continue
        if r["target"] not in known:
            raise ScenarioError(
                paths["timeline"],
                f"unknown {what} '{r['target']}'" + suggest(r["target"], known),
                row=r["_row"],
                field="target",
            )

    evacuations = read_table(paths["evacuations"], EVACUATION_COLS, optional_file=True)
    check_unique(evacuations, paths["evacuations"], "id")
    for f in ("from_place", "to_place"):
        check_refs(evacuations, paths["evacuations"], f, place_ids, "place")
    check_refs(
        evacuations, paths["evacuations"], "nationalities", nat_ids, "nationality", allow=("all",)
    )
    for _, r in evacuations.iterrows():
        if r["end_day"] < r["start_day"]:
            raise ScenarioError(
                paths["evacuations"], "end_day is before start_day", row=r["_row"], field="end_day"
            )
        if country[r["to_place"]] == host:
            raise ScenarioError(
                paths["evacuations"],
                f"destination '{r['to_place']}' is inside the host country",
                row=r["_row"],
                field="to_place",
            )

    scenario = Scenario(
        path=root,
        name=str(meta["name"]),
        title=str(meta.get("title", meta["name"])),
        description=str(meta.get("description", "")),
        start_date=start_date,
        days=float(days),
        host_country=host,
        host_languages=[str(x) for x in meta.get("host_languages", [])],
        nationalities=nationalities,
        behaviour=dict(behaviour),
        places=places,
        links=links,
        crossings=crossings,
        consulates=consulates,
        population=population,
        timeline=timeline,
        evacuations=evacuations,
        agents=agents,
        dt_hours=float(dt_hours) if dt_hours is not None else None,
        extra={
            "attributes": attrs,
            "notes": meta.get("notes"),
            "behaviour_uncalibrated": uncalibrated,
        },
    )
    _check_connectivity(scenario, kind, country, paths)
    return scenario


def _check_capacity_event(r: pd.Series, table: pd.DataFrame, path: Path, what: str) -> None:
    """A `crossing_capacity` or `link_capacity` row scales a crossing's or a link's own daily
    capacity: it needs a share and a capacity to scale (empty = unlimited has none)."""
    event, file = f"{what}_capacity", f"{what}s.csv"
    if np.isnan(r["value"]):
        raise ScenarioError(
            path,
            f"{event} needs a value: the share 0..1 of the {what}'s daily_capacity"
            " from that day (1 restores it)",
            row=r["_row"],
            field="value",
        )
    cap = table.loc[table["id"] == r["target"], "daily_capacity"]
    if len(cap) and float(cap.iloc[0]) < 0:
        raise ScenarioError(
            path,
            f"{what} '{r['target']}' has no daily_capacity (unlimited) for {event}"
            f" to scale: give it one in {file}",
            row=r["_row"],
            field="target",
        )


def _check_connectivity(
    s: Scenario, kind: dict[str, str], country: dict[str, str], paths: dict[str, Path]
) -> None:
    """Every populated place must reach a place outside the host country (over roads, crossings
    or evacuations), and every 'safe' place must be reachable from somewhere."""
    idx = s.place_index
    src, dst = [], []
    for _, r in s.links.iterrows():
        src.append(idx[r["from"]])
        dst.append(idx[r["to"]])
        if r["two_way"]:
            src.append(idx[r["to"]])
            dst.append(idx[r["from"]])
    for table, a, b in (
        (s.crossings, "exit_place", "entry_place"),
        (s.evacuations, "from_place", "to_place"),
    ):
        for _, r in table.iterrows():
            src.append(idx[r[a]])
            dst.append(idx[r[b]])
    n = len(idx)
    graph = coo_matrix((np.ones(len(src)), (dst, src)), shape=(n, n)).tocsr()  # reversed
    outside = [idx[p] for p in s.places["id"] if country[p] != s.host_country]
    # BFS on the reversed graph from all outside places at once (via a virtual root).
    aug = coo_matrix(
        (np.ones(len(src) + len(outside)), (np.r_[dst, [n] * len(outside)], np.r_[src, outside])),
        shape=(n + 1, n + 1),
    ).tocsr()
    del graph
    can_leave = np.zeros(n + 1, bool)
    can_leave[breadth_first_order(aug, n, directed=True, return_predecessors=False)] = True
    pop = s.population
    trapped = (pop["count"] > 0) & ~can_leave[pop["place"].map(idx).to_numpy()]
    if trapped.any():
        r = pop.loc[trapped.idxmax()]
        raise ScenarioError(
            paths["population"],
            f"people at '{r['place']}' cannot reach any place outside the host country: add a link",
            row=r["_row"],
            field="place",
        )
    fwd = coo_matrix((np.ones(len(src)), (src, dst)), shape=(n, n)).tocsr()
    indeg = np.asarray(fwd.sum(axis=0)).ravel()
    for p, row in zip(s.places["id"], s.places["_row"], strict=True):
        if kind[p] == "safe" and indeg[idx[p]] == 0:
            raise ScenarioError(
                paths["places"],
                f"safe destination '{p}' is disconnected: no "
                "link, crossing or evacuation leads to it",
                row=row,
                field="id",
            )
