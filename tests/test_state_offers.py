"""A State that runs transport for its nationals without calling them home (Egypt's air bridge
from Djerba, Niger's and Chad's convoys in 2011) draws out those of them willing to go while it
runs: `offer_leave_rate` times each person's propensity (issue 11; SOURCES.md §6, §10)."""

from __future__ import annotations

import numpy as np

from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario
from tests.scenario_builder import run_seeds, toy
from tests.test_state_instructions import ride

SEEDS = range(3)
# Little danger-driven leaving, so the offer's effect stands out.
OFFER = {"leave_rate": 0.002, "employer_leave_rate": 1.0, "offer_leave_rate": 0.1}


def left_home(nat: str):
    """Agents of `nat` no longer at home (the `left_day` column is set when they decide)."""

    def metric(m: EvacuationModel) -> float:
        p = m.population
        k = m.world.nat_ids.index(nat)
        return float(np.count_nonzero((p.nationality == k) & np.isfinite(p.left_day)))

    return metric


def offered_toy(days: float = 10):
    s = toy(days=days, nationalities=("AAA", "BBB"))
    s.add_people(1500, nationality="AAA")
    s.add_people(1500, nationality="BBB")
    return s


def test_a_states_offer_draws_its_nationals_out(tmp_path):
    """The same ride as a State's own (instructed) and as someone else's: only the State's own
    draws more of its nationals out, and not the other nationality."""
    s = offered_toy()
    s.evacuations.append(ride("flight", "airport", instructed=False))
    other = load_scenario(s.write(tmp_path, "other"))
    s.evacuations[-1]["instructed"] = True
    own = load_scenario(s.write(tmp_path, "own"))
    a = run_seeds(other, left_home("AAA"), seeds=SEEDS, behaviour=OFFER)
    b = run_seeds(own, left_home("AAA"), seeds=SEEDS, behaviour=OFFER)
    assert b.mean() > a.mean() + 300, (a, b)
    a = run_seeds(other, left_home("BBB"), seeds=SEEDS, behaviour=OFFER)
    b = run_seeds(own, left_home("BBB"), seeds=SEEDS, behaviour=OFFER)
    assert abs(b.mean() - a.mean()) <= 0.05 * a.mean() + 10, (a, b)


def test_the_offer_lasts_as_long_as_the_rides(tmp_path):
    """An offer that ends on day 2 draws out fewer than one that runs all along."""
    s = offered_toy()
    s.evacuations.append(ride("flight", "airport", instructed=True, end_day=60))
    long = load_scenario(s.write(tmp_path, "long"))
    s.evacuations[-1]["end_day"] = 2
    short = load_scenario(s.write(tmp_path, "short"))
    a = run_seeds(long, left_home("AAA"), seeds=SEEDS, behaviour=OFFER)
    b = run_seeds(short, left_home("AAA"), seeds=SEEDS, behaviour=OFFER)
    assert b.mean() < a.mean() - 300, (a, b)


def test_a_call_replaces_the_offer(tmp_path):
    """Called nationals are moved by the call (everyone alike), not by the offer as well: with a
    call, the offer rate changes nothing."""
    s = offered_toy()
    s.evacuations.append(ride("flight", "airport", instructed=True))
    s.event("call_home", "AAA", day=1, value=1.0)
    case = load_scenario(s.write(tmp_path))
    called = {**OFFER, "call_leave_rate": 1.0}
    a = run_seeds(case, left_home("AAA"), seeds=SEEDS, behaviour={**called, "offer_leave_rate": 0})
    b = run_seeds(case, left_home("AAA"), seeds=SEEDS, behaviour=called)
    assert np.array_equal(a, b), (a, b)


def test_without_an_offer_rate_nothing_changes(tmp_path):
    """offer_leave_rate 0 (the default) leaves every run as it was."""
    s = offered_toy(days=4)
    s.evacuations.append(ride("flight", "airport", instructed=True))
    case = load_scenario(s.write(tmp_path))
    base = {k: v for k, v in OFFER.items() if k != "offer_leave_rate"}
    a = EvacuationModel(case, seed=1, behaviour=base).run()
    b = EvacuationModel(case, seed=1, behaviour={**base, "offer_leave_rate": 0.0}).run()
    assert np.array_equal(a.population.state, b.population.state)
    assert np.array_equal(a.population.place, b.population.place)


def two_ways_toy(where: str):
    """The toy with a second town ("east") by a second crossing straight into AAA's own
    country; 1,500 AAA people live at `where`."""
    s = toy(days=10, nationalities=("AAA",))
    s.add_place("east", "city")
    s.add_place("east_exit", "border_exit")
    s.add_link("east_east_exit", "east", "east_exit", 50)
    s.add_link("east_city", "east", "city", 1200)
    s.add_place("east_entry", "border_entry", country="AAA")
    s.add_link("east_entry_home", "east_entry", "home_aaa", 100)
    s.crossings.append({**s.crossings[0], "id": "east_gate", "exit_place": "east_exit",
                        "entry_place": "east_entry"})  # fmt: skip
    s.hazard("east", 0.6)
    s.add_people(1500, place=where, nationality="AAA")
    s.evacuations.append(ride("flight", "entry", instructed=False))
    return s


def test_an_offer_from_a_neighbour_reaches_the_places_whose_way_out_leads_there(tmp_path):
    """AAA's State flies its nationals home from the neighbour behind the gate (like Egypt's
    air bridge from Djerba). The city's way out is that gate: the offer draws its AAA people
    out. The east town's way out is its own crossing into AAA's country (home by road, like
    Egyptians in Cyrenaica through Salloum): the offer does not reach them."""
    for where, drawn in (("city", True), ("east", False)):
        s = two_ways_toy(where)
        other = load_scenario(s.write(tmp_path, f"{where}_other"))
        s.evacuations[-1]["instructed"] = True
        own = load_scenario(s.write(tmp_path, f"{where}_own"))
        a = run_seeds(other, left_home("AAA"), seeds=SEEDS, behaviour=OFFER)
        b = run_seeds(own, left_home("AAA"), seeds=SEEDS, behaviour=OFFER)
        if drawn:
            assert b.mean() > a.mean() + 200, (where, a, b)
        else:
            assert abs(b.mean() - a.mean()) <= 0.05 * a.mean() + 10, (where, a, b)
