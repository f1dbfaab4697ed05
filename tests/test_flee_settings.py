"""A Flee case's simsetting.yml: what the importer maps onto micic-sim, reproduces, warns about
and refuses (micic_sim.scenario.flee_settings)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from micic_sim.scenario import ScenarioError
from micic_sim.scenario.flee_import import FLEE_BEHAVIOUR, import_flee
from micic_sim.scenario.flee_settings import decay_factor, read_flee_settings
from tests.test_flee_import import counts, make_input, make_validation, write


def behaviour_of(root: Path) -> dict[str, float]:
    return yaml.safe_load((root / "scenario.yaml").read_text())["behaviour"]


def report_of(root: Path) -> dict:
    return json.loads((root / "import.json").read_text())


def with_settings(tmp_path: Path, text: str | None, **override: str | None) -> Path:
    folder = make_input(tmp_path, **override)
    if text is not None:
        write(folder / "simsetting.yml", text)
    return folder


def test_case_without_simsetting_keeps_the_shipped_behaviour(tmp_path: Path) -> None:
    root = import_flee(with_settings(tmp_path, None), tmp_path, "plain")
    assert behaviour_of(root) == FLEE_BEHAVIOUR
    assert "simsetting" not in report_of(root)


def test_keys_micic_sim_shares_become_its_behaviour(tmp_path: Path) -> None:
    text = """\
move_rules:
  max_move_speed: 400.0
  softening: 50.0
  distance_power: 0.75
  default_movechance: 0.5
  camp_weight: 2.0
  conflict_weight: 0.4
  conflict_movechance: 0.8
  idpcamp_movechance: 0.2
  camp_movechance: 0.002
  foreign_weight: 0.9
  capacity_buffer: 0.5
  awareness_level: 2
  avoid_short_stints: True
