"""One validation path (micic_sim.inputs, scenario.loader, scenario.tables): each failure mode
of issue 13 is a clear error naming file, row and field, or the config key, never a traceback
from deep inside the model and never a silently wrong run."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from micic_sim.inputs import check_run, memory_estimate
from micic_sim.model import EvacuationModel
from micic_sim.scenario import ConfigError, ScenarioError, load_scenario
from tests.conftest import edit_csv


def set_yaml(folder: Path, old: str, new: str) -> None:
    edit_csv(folder / "scenario.yaml", old, new)


# -- CSV as spreadsheets write it ---------------------------------------------------------------
def test_utf8_bom_is_accepted(demo_copy):
    places = demo_copy / "places.csv"
    places.write_bytes(b"\xef\xbb\xbf" + places.read_bytes())  # Excel's "CSV UTF-8"
    assert len(load_scenario(demo_copy).places) == 20


def test_quoted_newline_in_a_cell_is_read_and_rows_keep_their_numbers(demo_copy):
    edit_csv(demo_copy / "places.csv", "Capital City", '"Capital\nCity"')
    s = load_scenario(demo_copy)
    assert s.places.loc[0, "name"] == "Capital\nCity"
    # The record after the two-line cell starts on line 4 of the file.
    assert list(s.places["_row"][:2]) == [2, 4]
    edit_csv(demo_copy / "places.csv", "Portville,city", "Portville,town")
    with pytest.raises(ScenarioError, match=r"places.csv, row 4, field 'kind'"):
        load_scenario(demo_copy)


def test_unclosed_quote_names_the_row(demo_copy):
    edit_csv(demo_copy / "links.csv", "coast_road,capital", 'coast_road,"capital')
    with pytest.raises(ScenarioError, match=r"links.csv, row 6: is not valid CSV"):
        load_scenario(demo_copy)


def test_infinite_number_in_a_cell(demo_copy):
    edit_csv(
        demo_copy / "links.csv",
        "coast_road,capital,portville,1000",
        "coast_road,capital,portville,inf",
    )
    with pytest.raises(ScenarioError, match=r"links.csv, row 6, field 'distance_km': 'inf'"):
        load_scenario(demo_copy)


@pytest.mark.parametrize("count", ["1e30", "1e15"])
def test_absurd_population_count(demo_copy, count):
    edit_csv(demo_copy / "population.csv", "single,3000", f"single,{count}")
    with pytest.raises(ScenarioError, match=r"population.csv, row 2, field 'count': .* above"):
        load_scenario(demo_copy)


# -- scenario.yaml, behaviour and calibrated.yaml -------------------------------------------------
@pytest.mark.parametrize("value", ["true", ".nan", ".inf", "-3", "abc"])
def test_days_must_be_a_finite_positive_number(demo_copy, value):
    set_yaml(demo_copy, "days: 45", f"days: {value}")
    with pytest.raises(ScenarioError, match=r"scenario.yaml, field 'days'"):
        load_scenario(demo_copy)


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("  phone: 0.8", "  phone: .nan", "attributes.phone"),
        ("  employer_size: 40", "  employer_size: .nan", "attributes.employer_size"),
        ("  employer_size: 40", "  employer_size: yes", "attributes.employer_size"),
        ("phone: 0.6}", "phone: .nan}", "nationalities[1].attributes.phone"),
    ],
)
def test_attributes_must_be_finite_numbers(demo_copy, old, new, field):
    set_yaml(demo_copy, old, new)
    with pytest.raises(ScenarioError, match=re.escape(f"scenario.yaml, field '{field}'")):
        load_scenario(demo_copy)


@pytest.mark.parametrize(
    "body, match",
    [
        ("behaviour: {leave_rat: 1}", r"field 'behaviour.leave_rat': unknown .*'leave_rate'"),
        ("behaviour: {leave_rate: fast}", r"field 'behaviour.leave_rate': must be a finite"),
        ("behaviour: {leave_rate: .nan}", r"field 'behaviour.leave_rate': must be a finite"),
        ("behaviour: {leave_rate: true}", r"field 'behaviour.leave_rate': must be a finite"),
        ("behaviour: 5", r"field 'behaviour': must be a mapping"),
        ("[1, 2", r"is not valid YAML"),
        ("tuned: {leave_rate: 1}", r"must hold only a 'behaviour:' mapping"),
    ],
)
def test_calibrated_yaml_is_checked_where_it_is_read(demo_copy, body, match):
    (demo_copy / "calibrated.yaml").write_text(body + "\n")
    with pytest.raises(ScenarioError, match=r"calibrated.yaml.*" + match):
        load_scenario(demo_copy)


def test_scenario_behaviour_values_are_checked(demo_copy):
    with (demo_copy / "scenario.yaml").open("a") as f:
        f.write("behaviour:\n  give_up_rate: lots\n")
    with pytest.raises(ScenarioError, match=r"scenario.yaml, field 'behaviour.give_up_rate'"):
        load_scenario(demo_copy)


# -- silent wrong results, now errors ---------------------------------------------------------
def test_population_row_after_the_last_day(demo_copy):
    pop = demo_copy / "population.csv"
    lines = pop.read_text().splitlines()
    lines[0] += ",day"
    lines[1:] = [line + ",0" for line in lines[1:]]
    lines[3] = lines[3][: -len(",0")] + ",50"  # days: 45
    pop.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError, match=r"population.csv, row 4, field 'day': day 50"):
        load_scenario(demo_copy)


def test_run_shorter_than_the_appearance_of_people(demo_copy):
    pop = demo_copy / "population.csv"
    lines = pop.read_text().splitlines()
    lines[0] += ",day"
    lines[1:] = [line + ",0" for line in lines[1:]]
    lines[3] = lines[3][: -len(",0")] + ",20"
    pop.write_text("\n".join(lines) + "\n")
    case = load_scenario(demo_copy)
    EvacuationModel(case, population_total=300, days=21)  # they appear: fine
    with pytest.raises(ConfigError, match=r"days: .* row 4 appears on day 20"):
        EvacuationModel(case, population_total=300, days=10)


def test_crossing_from_a_city(demo_copy):
    edit_csv(demo_copy / "crossings.csv", "north_gate,north_exit", "north_gate,capital")
    with pytest.raises(ScenarioError, match=r"crossings.csv, row 2, field 'exit_place'.*city"):
        load_scenario(demo_copy)


# -- the run settings: one check for the API and the CLI ----------------------------------------
@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"levers": {"firewall": {"enabled": "no"}}}, "levers.firewall.enabled"),
        ({"levers": {"firewall": True}}, "levers.firewall"),
        ({"levers": {"hotline": {"daily_calls": float("nan")}}}, "levers.hotline.daily_calls"),
        ({"levers": {"firewall": {"crossings": "north_gate"}}}, "levers.firewall.crossings"),
        ({"levers": {"firewal": {}}}, "levers.firewal"),
        ({"population_total": 2.5}, "population.total"),
        ({"population_total": True}, "population.total"),
        ({"population_total": 0}, "population.total"),
        ({"population_total": -5}, "population.total"),
        ({"days": -1}, "days"),
        ({"days": float("nan")}, "days"),
        ({"days": True}, "days"),
        ({"dt_hours": 100}, "dt_hours"),
        ({"dt_hours": float("inf")}, "dt_hours"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"behaviour": {"leave_rate": "fast"}}, "behaviour.leave_rate"),
        ({"behaviour": {"leave_rat": 1.0}}, "behaviour.leave_rat"),
    ],
)
def test_api_refuses_bad_settings_naming_the_key(kwargs, key):
    with pytest.raises(ConfigError) as info:
        EvacuationModel("demo", **{"population_total": 200, "days": 1, **kwargs})
    assert str(info.value).startswith(f"{key}: "), str(info.value)
    assert isinstance(info.value, ScenarioError)  # one family for the CLI to print


def test_firewall_off_is_off_and_on_is_on():
    off = EvacuationModel("demo", population_total=200, days=1, levers={"firewall": {}})
    on = EvacuationModel(
        "demo", population_total=200, days=1, levers={"firewall": {"enabled": True}}
    )
    assert not off.levers["firewall"].enabled and on.levers["firewall"].enabled


def test_numpy_integers_are_counts():
    m = EvacuationModel("demo", population_total=np.int64(300), days=1)
    assert m.population.n == 300


def test_unknown_crossing_in_a_lever_is_a_config_error():
    with pytest.raises(ConfigError, match=r"levers.exit_waiver.crossings: unknown crossing"):
        EvacuationModel(
            "demo",
            population_total=200,
            days=1,
            levers={"exit_waiver": {"enabled": True, "crossings": ["nowhere"]}},
        )


def test_memory_is_estimated_before_allocating(demo_copy):
    case = load_scenario("demo")
    small = memory_estimate(case, 1000, 100)
    assert memory_estimate(case, 2000, 100) > small and memory_estimate(case, 1000, 200) > small
    with pytest.raises(ConfigError, match=r"population.total: 1,000,000 agents .* GiB"):
        check_run(case, population_total=1_000_000, memory_limit=small)
    with pytest.raises(ConfigError, match=r"^days: .* run fewer days"):
        check_run(case, population_total=10, days=1e9)
    # A scenario whose counts alone are too many people for one agent each.
    edit_csv(demo_copy / "population.csv", "single,3000", "single,9000000000")
    with pytest.raises(ConfigError, match=r"population.total: .*population.csv counts"):
        check_run(load_scenario(demo_copy))
    assert check_run(load_scenario(demo_copy), population_total=1000).agents == 1000


def test_step_after_the_end_is_an_error():
    m = EvacuationModel("demo", population_total=200, days=1).run()
    steps, day = m.steps, m.day
    with pytest.raises(RuntimeError, match="the run has ended"):
        m.step()
    assert (m.steps, m.day) == (steps, day) and math.isclose(day, 1.0)


def test_each_direction_of_a_two_way_link_has_its_own_label():
    m = EvacuationModel("demo", population_total=300, days=2).run()
    labels = [sp.label for sp in m.service_points]
    assert len(labels) == len(set(labels))
    assert {"link:desert_track", "link:desert_track:reverse"} <= set(labels)
    ts = m.timeseries()
    assert not ts.duplicated(["day", "metric", "group"]).any()


def test_a_large_sweep_is_checked_one_swept_value_at_a_time():
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from micic_sim.inputs import FULL_SWEEP_CHECK, _sweep_jobs

    parse = OverridesParser.create().parse_overrides
    small = _sweep_jobs(parse(["a=1,2", "b=x,y", "c=5"]))
    assert len(small) == 4 <= FULL_SWEEP_CHECK  # small: every job
    large = _sweep_jobs(parse(["a=1,2,3", "b=x,y,z", "c=5", "d=range(4)"]))
    assert len(large) == 1 + 2 + 2 + 3  # instead of 36
    assert {v for job in large for v in job} == {
        "a=1",
        "a=2",
        "a=3",
        "b=x",
        "b=y",
        "b=z",
        "c=5",
        "d=0",
        "d=1",
        "d=2",
        "d=3",
    }
    assert all(len(job) == 4 for job in large)
