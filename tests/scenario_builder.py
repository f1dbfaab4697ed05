"""Small scenario folders written from Python, for tests that isolate one mechanism.

`toy()` returns a `ToyScenario`: a one-city host country ("ARD") with a shelter, an airport and
one land crossing into a neighbour ("NBR") from which a road leads home. Tests change rows (a
visa rule, a consulate, a sea link, an evacuation offer ...) and call `write(tmp_path)`, which
writes the folder in the documented scenario format (docs/scenario-format.md) and returns its
path. `run_seeds` runs a scenario for several seeds and returns one metric per run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from micic_sim.model import EvacuationModel
from micic_sim.scenario import Scenario, load_scenario

TABLES = ("places", "links", "crossings", "consulates", "population", "timeline", "evacuations")
COLUMNS = {
    "places": ["id", "name", "kind", "country", "lat", "lon", "capacity"],
    "links": ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
    "crossings": [
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
        "onward_required",
        "holds",
    ],
    "consulates": ["id", "nationality", "place", "daily_capacity"],
    "population": [
        "place",
        "nationality",
        "status",
        "documentation",
        "age_group",
        "household",
        "count",
        "day",
    ],
    "timeline": ["day", "event", "target", "value"],
    "evacuations": [
        "id",
        "operator",
        "from_place",
        "to_place",
        "mode",
        "start_day",
        "end_day",
        "seats_per_day",
        "nationalities",
        "requires_document",
        "fare_usd",
        "instructed",
    ],
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


@dataclass
class ToyScenario:
    """Rows of every table plus the scenario.yaml mapping; edit freely, then `write`."""

    meta: dict[str, Any]
    places: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    crossings: list[dict[str, Any]] = field(default_factory=list)
    consulates: list[dict[str, Any]] = field(default_factory=list)
    population: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    evacuations: list[dict[str, Any]] = field(default_factory=list)

    def row(self, table: str, key: str) -> dict[str, Any]:
        """The row of `table` whose id is `key` (to edit in place)."""
        for r in getattr(self, table):
            if r.get("id") == key:
                return r
        raise KeyError(f"{table}: no row with id '{key}'")

    def nationality(self, nat_id: str) -> dict[str, Any]:
        for n in self.meta["nationalities"]:
            if n["id"] == nat_id:
                return n
        raise KeyError(nat_id)

    def add_place(
        self,
        pid: str,
        kind: str,
        country: str = "ARD",
        capacity: Any = None,
        lat: float = 10.0,
        lon: float = 10.0,
    ) -> None:
        self.places.append(
            {
                "id": pid,
                "name": pid,
                "kind": kind,
                "country": country,
                "lat": lat,
                "lon": lon,
                "capacity": capacity,
            }
        )

    def add_link(
        self, lid: str, a: str, b: str, km: float, mode: str = "road", daily_capacity: Any = None
    ) -> None:
        self.links.append(
            {
                "id": lid,
                "from": a,
                "to": b,
                "distance_km": km,
                "mode": mode,
                "daily_capacity": daily_capacity,
                "two_way": True,
            }
        )

    def add_people(
        self,
        count: int,
        *,
        place: str = "city",
        nationality: str = "AAA",
        status: str = "regular",
        documentation: str = "passport",
        age_group: str = "adult",
        household: str = "single",
        day: float = 0,
    ) -> None:
        self.population.append(
            {
                "place": place,
                "nationality": nationality,
                "status": status,
                "documentation": documentation,
                "age_group": age_group,
                "household": household,
                "count": count,
                "day": day,
            }
        )

    def hazard(self, place: str, value: float, day: float = 0) -> None:
        self.timeline.append({"day": day, "event": "hazard", "target": place, "value": value})

    def event(self, event: str, target: str, day: float = 0, value: Any = None) -> None:
        self.timeline.append({"day": day, "event": event, "target": target, "value": value})

    def write(self, root: Path, name: str | None = None) -> Path:
        folder = Path(root) / (name or self.meta["name"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scenario.yaml").write_text(yaml.safe_dump(self.meta, sort_keys=False))
        for table in TABLES:
            rows = getattr(self, table)
            if not rows and table in ("crossings", "consulates", "timeline", "evacuations"):
                (folder / f"{table}.csv").unlink(missing_ok=True)
                continue
            cols = COLUMNS[table]
            lines = [",".join(cols)]
            lines += [",".join(_cell(r.get(c)) for c in cols) for r in rows]
            (folder / f"{table}.csv").write_text("\n".join(lines) + "\n")
        return folder

    def copy(self) -> ToyScenario:
        return copy.deepcopy(self)


def toy(
    name: str = "toy",
    days: float = 20,
    nationalities: Iterable[str] = ("AAA",),
    shelter: bool = True,
    **attributes: Any,
) -> ToyScenario:
    """A one-city host country with a shelter, an airport and one open land crossing.

    Places: city, shelter (capacity 100000; left out with `shelter=False`), airport (ARD);
    exit (ARD) -> entry (NBR), a crossing of 100000 people a day with no document rule;
    entry -> home_<nat> for each nationality. Hazard 0.6 in the city from day 0. No people:
    add them with `add_people`.
    `attributes` override the population shares (defaults: phone 0.8, savings 300 USD, nobody
    registered, no host language, no civil-society or diaspora contacts)."""
    attrs = {
        "phone": 0.8,
        "savings_mean_usd": 300,
        "registered": 0.0,
        "host_language": 0.0,
        "civil_society_contact": 0.0,
        "diaspora_contact": 0.0,
        "employer_size": 40,
        "household_size": 4,
    }
    attrs.update(attributes)
    nats = list(nationalities)
    meta = {
        "name": name,
        "title": name,
        "start_date": "2030-01-01",
        "days": days,
        "host_country": "ARD",
        "host_languages": ["ard"],
        "nationalities": [
            {"id": n, "name": n, "language": n.lower(), "origin": f"home_{n.lower()}"} for n in nats
        ],
        "attributes": attrs,
    }
    s = ToyScenario(meta)
    s.add_place("city", "city")
    if shelter:
        s.add_place("shelter", "shelter", capacity=100000)
        s.add_link("city_shelter", "city", "shelter", 5)
    s.add_place("airport", "airport")
    s.add_place("exit", "border_exit")
    s.add_place("entry", "border_entry", country="NBR")
    s.add_link("city_airport", "city", "airport", 20)
    s.add_link("city_exit", "city", "exit", 300)
    for n in nats:
        s.add_place(f"home_{n.lower()}", "safe", country=n)
        s.add_link(f"entry_home_{n.lower()}", "entry", f"home_{n.lower()}", 300)
    s.crossings.append(
        {
            "id": "gate",
            "exit_place": "exit",
            "entry_place": "entry",
            "daily_capacity": 100000,
            "documents": "none",
            "visa_required": [],
            "exit_permit": False,
            "exit_fee_usd": 0,
            "overstay_penalty_usd": 0,
            "detains_irregular": False,
            "distance_km": 1,
        }
    )
    s.hazard("city", 0.6)
    return s


Metric = Callable[[EvacuationModel], float]


def run_seeds(
    scenario: Scenario | Path | str,
    metric: Metric | dict[str, Metric],
    *,
    levers: dict[str, Any] | None = None,
    seeds: Iterable[int] = range(5),
    population_total: int = 3000,
    days: float | None = None,
    behaviour: dict[str, Any] | None = None,
) -> np.ndarray | dict[str, np.ndarray]:
    """One value of `metric` per seed (or a dict of metrics -> arrays)."""
    case = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    metrics = metric if isinstance(metric, dict) else {"_": metric}
    out: dict[str, list[float]] = {k: [] for k in metrics}
    for seed in seeds:
        m = EvacuationModel(
            case,
            seed=seed,
            population_total=population_total,
            days=days,
            levers=levers,
            behaviour=behaviour,
            collect=False,
        ).run()
        for k, f in metrics.items():
            out[k].append(float(f(m)))
    arrays = {k: np.array(v) for k, v in out.items()}
    return arrays if isinstance(metric, dict) else arrays["_"]
