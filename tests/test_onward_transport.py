"""Onward transport from a border as a capacity (issue 11, item 3): nationals who cross into
their own country where the way on is a transport with a daily capacity (Egypt's buses from
Salloum in 2011) wait for it at that border, are counted there, and are home once aboard."""

from __future__ import annotations

import numpy as np

from micic_sim.codes import State
from micic_sim.kernels.common import GOAL_HOME
from micic_sim.model import EvacuationModel
from micic_sim.network import onward_links
from micic_sim.scenario import load_scenario
from tests.scenario_builder import run_seeds, toy

SEEDS = range(3)


def own_border(days: float = 12):
    """The toy with its crossing leading into the people's own country (entry in AAA)."""
    s = toy(days=days, nationalities=("AAA",))
    s.row("places", "entry")["country"] = "AAA"
    s.add_people(2000)
    return s


def at_entry(m: EvacuationModel) -> float:
    """People (agents) held at the entry post."""
    return float(m._last.at_place[m.world.place_ids.index("entry")])


def repatriated(m: EvacuationModel) -> float:
    return float(np.count_nonzero(m.population.state == State.REPATRIATED))


def test_onward_links_are_capped_links_from_a_place_abroad_into_its_own_country():
    host = np.array([True, False, False, False])
    country = ["ARD", "AAA", "AAA", "BBB"]
    frm = np.array([0, 1, 1, 2, 1], np.int32)
    to = np.array([1, 0, 3, 1, 2], np.int32)
    capped = np.array([True, True, True, False, True])
    out = onward_links(host, country, frm, to, capped)
    # place 1: link 1 goes back to the host, link 2 abroad to BBB; link 4 is the way on
    assert out.tolist() == [-1, 4, -1, -1]


def test_nationals_wait_at_their_border_for_a_capped_ride_home(tmp_path):
    s = own_border()
    free = load_scenario(s.write(tmp_path, "free"))
    s.row("links", "entry_home_aaa")["daily_capacity"] = 100
    capped = load_scenario(s.write(tmp_path, "capped"))
    metrics = {"at_entry": at_entry, "home": repatriated}
    uncapped = run_seeds(free, metrics, seeds=SEEDS)
    held = run_seeds(capped, metrics, seeds=SEEDS)
    # With no capacity on the way on, nationals are home at once, nobody waits at the entry.
    assert uncapped["at_entry"].max() == 0 and uncapped["home"].min() > 500, uncapped
    # With one, the border holds those the transport has not yet taken.
    assert held["at_entry"].min() > 200, held
    assert held["home"].mean() < uncapped["home"].mean() - 200, (uncapped, held)


def test_the_ride_home_carries_its_capacity_and_loses_nobody(tmp_path):
    """Conservation: everyone who crossed is either waiting at the entry for the transport or
    home; the transport takes no more than its capacity a day, and those aboard are home (at
    their origin, with a day home)."""
    s = own_border(days=10)
    s.row("links", "entry_home_aaa")["daily_capacity"] = 100
    m = EvacuationModel(load_scenario(s.write(tmp_path)), seed=0, population_total=2000).run()
    p, w = m.population, m.world
    crossed = ~np.isnan(p.safe_day)
    waiting = (p.state == State.QUEUE_TRANSPORT) & (p.goal == GOAL_HOME)
    home = p.state == State.REPATRIATED
    assert crossed.sum() == waiting.sum() + home.sum() > 0
    assert (p.place[waiting] == w.place_ids.index("entry")).all()
    assert (p.place[home] == w.place_ids.index("home_aaa")).all()
    assert not np.isnan(p.home_day[home & (p.head == np.arange(p.n))]).any()
    assert np.isnan(p.home_day[waiting & (p.head == np.arange(p.n))]).all()
    cap_agents = 100 * m.scale * m.days + m.max_household  # one step's carry-over at most
    assert home.sum() <= cap_agents, (home.sum(), cap_agents)
    assert waiting.sum() > 0


def test_more_onward_transport_holds_fewer_people_at_the_border(tmp_path):
    s = own_border()
    s.row("links", "entry_home_aaa")["daily_capacity"] = 100
    few = load_scenario(s.write(tmp_path, "few"))
    s.row("links", "entry_home_aaa")["daily_capacity"] = 400
    more = load_scenario(s.write(tmp_path, "more"))
    assert (
        run_seeds(more, at_entry, seeds=SEEDS).mean()
        < 0.8 * run_seeds(few, at_entry, seeds=SEEDS).mean()
    )


def test_stopping_the_onward_transport_strands_more_nationals_at_the_border(tmp_path):
    s = own_border()
    s.row("links", "entry_home_aaa")["daily_capacity"] = 400
    running = load_scenario(s.write(tmp_path, "running"))
    s.event("close_link", "entry_home_aaa", day=3)
    stopped = load_scenario(s.write(tmp_path, "stopped"))
    on = run_seeds(running, at_entry, seeds=SEEDS)
    off = run_seeds(stopped, at_entry, seeds=SEEDS)
    assert off.mean() > on.mean() + 100, (on, off)


def test_foreigners_crossing_the_same_border_are_not_held_for_it(tmp_path):
    """The rule is for nationals entering their own country: a foreigner who crosses is safe
    abroad and chooses where to go next, as before."""
    s = toy(days=12, nationalities=("AAA",))
    s.row("links", "entry_home_aaa")["daily_capacity"] = 100
    s.add_people(2000)
    m = EvacuationModel(load_scenario(s.write(tmp_path)), seed=0, population_total=2000).run()
    p = m.population
    assert not ((p.state == State.QUEUE_TRANSPORT) & (p.goal == GOAL_HOME)).any()


def test_waiting_for_the_ride_home_counts_as_days_held_at_the_border(tmp_path):
    """Nationals held at their own border for want of transport are held at a border (the
    person-days outcome), not waiting abroad: they are in their own country."""
    s = own_border(days=10)
    s.row("links", "entry_home_aaa")["daily_capacity"] = 100
    m = EvacuationModel(load_scenario(s.write(tmp_path)), seed=0, population_total=2000).run()
    p = m.population
    waiting = (p.state == State.QUEUE_TRANSPORT) & (p.goal == GOAL_HOME)
    assert (p.days_border[waiting] > 0).all() and waiting.any()
    assert (p.days_waiting[waiting] == 0).all()


def test_wayfinders_through_a_capped_link_travel_on_and_are_not_sent_home(tmp_path):
    """Local wayfinders queue for a capped link with no goal (they steer by `dest`): served,
    they start along the link as before; only a national marked as waiting for the ride home
    (GOAL_HOME) is taken home by it."""
    s = toy(days=12, nationalities=("AAA",), shelter=False)
    s.row("links", "city_exit")["daily_capacity"] = 200
    s.add_people(2000)
    m = EvacuationModel(
        load_scenario(s.write(tmp_path)),
        seed=0,
        population_total=2000,
        behaviour={"local_share": 1.0},
    ).run()
    p, w = m.population, m.world
    k = [j for j, sp in enumerate(m.service_points) if sp.label == "link:city_exit"][0]
    assert m.board.totals[k, 0] > 0  # the link carried people
    home = p.state == State.REPATRIATED
    assert not w.place_host[p.place[home]].any()  # nobody "home" inside the host country
    assert not (p.goal == GOAL_HOME).any()
