"""Each documented reason to leave moves people in the direction the sources say (issue 11):
employers shutting down, a State coming for its nationals, violence aimed at a group, co-nationals
leaving; no threshold keeps anyone home; an onward-ticket rule strands people at the border."""

from __future__ import annotations

import numpy as np
import pytest

from micic_sim.codes import State
from micic_sim.model import EvacuationModel
from micic_sim.scenario import ScenarioError, load_scenario
from tests.scenario_builder import run_seeds, toy

SEEDS = range(4)
CALM = {"leave_rate": 0.02, "call_leave_rate": 1.0, "employer_leave_rate": 1.0}


def left(nat: str | None = None):
    """Share of people (of one nationality) who have left home."""

    def metric(m: EvacuationModel) -> float:
        p = m.population
        sel = np.ones(p.n, bool) if nat is None else p.nationality == m.world.nat_ids.index(nat)
        return float(np.mean(~np.isin(p.state[sel], [State.HOME, State.NOT_YET])))

    return metric


def crossed(m: EvacuationModel) -> float:
    """People who have reached safety (crossed a border or been evacuated)."""
    return float(np.count_nonzero(~np.isnan(m.population.safe_day)))


def at_border(m: EvacuationModel) -> float:
    """People held at the exit post (queued or stranded there)."""
    return float(m._last.at_place[m.world.place_ids.index("exit")])


def low_hazard(tmp_path, **kw):
    s = toy(days=15, nationalities=("AAA", "BBB"), **kw)
    s.timeline.clear()
    s.hazard("city", 0.1)
    s.add_people(1500, nationality="AAA")
    s.add_people(1500, nationality="BBB")
    return s


def test_employers_shutting_down_send_more_people_away(tmp_path):
    s = low_hazard(tmp_path)
    case = load_scenario(s.write(tmp_path))
    few = run_seeds(case, left(), seeds=SEEDS, behaviour={**CALM, "employer_close_rate": 0.0})
    many = run_seeds(case, left(), seeds=SEEDS, behaviour={**CALM, "employer_close_rate": 2.0})
    assert many.mean() > few.mean() + 0.1, (few, many)


def test_workers_of_a_shut_employer_go_by_their_own_propensity(tmp_path):
    """A shut site leaves its workers without pay, not on a bus: whether they go is theirs to
    weigh (wages owed, debts, other work; SOURCES.md §10), so a spread of propensities keeps
    many at home, where a State coming for its nationals still moves nearly all of them."""
    s = low_hazard(tmp_path)
    shut = load_scenario(s.write(tmp_path, "shut"))
    beh = {**CALM, "leave_rate": 0.0, "employer_close_rate": 2.0}
    alike = run_seeds(shut, left(), seeds=SEEDS, behaviour={**beh, "leave_heterogeneity": 0.0})
    spread = run_seeds(shut, left(), seeds=SEEDS, behaviour={**beh, "leave_heterogeneity": 3.0})
    assert spread.mean() < alike.mean() - 0.15, (alike, spread)
    s.event("call_home", "AAA", day=1, value=1.0)
    called = load_scenario(s.write(tmp_path, "called"))
    quiet = {**CALM, "leave_rate": 0.0, "leave_heterogeneity": 3.0}
    assert run_seeds(called, left("AAA"), seeds=SEEDS, behaviour=quiet).mean() > 0.85


def test_only_danger_beyond_everyday_insecurity_sends_people_away(tmp_path):
    """`everyday_hazard`: the insecurity people lived with before the crisis does not drive
    them out, so a low, steady hazard no longer empties a place in the end; danger above it
    still does, at the same rate as before, less the everyday part."""
    s = low_hazard(tmp_path)  # hazard 0.1 in the city
    case = load_scenario(s.write(tmp_path))
    beh = {**CALM, "leave_rate": 0.5, "employer_close_rate": 2.0}
    none = run_seeds(case, left(), seeds=SEEDS, behaviour={**beh, "everyday_hazard": 0.0})
    lived = run_seeds(case, left(), seeds=SEEDS, behaviour={**beh, "everyday_hazard": 0.1})
    # (the few not at home there were harmed at home: harm follows the hazard, not this rule)
    assert none.mean() > 0.3 and lived.max() < 0.005, (none, lived)
    some = run_seeds(case, left(), seeds=SEEDS, behaviour={**beh, "everyday_hazard": 0.05})
    assert 0.0 < some.mean() < none.mean(), (some, none)


