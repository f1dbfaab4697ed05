"""Local wayfinding (Flee's rule set): route tables, weights, and the model's behaviour."""

from __future__ import annotations

from collections import namedtuple

import numba
import numpy as np
import pytest

from micic_sim.behaviour import Behaviour
from micic_sim.codes import State
from micic_sim.model import EvacuationModel
from micic_sim.wayfinding import build, place_scores, reweigh, room
from tests.scenario_factory import write_scenario

Par = namedtuple(
    "Par", "distance_softening_km distance_power camp_weight foreign_weight conflict_weight"
)
PAR = Par(10.0, 1.0, 1.0, 1.0, 0.25)


def small_graph():
    """A(0) -B(1) 10 km; B -> W(2, a waypoint) 5 km -> C(3) 5 km (one way, like a crossing);
    B -D(4) 30 km."""
    e_from = np.array([0, 1, 1, 2, 1, 4], np.int32)
    e_to = np.array([1, 0, 2, 3, 4, 1], np.int32)
    e_km = np.array([10, 10, 5, 5, 30, 30], np.float64)
    waypoint = np.array([False, False, True, False, False])
    return e_from, e_to, e_km, np.ones(6, bool), waypoint


def routes_from(t, s):
    lo, hi = t.ptr[s], t.ptr[s + 1]
    return sorted(zip(t.dest[lo:hi].tolist(), t.km[lo:hi].tolist(), strict=True))


def test_routes_one_step_ahead_pass_through_waypoints():
    t = build(5, *small_graph(), hops=1)
    assert routes_from(t, 1) == [(0, 10.0), (3, 10.0), (4, 30.0)]  # W is passed through
    assert routes_from(t, 0) == [(1, 10.0)]
    assert routes_from(t, 3) == []  # a dead end (one-way crossing)
    # next edge from A towards C: A->B (edge 0); from B towards C: B->W (edge 2)
    assert t.next_edge[3, 0] == 0 and t.next_edge[3, 1] == 2
    # each route's own first edge: from B, to A by edge 1, to C by 2 (into W), to D by 4
    lo, hi = t.ptr[1], t.ptr[2]
    firsts = dict(zip(t.dest[lo:hi].tolist(), t.first[lo:hi].tolist(), strict=True))
    assert firsts == {0: 1, 3: 2, 4: 4}


def test_routes_two_steps_ahead_without_loops():
    t = build(5, *small_graph(), hops=2)
    assert routes_from(t, 0) == [(1, 10.0), (3, 20.0), (4, 40.0)]  # never back to A
    closed = small_graph()[:3] + (np.array([True, True, False, True, True, True]), small_graph()[4])
    t = build(5, *closed, hops=2)
    assert routes_from(t, 0) == [(1, 10.0), (4, 40.0)]  # the closed edge hides C


def test_weights_follow_attraction_distance_and_room():
    t = build(5, *small_graph(), hops=1)
    host = np.array([True, True, True, False, True])
    camp = np.array([False, False, False, True, False])
    hazard = np.array([0, 0, 0, 0, 1.0], np.float32)
    par = PAR._replace(camp_weight=2.0)
    score = place_scores(par, host, camp, hazard)
    assert score.tolist() == [1.0, 1.0, 1.0, 2.0, 0.25]
    reweigh(t, par, score, np.ones(5))
    lo, hi = t.ptr[1], t.ptr[1 + 1]
    w = {0: 1 / 20, 3: 2 / 20, 4: 0.25 / 40}
    total = sum(w.values())
    p = np.diff(np.r_[0.0, t.cum[lo:hi]])
    got = dict(zip(t.dest[lo:hi].tolist(), p.tolist(), strict=True))
    assert got == pytest.approx({k: v / total for k, v in w.items()})
    # a full camp is never chosen; a place whose routes all weigh 0 chooses evenly
    reweigh(t, par, score, np.array([1.0, 1.0, 1.0, 0.0, 1.0]))
    p = dict(zip(t.dest[lo:hi].tolist(), np.diff(np.r_[0.0, t.cum[lo:hi]]).tolist(), strict=True))
    assert p[3] == 0.0
    reweigh(t, par, score, np.zeros(5))
    assert np.diff(np.r_[0.0, t.cum[lo:hi]]) == pytest.approx([1 / 3] * 3)


def test_room_falls_from_the_buffer_to_full():
    occ = np.array([0, 90, 95, 100, 120, 10**6])
    cap = np.array([100, 100, 100, 100, 100, -1.0])
    assert room(occ, cap, 0.9).tolist() == pytest.approx([1, 1, 0.5, 0, 0, 1])


