"""A crossing that holds people (crossings.csv `holds`): whoever the entry State does not admit
yet is not turned away but waits at the gate, counted at that border, until their way home is
arranged (an evacuation for their nationality leaving from the entry country) or they give up
(issue 11 item 3; Ras Ajdir and Salloum in 2011, SOURCES.md §4 [A94]; docs/model.md "Borders").
"""

from __future__ import annotations

import numpy as np
import pytest

from micic_sim.codes import Awareness, State
from micic_sim.model import EvacuationModel
from micic_sim.scenario import ScenarioError, load_scenario
from tests.scenario_builder import ToyScenario, run_seeds, toy

SEEDS = range(3)


def held(m: EvacuationModel) -> float:
    """People in the gate's queue at the exit post (held there: the post itself is never
    full in these scenarios)."""
    p = m.population
    exit_ = m.world.place_ids.index("exit")
    return float(((p.state == State.QUEUE_BORDER) & (p.place == exit_)).sum())


def at_border(m: EvacuationModel) -> float:
    """People at the exit post, as the time series counts them (by place)."""
    return float(m._last.at_place[m.world.place_ids.index("exit")])


def crossed(m: EvacuationModel) -> float:
    (sp,) = [sp for sp in m.service_points if sp.label == "crossing:gate"]
    return float(sp.passed)


def refused(m: EvacuationModel) -> float:
    (sp,) = [sp for sp in m.service_points if sp.label == "crossing:gate"]
    return float(sp.refused)


def no_papers(days: float = 12) -> ToyScenario:
    """2,000 AAA people without papers; the gate asks for passports; no other way out."""
    s = toy(days=days, nationalities=("AAA",), shelter=False)
    s.row("crossings", "gate")["documents"] = "passport"
    s.add_people(2000, documentation="none")
    return s


def way_home(start: float, end: float = 60, nats=("AAA",), **kw) -> dict:
    """An IOM flight home from the entry country (no papers asked: IOM issues them)."""
    return {
        "id": "iom_flight",
        "operator": "IOM",
        "from_place": "entry",
        "to_place": "home_aaa",
        "mode": "air",
        "start_day": start,
        "end_day": end,
        "seats_per_day": 100000,
        "nationalities": list(nats),
        "requires_document": False,
        "fare_usd": 0,
        **kw,
    }


def test_people_without_papers_wait_at_a_holding_gate_instead_of_being_turned_away(tmp_path):
    """At a gate that holds, the people it does not admit queue at the exit post and are
    counted there; at one that does not, they are refused."""
    s = no_papers(days=6)
    turns_away = load_scenario(s.write(tmp_path, "turns_away"))
    s.row("crossings", "gate")["holds"] = ["all"]
    holds = load_scenario(s.write(tmp_path, "holds"))
    metrics = {"held": held, "at_border": at_border, "refused": refused, "crossed": crossed}
    a = run_seeds(turns_away, metrics, seeds=SEEDS)
    b = run_seeds(holds, metrics, seeds=SEEDS)
    assert a["refused"].min() > 0 and a["held"].max() == 0, a
    assert b["refused"].max() == 0 and b["crossed"].max() == 0, b
    assert b["held"].min() > 20, b
    assert np.all(b["at_border"] >= b["held"]), b  # the place count includes them


def test_held_people_cross_once_an_evacuation_for_them_leaves_from_the_entry_country(tmp_path):
    """Their way home arranged (from day 5), the held are let through."""
    s = no_papers(days=12)
    s.row("crossings", "gate")["holds"] = ["all"]
    never = load_scenario(s.write(tmp_path, "never"))
    s.evacuations.append(way_home(start=5))
    arranged = load_scenario(s.write(tmp_path, "arranged"))
    metrics = {"held": held, "crossed": crossed}
    a = run_seeds(never, metrics, seeds=SEEDS)
    b = run_seeds(arranged, metrics, seeds=SEEDS)
    assert a["crossed"].max() == 0, a
    assert b["crossed"].mean() > 100 + a["crossed"].mean(), (a, b)
    assert b["held"].mean() < 0.2 * max(a["held"].mean(), 1.0) + 5, (a, b)


def test_an_evacuation_for_another_nationality_does_not_release_them(tmp_path):
    s = no_papers(days=12)
    s.meta["nationalities"].append(
        {"id": "BBB", "name": "BBB", "language": "bbb", "origin": "home_bbb"}
    )
    s.add_place("home_bbb", "safe", country="BBB")
    s.add_link("entry_home_bbb", "entry", "home_bbb", 300)
    s.row("crossings", "gate")["holds"] = ["all"]
    s.evacuations.append(way_home(start=2, nats=("BBB",)))
    out = run_seeds(load_scenario(s.write(tmp_path)), crossed, seeds=SEEDS)
    assert out.max() == 0, out