def test_a_states_call_sends_its_own_nationals_away(tmp_path):
    s = low_hazard(tmp_path)
    quiet = load_scenario(s.write(tmp_path, "quiet"))
    s.event("call_home", "AAA", day=2, value=1.0)
    called = load_scenario(s.write(tmp_path, "called"))
    metrics = {"AAA": left("AAA"), "BBB": left("BBB")}
    before = run_seeds(quiet, metrics, seeds=SEEDS, behaviour=CALM)
    after = run_seeds(called, metrics, seeds=SEEDS, behaviour=CALM)
    assert after["AAA"].mean() > before["AAA"].mean() + 0.2, (before, after)
    # the call is to AAA's nationals only
    assert abs(after["BBB"].mean() - before["BBB"].mean()) < 0.05, (before, after)


def test_violence_aimed_at_a_group_sends_that_group_away(tmp_path):
    s = low_hazard(tmp_path)
    s.event("group_hazard", "BBB", day=1, value=0.8)
    case = load_scenario(s.write(tmp_path))
    out = run_seeds(case, {"AAA": left("AAA"), "BBB": left("BBB")}, seeds=SEEDS, behaviour=CALM)
    assert out["BBB"].mean() > out["AAA"].mean() + 0.1, out


def test_peers_leaving_draws_more_people_away(tmp_path):
    s = low_hazard(tmp_path)
    case = load_scenario(s.write(tmp_path))
    alone = run_seeds(case, left(), seeds=SEEDS, behaviour={**CALM, "peer_leave_rate": 0.0})
    herd = run_seeds(case, left(), seeds=SEEDS, behaviour={**CALM, "peer_leave_rate": 1.0})
    assert herd.mean() > alone.mean() + 0.05, (alone, herd)


def test_no_threshold_keeps_people_home_in_open_fighting(tmp_path):
    """Under open fighting for long enough, (almost) everyone leaves, however spread out the
    propensity: there is no tolerance above which nobody can ever leave."""
    s = toy(days=120)
    s.timeline.clear()
    s.hazard("city", 1.0)
    s.add_people(2000)
    case = load_scenario(s.write(tmp_path))
    out = run_seeds(case, left(), seeds=range(2), behaviour={"leave_rate": 0.5})
    assert out.min() > 0.9, out


def test_closing_onward_transport_strands_more_people_at_the_border(tmp_path):
    """A crossing that admits only people with an onward ticket: with the evacuation from the
    entry country, people pass; without it, they are held at the border."""
    s = toy(days=12, nationalities=("AAA",))
    s.row("crossings", "gate")["onward_required"] = ["all"]
    s.add_people(2000)
    offer = {
        "id": "onward",
        "operator": "IOM",
        "from_place": "entry",
        "to_place": "home_aaa",
        "mode": "air",
        "start_day": 0,
        "end_day": 60,
        "seats_per_day": 100000,
        "nationalities": ["AAA"],
        "requires_document": False,
        "fare_usd": 0,
    }
    s.evacuations.append(offer)
    open_case = load_scenario(s.write(tmp_path, "open"))
    s.evacuations.clear()
    closed_case = load_scenario(s.write(tmp_path, "closed"))
    with_transport = run_seeds(open_case, at_border, seeds=range(3))
    without = run_seeds(closed_case, at_border, seeds=range(3))
    assert without.mean() > max(50.0, 5 * with_transport.mean()), (with_transport, without)