"""
    root = import_flee(with_settings(tmp_path, text), tmp_path, "mapped")
    b = behaviour_of(root)
    assert b == FLEE_BEHAVIOUR | {
        "speed_road_km_day": 400.0,
        "distance_softening_km": 50.0,
        "distance_power": 0.75,
        "town_move_chance": 0.5,
        "camp_weight": 2.0,
        "conflict_weight": 0.4,
        "conflict_move_chance": 0.8,
        "idp_camp_move_chance": 0.2,
        "camp_move_chance": 0.002,
        "foreign_weight": 0.9,
        "capacity_buffer": 0.5,
        "awareness_hops": 2.0,
        "avoid_short_stints": 1.0,
    }
    assert not [w for w in report_of(root)["warnings"] if "simsetting" in w]
    read = report_of(root)["simsetting"]["read"]
    assert read["move_rules.max_move_speed"] == 400.0 and len(read) == 13


def test_unset_keys_take_flee_code_defaults_but_fitted_keys_keep_the_fit(tmp_path: Path) -> None:
    """Flee reads the case's file *instead of* its default file: conflict_weight becomes
    1/sqrt(10) (Flee 3.1's code default), not the 0.25 of Flee's shipped simsetting.yml; the
    three fitted import defaults keep their fitted values."""
    root = import_flee(with_settings(tmp_path, "log_levels:\n  agent: 1\n"), tmp_path, "unset")
    b = behaviour_of(root)
    assert b["conflict_weight"] == pytest.approx(1 / math.sqrt(10))
    assert FLEE_BEHAVIOUR["conflict_weight"] == 0.25
    for key in ("foreign_weight", "capacity_buffer", "camp_move_chance"):
        assert b[key] == FLEE_BEHAVIOUR[key]
    assert b == FLEE_BEHAVIOUR | {"conflict_weight": b["conflict_weight"]}


def test_keys_flee_ignores_or_micic_sim_cannot_reproduce_are_warnings(tmp_path: Path) -> None:
    text = """\
spawn_rules:
  sum_from_camps: True
  empty_camps_on_day0: True
  conflict_spawn_decay_interval: 30
move_rules:
  capacity_scaling: 1.25
  start_on_foot: True
  weight_power: 2
optimisations:
  hasten: 20
granularity: location
"""
    root = import_flee(with_settings(tmp_path, text), tmp_path, "warned")
    warnings = [w for w in report_of(root)["warnings"] if w.startswith("simsetting.yml")]
    expected = [
        "spawn_rules.sum_from_camps is not read by Flee 3.1",
        "spawn_rules.empty_camps_on_day0 is not read by Flee 3.1",
        "move_rules.capacity_scaling is not read by Flee 3.1",
        "conflict_spawn_decay_interval (30) is not read by Flee 3.1",
        "move_rules.start_on_foot True not reproduced",
        "move_rules.weight_power 2.0 not reproduced",
        "'granularity' is not read by Flee 3.1",
    ]
    for phrase in expected:
        assert sum(phrase in w for w in warnings) == 1, (phrase, warnings)
    assert len(warnings) == len(expected)
    assert behaviour_of(root) == FLEE_BEHAVIOUR | {"conflict_weight": 1 / math.sqrt(10)}
    assert report_of(root)["simsetting"]["hasten"] == 20  # reproduced: see the hasten test
    # at Flee's defaults the same keys change nothing: no warning
    quiet = (
        "move_rules:\n  start_on_foot: False\n  weight_power: 1.0\noptimisations:\n  hasten: 1\n"
    )
    root = import_flee(with_settings(tmp_path / "q", quiet), tmp_path, "quiet")
    assert not [w for w in report_of(root)["warnings"] if w.startswith("simsetting.yml")]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("move_rules: [1, 2\n", "is not valid YAML"),
        ("- a\n- b\n", "must be a mapping of sections"),
        ("move_rules: 5\n", "field 'move_rules'"),
        ("move_rules:\n  max_move_speed: fast\n", "field 'move_rules.max_move_speed'"),
        ("move_rules:\n  max_move_speed: -4\n", "field 'move_rules.max_move_speed'"),
        ("move_rules:\n  avoid_short_stints: 'False'\n", "field 'move_rules.avoid_short_stints'"),
        ("spawn_rules:\n  conflict_spawn_decay: 0.5\n", "field 'spawn_rules.conflict_spawn_decay'"),
        ("spawn_rules:\n  conflict_spawn_decay: [1, x]\n", "conflict_spawn_decay[1]"),
        ("spawn_rules:\n  insert_day0: maybe\n", "field 'spawn_rules.insert_day0'"),
        ("optimisations:\n  hasten: 0\n", "field 'optimisations.hasten'"),
        ("optimisations:\n  hasten: lots\n", "field 'optimisations.hasten'"),
        ("log_levels:\n  agent: loud\n", "field 'log_levels.agent'"),
    ],
)
def test_bad_simsetting_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, where: str
) -> None:
    folder = with_settings(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        import_flee(folder, tmp_path, "bad")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(folder / "simsetting.yml"))
    assert where in message
    assert not (tmp_path / "bad").exists()


def test_decay_factor_is_flees_per_30_days() -> None:
    decay = (1.0, 1.0, 1.0, 0.5, 0.1)
    assert [decay_factor(decay, d) for d in (0, 89, 90, 119, 120, 5000)] == [
        1.0,
        1.0,
        0.5,
        0.5,
        0.1,
        0.1,
    ]
    assert decay_factor(None, 500) == 1.0


# A (conflict from day 0, 3,000 people) and B (from day 10, 1,000) send people to camp C abroad;
# 100 people appear each day (the total count grows by 100 a day).
DECAY_LOCATIONS = """\
#name,region,country,lat,lon,location_type,conflict_date,population
A,R,Home,10,10,conflict_zone,0,3000
B,R,Home,10.5,10.5,conflict_zone,10,1000
C,R,Abroad,12,12,camp,,0
"""


def decay_case(tmp_path: Path, settings: str | None, name: str) -> Path:
    folder = with_settings(
        tmp_path / name,
        settings,
        locations=DECAY_LOCATIONS,
        routes="#name1,name2,distance\nA,C,100\nB,C,100\n",
        closures=None,
        conflicts=None,
        sim_period="StartDate,2020-01-01\nLength,42\n",
    )
    val = tmp_path / name / "validation"
    write(val / "data_layout.csv", "total,refugees.csv\nC,c.csv\n")
    write(val / "refugees.csv", "Date,Refugee_numbers\n2020-01-01,0\n2020-02-11,4100\n")
    write(val / "c.csv", "2020-01-01,0\n")
    return import_flee(folder, tmp_path / "out", name, validation=val)


def test_conflict_spawn_decay_as_flee_applies_it(tmp_path: Path) -> None:
    """Flee 3.1 multiplies a conflict zone's spawn weight by the decay factor of the 30-day
    period since its conflict began, read when the weights were last refreshed: today if a
    conflict began today, otherwise yesterday (Ecosystem.evolve of the day before). And the
    conflict weight is ConflictWeight ** (factor x intensity), today's: the hazard."""
    root = decay_case(tmp_path, "spawn_rules:\n  conflict_spawn_decay: [1.0, 0.5]\n", "decay")
    c = counts(root)
    # day 30: weights of day 29, A still at 1: 3000:1000
    assert (c[("A", 30)], c[("B", 30)]) == (75, 25)
    # day 31: weights of day 30, A at 0.5: 1500:1000
    assert (c[("A", 31)], c[("B", 31)]) == (60, 40)
    # day 41: weights of day 40, B at 0.5 too: 1500:500
    assert (c[("A", 41)], c[("B", 41)]) == (75, 25)
    timeline = (root / "timeline.csv").read_text().splitlines()
    assert "30,hazard,A,0.5" in timeline and "40,hazard,B,0.5" in timeline
    # without the file: no decay
    plain = counts(decay_case(tmp_path, None, "plain"))
    assert (plain[("A", 31)], plain[("B", 31)]) == (75, 25)


def test_take_from_population_as_flee(tmp_path: Path) -> None:
    """With take_from_population, people who appear are taken from the place's population,
    which weighs where the next ones appear (Flee's addAgent); running out is an error."""
    locations = DECAY_LOCATIONS.replace("3000", "1000")
    text = "spawn_rules:\n  take_from_population: True\n"
    folder = with_settings(
        tmp_path / "t",
        text,
        locations=locations,
        routes="#name1,name2,distance\nA,C,100\nB,C,100\n",
        closures=None,
        conflicts=None,
        sim_period="StartDate,2020-01-01\nLength,12\n",
    )
    val = tmp_path / "val"
    write(val / "data_layout.csv", "total,refugees.csv\nC,c.csv\n")
    write(val / "refugees.csv", "Date,Refugee_numbers\n2020-01-01,0\n2020-01-12,1100\n")
    write(val / "c.csv", "2020-01-01,0\n")
    c = counts(import_flee(folder, tmp_path, "take", validation=val))
    # days 1-9: 900 people from A (1,000): 100 left there on day 10, B has 1,000
    assert (c[("A", 10)], c[("B", 10)]) == (9, 91)
    write(folder / "simsetting.yml", "spawn_rules:\n  take_from_population: False\n")
    c = counts(import_flee(folder, tmp_path, "keep", validation=val))
    assert (c[("A", 10)], c[("B", 10)]) == (50, 50)
    write(folder / "locations.csv", locations.replace("1000", "150", 1))
    write(folder / "simsetting.yml", text)
    with pytest.raises(ScenarioError, match="spawn_rules.take_from_population"):
        import_flee(folder, tmp_path, "short", validation=val)


def test_insert_day0_false_starts_camps_empty(tmp_path: Path) -> None:
    val = make_validation(tmp_path)
    folder = with_settings(tmp_path, "spawn_rules:\n  insert_day0: False\n")
    c = counts(import_flee(folder, tmp_path, "empty", validation=val))
    assert ("C", 0) not in c and ("D", 0) not in c
    assert read_flee_settings(folder).report()["insert_day0"] is False


def avoid_case(tmp_path: Path, km_to_town: int, name: str) -> Path:
    """A (conflict) - T (town) - C (camp abroad); 300 people leave A on day 0 only."""
    locations = (
        "#name,region,country,lat,lon,location_type,conflict_date,population\n"
        "A,R,Home,10,10,conflict_zone,0,300\nT,R,Home,10.5,10.5,town,,0\n"
        "C,R,Abroad,11,11,camp,,0\n"
    )
    folder = make_input(
        tmp_path / name,
        locations=locations,
        routes=f"#name1,name2,distance\nA,T,{km_to_town}\nT,C,100\n",
        closures=None,
        conflicts=None,
        sim_period="StartDate,2020-01-01\nLength,5\n",
    )
    return import_flee(folder, tmp_path / "out", name, displaced_per_conflict_day=300)


@pytest.mark.parametrize("avoid", [0.0, 1.0])
def test_avoid_short_stints_moves_people_on_from_a_town(tmp_path: Path, avoid: float) -> None:
    """Nobody moves on from a town by its move chance here (0). Reaching T 100 km out on
    their first day, people have travelled under half a day's distance on average over two
    days: with avoid_short_stints they go on to the camp at once (Flee's ForceTownMove);
    without, they stay at T. Reaching T after 700 km (a full day, then most of another) they
    stay either way."""
    from micic_sim.kernels.common import S_WAITING
    from micic_sim.model import EvacuationModel

    behaviour = {"town_move_chance": 0.0, "avoid_short_stints": avoid, "camp_move_chance": 0.0}
    for km, goes_on in ((100, avoid == 1.0), (700, False)):
        root = avoid_case(tmp_path, km, f"k{km}a{int(avoid)}")
        model = EvacuationModel(root, seed=2, behaviour=behaviour).run()
        p = model.population
        camp, town = model.case.place_index["C"], model.case.place_index["T"]
        in_camp = int(((p.state == S_WAITING) & (p.place == camp)).sum())
        at_town = int(((p.place == town) & (p.link < 0)).sum())
        assert in_camp + at_town >= 290  # (kernels.decide may keep one at home)
        if goes_on:  # (a few draw the way back to A at T, as in Flee, and may end there)
            assert in_camp >= 0.95 * (in_camp + at_town), (km, avoid, in_camp, at_town)
        else:
            assert at_town == in_camp + at_town, (km, avoid)


def test_conflict_onsets_follow_flees_add_conflict_zone(tmp_path: Path) -> None:
    """Flee records a place's time_of_conflict when AddNewConflictZones adds it (conflicts.csv:
    a value above 1e-6 after a day below it, or on day 0); ending a conflict leaves it."""
    from micic_sim.scenario.flee_read import read_flee_input
    from micic_sim.scenario.flee_translate import replay_conflicts

    inp = read_flee_input(make_input(tmp_path))  # A 1 on days 0-3, 0 on day 4; B 0.5 from day 2
    _, onset, added = replay_conflicts(inp)
    a, b = (next(i for i, loc in enumerate(inp.locations) if loc.name == n) for n in "AB")
    assert onset[:, a].tolist() == [0, 0, 0, 0, 0]
    assert onset[:, b].tolist() == [-1, -1, 2, 2, 2]
    assert added.tolist() == [True, False, True, False, False]


def test_hasten_gives_one_agent_per_that_many_people(tmp_path: Path) -> None:
    """Flee's `hasten` (one agent per N people) becomes the scenario's agents, so both tools
    simulate as many agents; the people who reached safety, counted in people, stay those of
    one agent a person within sampling noise."""
    from micic_sim.model import EvacuationModel
    from micic_sim.scenario.loader import load_scenario

    full = import_flee(with_settings(tmp_path / "a", None), tmp_path, "full")
    fast = import_flee(
        with_settings(tmp_path / "b", "optimisations:\n  hasten: 5\n"), tmp_path, "fast"
    )
    people = yaml.safe_load((full / "scenario.yaml").read_text())["notes"]["people"]
    assert "agents" not in yaml.safe_load((full / "scenario.yaml").read_text())
    assert yaml.safe_load((fast / "scenario.yaml").read_text())["agents"] == round(people / 5)
    safe = {}
    for root in (full, fast):
        m = EvacuationModel(load_scenario(root), seed=0)
        m.run()
        per = 5 if root is fast else 1
        assert m.population.n == round(people / per)
        assert m.people_per_agent == pytest.approx(people / round(people / per))
        safe[root.name] = m.migrants.people(state=["crossed", "waiting"])
    assert safe["full"] > 0, safe
    assert safe["fast"] == pytest.approx(safe["full"], rel=0.15), safe