def test_closing_the_evacuation_keeps_more_people_at_the_border(tmp_path):
    """The same flight, ended on day 3 instead of running on: more stay at the border."""
    s = no_papers(days=12)
    s.row("crossings", "gate")["holds"] = ["all"]
    s.evacuations.append(way_home(start=2, end=60))
    running = load_scenario(s.write(tmp_path, "running"))
    s.evacuations[-1]["end_day"] = 3
    closed = load_scenario(s.write(tmp_path, "closed"))
    a = run_seeds(running, at_border, seeds=SEEDS)
    b = run_seeds(closed, at_border, seeds=SEEDS)
    assert b.mean() > max(50.0, 3 * a.mean()), (a, b)


def test_more_evacuation_seats_from_the_entry_country_shorten_the_hold(tmp_path):
    """The evacuation_transport lever's extra flight from the entry country frees the held."""
    s = no_papers(days=12)
    s.row("crossings", "gate")["holds"] = ["all"]
    case = load_scenario(s.write(tmp_path))
    extra = {k: v for k, v in way_home(start=4).items() if k not in ("id", "operator", "mode")}
    extra["nationalities"] = "AAA"
    lever = {"evacuation_transport": {"enabled": True, "seats_multiplier": 1.0, "offers": [extra]}}
    metrics = {"held": held, "crossed": crossed}
    off = run_seeds(case, metrics, seeds=SEEDS)
    on = run_seeds(case, metrics, seeds=SEEDS, levers=lever)
    assert off["crossed"].max() == 0 and on["crossed"].mean() > 100, (off, on)
    assert on["held"].mean() < off["held"].mean(), (off, on)


def test_open_borders_lets_the_held_through(tmp_path):
    """A transit State that waives papers (open_borders, admit_without_documents) from day 3
    lets in the people it was holding."""
    s = no_papers(days=8)
    s.row("crossings", "gate")["holds"] = ["all"]
    case = load_scenario(s.write(tmp_path))
    lever = {"open_borders": {"enabled": True, "start_day": 3, "admit_without_documents": True}}
    metrics = {"held": held, "crossed": crossed}
    off = run_seeds(case, metrics, seeds=SEEDS)
    on = run_seeds(case, metrics, seeds=SEEDS, levers=lever)
    assert off["crossed"].max() == 0 and on["crossed"].min() > 100, (off, on)
    assert on["held"].max() < 0.1 * off["held"].min(), (off, on)


def test_informed_people_go_to_a_holding_gate_only_for_an_announced_way_home(tmp_path):
    """Informed people know the gate's rules: with no way home announced nobody goes to wait
    there; with one announced (from day 6) they go, weighing the days until it starts, and
    cross."""
    s = no_papers(days=12)
    s.row("crossings", "gate")["holds"] = ["all"]
    never = load_scenario(s.write(tmp_path, "never"))
    s.evacuations.append(way_home(start=6))
    announced = load_scenario(s.write(tmp_path, "announced"))

    def informed_run(case, seed: int) -> EvacuationModel:
        m = EvacuationModel(case, seed=seed, population_total=2000, collect=False)
        m.population.awareness[:] = Awareness.INFORMED
        return m.run()

    for seed in SEEDS:
        a = informed_run(never, seed)
        assert held(a) == 0 and at_border(a) == 0 and crossed(a) == 0, seed
        b = informed_run(announced, seed)
        assert crossed(b) > 500, (seed, crossed(b))


def test_a_crossing_that_holds_nobody_changes_nothing(tmp_path):
    """An empty `holds` column is the rule as before: bit for bit the same run."""
    s = no_papers(days=6)
    s.evacuations.append(way_home(start=3))
    before = load_scenario(s.write(tmp_path, "before"))
    s.row("crossings", "gate")["holds"] = []
    empty = load_scenario(s.write(tmp_path, "empty"))
    a = EvacuationModel(before, seed=1, population_total=2000, collect=False).run()
    b = EvacuationModel(empty, seed=1, population_total=2000, collect=False).run()
    for col in ("state", "place", "refused", "safe_day"):
        np.testing.assert_array_equal(
            getattr(a.population, col), getattr(b.population, col), err_msg=col
        )


def test_a_bad_holds_value_names_the_file_row_and_field(tmp_path):
    s = no_papers(days=3)
    s.row("crossings", "gate")["holds"] = ["ZZZ"]
    with pytest.raises(ScenarioError, match=r"crossings.csv, row \d+, field 'holds'.*'ZZZ'"):
        load_scenario(s.write(tmp_path))