def test_a_commercial_flight_home_from_the_entry_country_is_an_onward_ticket(tmp_path):
    """With no evacuation offer, an air service from the entry country to the people's origin
    still lets them through an onward-ticket crossing; without it they are held."""
    s = toy(days=12, nationalities=("AAA",))
    s.row("crossings", "gate")["onward_required"] = ["all"]
    s.add_people(2000)
    s.add_place("nbr_airport", "airport", country="NBR")
    s.add_link("entry_airport", "entry", "nbr_airport", 50)
    held_case = load_scenario(s.write(tmp_path, "no_flights"))
    s.add_link("air_home", "nbr_airport", "home_aaa", 3000, mode="air", daily_capacity=500)
    flights_case = load_scenario(s.write(tmp_path, "flights"))
    held = run_seeds(held_case, at_border, seeds=range(3))
    flying = run_seeds(flights_case, at_border, seeds=range(3))
    assert held.mean() > max(50.0, 5 * flying.mean()), (held, flying)


def test_a_state_lets_its_own_nationals_in_without_papers(tmp_path):
    """Right to return: a passport-only crossing into one's own country admits nationals who
    have no passport; foreigners without one are refused."""
    s = toy(days=12, nationalities=("AAA",))
    s.row("crossings", "gate")["documents"] = "passport"
    s.add_people(1000, documentation="none")
    foreign = load_scenario(s.write(tmp_path, "foreign"))
    s.row("places", "entry")["country"] = "AAA"
    for r in s.places:
        if r["id"] == "home_aaa":
            r["country"] = "AAA"
    own = load_scenario(s.write(tmp_path, "own"))

    assert run_seeds(own, crossed, seeds=range(2)).mean() > 500
    assert run_seeds(foreign, crossed, seeds=range(2)).mean() == 0


@pytest.mark.parametrize("h", [0.0, 1.0, 3.0])
def test_propensity_has_mean_one_whatever_its_spread(tmp_path, h):
    s = toy(days=1)
    s.add_people(20000)
    m = EvacuationModel(
        load_scenario(s.write(tmp_path)), seed=0, behaviour={"leave_heterogeneity": h}
    )
    assert abs(float(m.population.propensity.mean()) - 1.0) < 0.05


def test_restricting_a_crossing_cuts_its_flow_and_holds_people_at_the_exit(tmp_path):
    """`crossing_capacity` (an exit restricted by the host's forces, Ras Ajdir from 2 Mar 2011):
    a smaller share of the crossing's capacity lets fewer through and leaves more waiting."""
    s = toy(days=8, nationalities=("AAA",))
    s.row("crossings", "gate")["daily_capacity"] = 400
    s.add_people(3000)
    full = load_scenario(s.write(tmp_path, "full"))
    s.event("crossing_capacity", "gate", day=1, value=0.1)
    cut = load_scenario(s.write(tmp_path, "cut"))

    before = run_seeds(full, {"crossed": crossed, "held": at_border}, seeds=range(2))
    after = run_seeds(cut, {"crossed": crossed, "held": at_border}, seeds=range(2))
    # 1 day at 400 + 7 days at 40 = 680 at most
    assert after["crossed"].max() <= 700 < before["crossed"].min(), (before, after)
    assert after["held"].mean() > before["held"].mean(), (before, after)


@pytest.mark.parametrize(("what", "table", "target"), [("crossing", "crossings", "gate"),
                                                       ("link", "links", "city_exit")])  # fmt: skip
@pytest.mark.parametrize(
    ("value", "capacity", "message"),
    [
        (None, 400, r"timeline.csv, row \d+, field 'value': {what}_capacity needs a value"),
        (1.5, 400, r"timeline.csv, row \d+, field 'value'"),
        (0.5, None, r"timeline.csv, row \d+, field 'target': {what} '{target}' has no daily_cap"),
    ],
)
def test_a_bad_capacity_event_names_the_row_and_field(
    tmp_path, what, table, target, value, capacity, message
):
    """`crossing_capacity` and `link_capacity` scale a crossing's or a road's own capacity."""
    s = toy(days=5, nationalities=("AAA",))
    s.row(table, target)["daily_capacity"] = capacity
    s.add_people(50)
    s.event(f"{what}_capacity", target, day=1, value=value)
    with pytest.raises(ScenarioError, match=message.format(what=what, target=target)):
        load_scenario(s.write(tmp_path))


