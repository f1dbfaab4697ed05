"""A State that calls its nationals home tells them where to go (evacuations.csv `instructed`):
they go to its rides, or over a border towards one of its rides abroad, instead of the nearest
land border; once its rides have ended they choose as everyone does (issue 11; SOURCES.md §10).
"""

from __future__ import annotations

import pytest

from micic_sim.model import EvacuationModel
from micic_sim.scenario import ScenarioError, load_scenario
from tests.scenario_builder import run_seeds, toy

SEEDS = range(3)
CALL = {"leave_rate": 0.02, "call_leave_rate": 1.0, "employer_leave_rate": 1.0}


def passed(label: str):
    """People (agents) a service point has let through: a crossing or an evacuation ride."""

    def metric(m: EvacuationModel) -> float:
        (sp,) = [sp for sp in m.service_points if sp.label == label]
        return float(sp.passed)

    return metric


def ride(rid: str, place: str, *, instructed: bool, end_day: float = 60, nats=("AAA",)) -> dict:
    return {
        "id": rid,
        "operator": "AAA",
        "from_place": place,
        "to_place": "home_aaa",
        "mode": "air",
        "start_day": 1,
        "end_day": end_day,
        "seats_per_day": 150,
        "nationalities": list(nats),
        "requires_document": False,
        "fare_usd": 0,
        "instructed": instructed,
    }


def called_toy(days: float = 12):
    """AAA and BBB in the city; the land gate is a day's drive, AAA's State calls on day 1 and
    flies 150 a day from the host's airport: a queue of weeks for 1,500 AAA people."""
    s = toy(days=days, nationalities=("AAA", "BBB"))
    s.add_people(1500, nationality="AAA")
    s.add_people(1500, nationality="BBB")
    s.event("call_home", "AAA", day=1, value=1.0)
    return s


def test_a_called_national_goes_to_the_ride_the_state_named(tmp_path):
    """Told to wait for their State's plane, more of its nationals leave by it and fewer walk
    to the land border; others are not touched."""
    s = called_toy()
    s.evacuations.append(ride("flight", "airport", instructed=False))
    free = load_scenario(s.write(tmp_path, "free"))
    s.evacuations[-1]["instructed"] = True
    told = load_scenario(s.write(tmp_path, "told"))
    metrics = {
        "flight": passed("evacuation:flight"),
        "gate": passed("crossing:gate"),
    }
    a = run_seeds(free, metrics, seeds=SEEDS, behaviour=CALL)
    b = run_seeds(told, metrics, seeds=SEEDS, behaviour=CALL)
    assert b["flight"].mean() > a["flight"].mean() + 100, (a, b)
    assert b["gate"].mean() < a["gate"].mean() - 100, (a, b)


def test_the_call_holds_only_the_called_nationality(tmp_path):
    s = called_toy()
    s.evacuations.append(ride("flight", "airport", instructed=False))
    free = load_scenario(s.write(tmp_path, "free"))
    s.evacuations[-1]["instructed"] = True
    told = load_scenario(s.write(tmp_path, "told"))

    def bbb_crossed(m: EvacuationModel) -> float:
        (sp,) = [sp for sp in m.service_points if sp.label == "crossing:gate"]
        return float(sp.passed_nat[m.world.nat_ids.index("BBB")])

    a = run_seeds(free, bbb_crossed, seeds=SEEDS, behaviour=CALL)
    b = run_seeds(told, bbb_crossed, seeds=SEEDS, behaviour=CALL)
    assert abs(b.mean() - a.mean()) <= 0.05 * a.mean() + 5, (a, b)


def test_the_states_overland_route_stays_open(tmp_path):
    """A ride that leaves from the neighbour (China's flights from Djerba, reached by its buses
    over Ras Ajdir) keeps that border open to the called nationals: with a home ride as well,
    more of them cross than with the home ride alone."""
    s = called_toy()
    s.evacuations.append(ride("flight", "airport", instructed=True))
    home_only = load_scenario(s.write(tmp_path, "home_only"))
    s.evacuations.append(ride("abroad", "entry", instructed=True))
    overland = load_scenario(s.write(tmp_path, "overland"))
    gate = passed("crossing:gate")
    a = run_seeds(home_only, gate, seeds=SEEDS, behaviour=CALL)
    b = run_seeds(overland, gate, seeds=SEEDS, behaviour=CALL)
    assert b.mean() > a.mean() + 200, (a, b)


def test_after_the_states_last_ride_they_choose_as_everyone(tmp_path):
    """Once the State's rides have ended, its nationals go by the land border again."""
    s = called_toy(days=15)
    s.evacuations.append(ride("flight", "airport", instructed=True, end_day=60))
    long = load_scenario(s.write(tmp_path, "long"))
    s.evacuations[-1]["end_day"] = 3
    short = load_scenario(s.write(tmp_path, "short"))
    gate = passed("crossing:gate")
    a = run_seeds(long, gate, seeds=SEEDS, behaviour=CALL)
    b = run_seeds(short, gate, seeds=SEEDS, behaviour=CALL)
    assert b.mean() > a.mean() + 200, (a, b)


def test_without_instructed_rides_nobody_is_directed(tmp_path):
    s = called_toy(days=3)
    s.evacuations.append(ride("flight", "airport", instructed=False))
    m = EvacuationModel(load_scenario(s.write(tmp_path)), seed=0, behaviour=CALL)
    m.run()
    assert not m.rules.state_directs.any() and not m.rules.opt_state_ride.any()


def test_a_bad_instructed_value_names_the_file_row_and_field(tmp_path):
    s = called_toy(days=3)
    s.evacuations.append(ride("flight", "airport", instructed=False))
    s.evacuations[-1]["instructed"] = "perhaps"
    with pytest.raises(ScenarioError, match=r"evacuations.csv, row \d+, field 'instructed'"):
        load_scenario(s.write(tmp_path))