# ------------------------------------------------------------------ the model

PLACES = [
    "home,Home,city,H,0,0,",
    "t,Town,city,H,0,1,",
    "s,IDP camp,shelter,H,1,1,",
    "x,Exit,border_exit,H,0,2,",
    "c1,Camp near,reception,N,0,3,{cap}",
    "c2,Camp far,reception,N,1,3,",
]
LINKS = ["l1,home,t,100,road,,yes", "l2,t,x,50,road,,yes", "l3,t,s,150,road,,yes"]
CROSSINGS = ["x1,x,c1,,none,,no,0,0,no", "x2,x,c2,,none,,no,0,0,no"]


def local_case(tmp_path, name="w", cap="", behaviour=None, households="single", days=30):
    crossings = [c + f",{km}" for c, km in zip(CROSSINGS, (50, 250), strict=True)]
    root = write_scenario(
        tmp_path / name,
        places=[p.format(cap=cap) for p in PLACES],
        links=LINKS,
        crossings=crossings,
        population=[f"home,A,regular,passport,adult,{households},4000"],
        timeline=["0,hazard,home,1"],
        days=days,
        behaviour={
            "local_share": 1.0,
            "speed_road_km_day": 360.0,
            "leave_heterogeneity": 0.0,  # as Flee imports: everyone in a place moves alike
            **(behaviour or {}),
        },
    )
    head = (root / "crossings.csv").read_text().split("\n", 1)
    (root / "crossings.csv").write_text(head[0] + ",distance_km\n" + head[1])
    return root


def final_at(m: EvacuationModel, place: str) -> int:
    return int(m.records[-1].at_place[m.world.place_ids.index(place)])


def test_local_wayfinders_reach_camps_and_nobody_is_lost(tmp_path):
    m = EvacuationModel(str(local_case(tmp_path)), seed=1, dt_hours=24)
    n = m.population.n
    while m.running:
        m.step()
        assert m.records[-1].by_status.sum() == n
    p = m.population
    assert m.way is not None
    assert not np.any(p.state == State.HOME)  # conflict: everyone sets out
    assert np.all(p.goal == -1)  # nobody planned a goal
    in_camps = sum(final_at(m, c) for c in ("c1", "c2", "s"))
    assert in_camps > 0.6 * n
    assert final_at(m, "c1") > final_at(m, "c2")  # nearer camp, more people


def run_final(root, **behaviour):
    return EvacuationModel(str(root), seed=3, dt_hours=24, behaviour=behaviour or None).run()


def test_direction_of_the_rule_parameters(tmp_path):
    root = local_case(tmp_path)
    base = run_final(root)
    # Less attraction abroad: more stay in the country (the IDP camp), fewer in camps abroad.
    homebound = run_final(root, foreign_weight=0.2)
    assert final_at(homebound, "s") > final_at(base, "s")
    assert final_at(homebound, "c1") + final_at(homebound, "c2") < final_at(base, "c1") + final_at(
        base, "c2"
    )
    # Distance matters more: the near camp gains on the far one.
    near = run_final(root, distance_power=2.0)
    assert final_at(near, "c1") / max(final_at(near, "c2"), 1) > final_at(base, "c1") / max(
        final_at(base, "c2"), 1
    )
    # People who seldom move on from a town are still there at the end.
    lingering = run_final(root, town_move_chance=0.05)
    assert final_at(lingering, "t") > 3 * final_at(base, "t")


def test_a_full_camp_turns_people_away(tmp_path):
    open_ = run_final(local_case(tmp_path, "a"))
    capped = run_final(local_case(tmp_path, "b", cap="500"))
    assert final_at(capped, "c1") < final_at(open_, "c1")
    assert final_at(capped, "c2") + final_at(capped, "s") > final_at(open_, "c2") + final_at(
        open_, "s"
    )


def test_same_seed_same_numbers_any_thread_count(tmp_path):
    root = local_case(tmp_path, households="family")
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        a = run_final(root)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        b = run_final(root)
    finally:
        numba.set_num_threads(threads)
    for col in ("state", "place", "dest", "link", "safe_day"):
        np.testing.assert_array_equal(a.population.columns[col], b.population.columns[col])