def test_restricting_a_road_holds_people_back_before_the_border(tmp_path):
    """`link_capacity` (roadblocks on the way to a border, the road to Ras Ajdir from 2 Mar
    2011): fewer cross, and those held back wait where the road starts, not at the border."""
    s = toy(days=8, nationalities=("AAA",))
    s.row("links", "city_exit")["daily_capacity"] = 4000
    s.add_people(3000)
    full = load_scenario(s.write(tmp_path, "full"))
    s.event("link_capacity", "city_exit", day=1, value=0.01)
    cut = load_scenario(s.write(tmp_path, "cut"))

    def in_city(m):
        p = m.population
        return float(np.count_nonzero(p.place == m.world.place_ids.index("city")))

    metrics = {"crossed": crossed, "held": at_border, "city": in_city}
    before = run_seeds(full, metrics, seeds=range(2))
    after = run_seeds(cut, metrics, seeds=range(2))
    assert after["crossed"].mean() < before["crossed"].mean() - 500, (before, after)
    assert after["city"].mean() > before["city"].mean() + 500, (before, after)
    assert after["held"].mean() <= before["held"].mean() + 5, (before, after)


def _closed_share(h: float, days: float, rate: float = 0.1) -> float:
    from micic_sim.population.employers import Employers

    n = 20000
    emp = Employers(np.arange(n, dtype=np.int32), np.zeros(n, np.int32), np.uint64(7), h)
    hazard = np.array([1.0], np.float32)
    for _ in range(int(days * 4)):
        emp.advance(0.25, rate, hazard, 0.0)
    return float(emp.gone[:n].mean())


def test_alike_employers_close_on_an_exponential_clock():
    # h = 0: every employer closes at rate x hazard, 1 - exp(-0.1 x 10) = 0.632 after 10 days
    assert abs(_closed_share(0.0, 10) - (1 - np.exp(-1.0))) < 0.015


def test_spread_employers_close_early_or_hardly_ever():
    """Same mean rate: a spread brings the first closures as fast, and leaves many open when
    the danger lasts (firms that pull out at once, and those that carry on through a war)."""
    early_alike, early_spread = _closed_share(0.0, 0.5), _closed_share(4.0, 0.5)
    late_alike, late_spread = _closed_share(0.0, 60), _closed_share(4.0, 60)
    assert early_spread > 0.5 * early_alike  # mean rate 1: the first closures come about as fast
    assert late_alike > 0.99 and late_spread < 0.6, (late_alike, late_spread)


def test_informed_people_weigh_a_blocked_road_and_take_another_way(tmp_path):
    """A queue at a capacity-limited road on the way to a crossing counts in the choice as the
    crossing's own queue does (network.route_waits): with the road to the near gate held to a
    trickle, informed people turn to a farther gate instead of all queuing for the road."""
    s = toy(days=8, nationalities=("AAA",), phone=1.0, host_language=1.0)
    s.add_place("exit2", "border_exit")
    s.add_place("entry2", "border_entry", country="NBR")
    s.add_link("city_exit2", "city", "exit2", 600)
    s.add_link("entry2_home", "entry2", "home_aaa", 300)
    s.crossings.append({**s.crossings[0], "id": "gate2", "exit_place": "exit2",
                        "entry_place": "entry2"})  # fmt: skip
    s.row("links", "city_exit")["daily_capacity"] = 4000
    s.add_people(3000)
    open_road = load_scenario(s.write(tmp_path, "open"))
    s.event("link_capacity", "city_exit", day=0, value=0.01)
    held = load_scenario(s.write(tmp_path, "held"))

    def via_gate2(m):
        (sp,) = [sp for sp in m.service_points if sp.label == "crossing:gate2"]
        return float(sp.passed)

    a = run_seeds(open_road, via_gate2, seeds=range(2))
    b = run_seeds(held, via_gate2, seeds=range(2))
    assert b.mean() > a.mean() + 300, (a, b)