def test_a_mixed_population_plans_or_finds_its_way_by_household(tmp_path):
    root = local_case(tmp_path, households="family", behaviour={"local_share": 0.5})
    m = EvacuationModel(str(root), seed=2, dt_hours=6)
    p = m.population
    planned = np.zeros(p.n, bool)
    while m.running:
        m.step()
        planned |= p.goal >= 0
        assert m.records[-1].by_status.sum() == p.n
    heads = p.head == np.arange(p.n)
    # the flag is the household's: all members share it
    for hh in np.unique(p.household)[:50]:
        assert len(set(m.local[p.household == hh].tolist())) == 1
    assert 0.3 < m.local[heads].mean() < 0.7
    assert not np.any(planned[heads & m.local])  # wayfinders never pick a goal
    assert np.any(planned[heads & ~m.local])  # planners do


def test_planners_only_build_no_wayfinding_tables(tmp_path):
    m = EvacuationModel(str(local_case(tmp_path, behaviour={"local_share": 0.0})), seed=0)
    assert m.way is None and not m.local.any()


def test_shares_and_chances_above_one_are_refused():
    with pytest.raises(ValueError, match="local_share: a share or daily chance, must be <= 1"):
        Behaviour.from_overrides({"local_share": 1.5})


# ------------------------------------------------------------------ camp capacity


def occupancy_path(root, place: str, **kw) -> tuple[EvacuationModel, list[int], list[int]]:
    """Run step by step; residents (beds taken) and people at `place` after each step."""
    m = EvacuationModel(str(root), **kw)
    k = m.world.place_ids.index(place)
    beds, at = [], []
    n = m.population.n
    while m.running:
        m.step()
        beds.append(int(m.occupancy[k]))
        at.append(int(m.records[-1].at_place[k]))
        assert m.records[-1].by_status.sum() == n  # nobody lost when turned away
    return m, beds, at


@pytest.mark.parametrize("households", ["single", "family"])
def test_arrivals_beyond_capacity_are_turned_away_for_wayfinders(tmp_path, households):
    # 4000 people, a near camp for 300: with a buffer of 1 the camp keeps its full pull until
    # full, so far more arrive on a single day than it has room for.
    root = local_case(tmp_path, cap="300", households=households)
    m, beds, at = occupancy_path(
        root, "c1", seed=1, dt_hours=24, behaviour={"capacity_buffer": 1.0}
    )
    assert max(beds) <= 300 and max(at) <= 300
    assert beds[-1] >= 250  # filled, not starved
    assert final_at(m, "c2") > 0  # the others went on to the far camp
    scale = m.scale
    assert scale == 1.0


def test_arrivals_beyond_capacity_are_turned_away_for_planners(tmp_path):
    root = local_case(tmp_path, cap="300", behaviour={"local_share": 0.0})
    m, beds, at = occupancy_path(root, "c1", seed=1, dt_hours=24)
    assert m.way is None  # everyone plans a goal
    assert max(beds) <= 300 and max(at) <= 300


def test_capacity_rule_is_reproducible_at_any_thread_count(tmp_path):
    root = local_case(tmp_path, cap="300", households="family")
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        a = run_final(root, capacity_buffer=1.0)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        b = run_final(root, capacity_buffer=1.0)
    finally:
        numba.set_num_threads(threads)
    for col in ("state", "place", "dest", "link"):
        np.testing.assert_array_equal(a.population.columns[col], b.population.columns[col])


def test_nobody_sets_out_for_a_nearly_full_camp(tmp_path):
    """Flee's agents check, before every hop, that the camp they head for is not nearly full
    (Person.take_next_step, check_dest_is_full_camp) and otherwise stay put. Camp S's only
    way leads 1000 km to camp F, full from day 0 with people who never leave (move chance
    0): everyone in S wants to leave every day (move chance 1), nobody may set out, so S
    keeps all its people on every step; with room in F, the same people do set out."""
    import pandas as pd

    from micic_sim.scenario.flee_import import import_flee
    from tests.test_flee_import import make_input, write

    locations = (
        "#name,region,country,lat,lon,location_type,conflict_date,population\n"
        "A,R,Home,10,10,conflict_zone,0,3000\nF,R,Abroad,11,11,camp,,{cap}\n"
        "S,R,Abroad,12,12,camp,,0\n"
    )
    val = tmp_path / "validation"
    write(val / "data_layout.csv", "total,refugees.csv\nF,f.csv\nS,s.csv\n")
    write(val / "refugees.csv", "2020-01-01,150\n2020-01-05,150\n")
    write(val / "f.csv", "2020-01-01,100\n")
    write(val / "s.csv", "2020-01-01,50\n")

    def s_path(cap: int) -> list[int]:
        folder = make_input(
            tmp_path / str(cap),
            locations=locations.format(cap=cap),
            routes="#name1,name2,distance\nA,F,50\nF,S,1000\n",
            closures=None,
            conflicts=None,
        )
        root = import_flee(folder, tmp_path, f"c{cap}", validation=val)
        places = pd.read_csv(root / "places.csv")
        places["move_chance"] = places["id"].map({"F": 0.0, "S": 1.0})
        places.to_csv(root / "places.csv", index=False)
        return occupancy_path(root, "S", seed=3)[2]

    assert s_path(100) == [50] * 5  # F full: nobody leaves S
    assert min(s_path(1000)) < 50  # F roomy: people leave S for it


def test_each_link_set_out_on_gets_a_full_days_travel_as_in_flee(tmp_path):
    """Flee's `Person.finish_travel` adds a whole day's `max_move_speed` to every link an agent
    sets out on, as long as the distance it covered that day is below it: from `home`, 100 km to
    `b` (passed at once, move chance 1), then 300 km to camp `c`, a Flee agent reaches `c` on
    the day it leaves (100 km, then 360 km of credit on the 300 km link). With the step's time
    shared between the links (the rule before) it covered 100 + 260 km and slept on the road;
    now nobody ends a step on the `b` - `c` link, and everyone who left is in `c` that day."""
    root = write_scenario(
        tmp_path / "credit",
        places=["home,Home,city,H,0,0,", "b,B,city,H,0,1,", "c,Camp,reception,N,0,3,"],
        links=["l1,home,b,100,road,,no", "l2,b,c,300,road,,no"],
        population=["home,A,regular,passport,adult,single,2000"],
        timeline=["0,hazard,home,1"],
        days=8,
        behaviour={"local_share": 1.0, "speed_road_km_day": 360.0, "leave_heterogeneity": 0.0},
    )
    places = (root / "places.csv").read_text().splitlines()
    (root / "places.csv").write_text(
        "\n".join(
            [places[0] + ",move_chance"]
            + [p + (",1" if p.startswith("b,") else ",") for p in places[1:]]
        )
        + "\n"
    )
    m = EvacuationModel(str(root), seed=2, dt_hours=24)
    p = m.population
    b_c = int(np.flatnonzero((m.world.link_from == 1) & (m.world.link_to == 2))[0])
    c = m.world.place_ids.index("c")
    while m.running:
        m.step()
        assert not (p.link == b_c).any(), f"{int((p.link == b_c).sum())} on the road to c"
        left = p.state != State.HOME
        assert left.sum() > 0
        assert (p.place[left] == c).all() and (p.link[left] < 0).all()
    assert (p.place == c).mean() > 0.9


def test_the_route_chosen_is_the_way_taken_as_in_flee(tmp_path):
    """A Flee agent follows the link of the route it chose, even where two other links make a
    shorter way (routes.csv distances need not obey the triangle inequality: Nigeria 2016's
    Gombi - Billiri is 296 km, through Biu 263). Camp `c` is 250 km from `home` by its own
    road and 200 km through town `b`, where nobody who stops ever moves on (move chance 0).
    Camp weight makes `c` the choice of everyone; taking the shortest way instead of the
    chosen road, they passed `b`, drew its move chance there and all stayed."""
    root = write_scenario(
        tmp_path / "own_way",
        places=["home,Home,city,H,0,0,", "b,B,city,H,0,1,", "c,Camp,reception,N,0,3,"],
        links=["l1,home,b,100,road,,no", "l2,b,c,100,road,,no", "l3,home,c,250,road,,no"],
        population=["home,A,regular,passport,adult,single,2000"],
        timeline=["0,hazard,home,1"],
        days=8,
        behaviour={
            "local_share": 1.0,
            "speed_road_km_day": 360.0,
            "leave_heterogeneity": 0.0,
            "camp_weight": 1.0e6,
        },
    )
    places = (root / "places.csv").read_text().splitlines()
    (root / "places.csv").write_text(
        "\n".join(
            [places[0] + ",move_chance"]
            + [p + (",0" if p.startswith("b,") else ",") for p in places[1:]]
        )
        + "\n"
    )
    m = EvacuationModel(str(root), seed=2, dt_hours=24).run()
    p = m.population
    left = p.state != State.HOME
    assert left.sum() > 1500
    assert final_at(m, "b") == 0
    assert (p.place[left] == m.world.place_ids.index("c")).all()
