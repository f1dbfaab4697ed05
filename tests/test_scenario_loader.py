"""Loading validates every file and names file, row and field in its errors."""

from __future__ import annotations

import re

import numpy as np
import pytest

from micic_sim.scenario import ScenarioError, load_scenario
from tests.conftest import edit_csv


def test_demo_loads():
    s = load_scenario("demo")
    assert s.name == "demo"
    assert int(s.population["count"].sum()) == 23750
    assert {n.id for n in s.nationalities} == {"KEM", "BNG", "PHL", "SAH"}


def error_of(path) -> str:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return str(exc.value)


def test_unknown_place_names_file_row_field(demo_copy):
    edit_csv(
        demo_copy / "links.csv", "coast_west,capital,north_exit", "coast_west,capital,nort_exit"
    )
    msg = error_of(demo_copy)
    assert "links.csv, row 5, field 'to'" in msg
    assert "unknown place 'nort_exit'" in msg and "did you mean 'north_exit'" in msg


def test_negative_capacity(demo_copy):
    edit_csv(
        demo_copy / "places.csv",
        "Capital Aid Centre,shelter,ARD,32.85,13.35,3000",
        "Capital Aid Centre,shelter,ARD,32.85,13.35,-5",
    )
    msg = error_of(demo_copy)
    assert re.search(r"places\.csv, row 7, field 'capacity': -5 is below the minimum", msg), msg


def test_bad_number(demo_copy):
    edit_csv(
        demo_copy / "crossings.csv", "north_exit,north_entry,1200", "north_exit,north_entry,12OO"
    )
    msg = error_of(demo_copy)
    assert "crossings.csv, row 2, field 'daily_capacity'" in msg and "12OO" in msg


def test_duplicate_id(demo_copy):
    path = demo_copy / "consulates.csv"
    path.write_text(path.read_text() + "kem_consulate,KEM,portville,50\n")
    msg = error_of(demo_copy)
    assert "consulates.csv, row 5, field 'id': duplicate id 'kem_consulate' (first at row 2)" in msg


def test_missing_column(demo_copy):
    path = demo_copy / "population.csv"
    text = path.read_text().replace("age_group,", "", 1)
    path.write_text(
        "\n".join(
            ",".join(c for i, c in enumerate(line.split(",")) if i != 4) if k else line
            for k, line in enumerate(text.splitlines())
        )
        + "\n"
    )
    msg = error_of(demo_copy)
    assert "population.csv, row 1, field 'age_group': missing column" in msg


def test_disconnected_safe_destination(demo_copy):
    path = demo_copy / "places.csv"
    path.write_text(path.read_text() + "atlantis,Atlantis,safe,ATL,0,0,\n")
    msg = error_of(demo_copy)
    assert "places.csv, row 22, field 'id': safe destination 'atlantis' is disconnected" in msg


def test_population_that_cannot_leave(demo_copy):
    (demo_copy / "places.csv").write_text(
        (demo_copy / "places.csv").read_text() + "island,Island,city,ARD,30,15,\n"
    )
    path = demo_copy / "population.csv"
    path.write_text(
        path.read_text()
        + "island,KEM,regular,passport,adult,single,10\n"
        + "island,KEM,regular,passport,adult,single,0\n"
        + "island,KEM,irregular,passport,adult,single,4\n"
    )
    msg = error_of(demo_copy)
    assert "population.csv, row 26, field 'place'" in msg and "cannot reach" in msg


def test_lone_children_are_refused_at_the_first_such_row(demo_copy):
    path = demo_copy / "population.csv"
    path.write_text(
        path.read_text()
        + "capital,KEM,regular,passport,adult,family,5\n"
        + "capital,KEM,regular,passport,child,single,5\n"  # row 27: the first lone child
        + "capital,KEM,regular,passport,child,single,7\n"
    )
    msg = error_of(demo_copy)
    assert "population.csv, row 27, field 'household'" in msg
    assert "children must be in 'family' households" in msg


def test_people_appearing_after_the_end_are_refused_at_the_first_such_row(demo_copy):
    """The demo runs 45 days: people appearing on day 45 or later never would."""
    path = demo_copy / "population.csv"
    lines = path.read_text().splitlines()
    days = ["day"] + ["0"] * (len(lines) - 1)
    days[3], days[5] = "45", "60"  # rows 4 and 6 of the file
    path.write_text("\n".join(f"{a},{d}" for a, d in zip(lines, days, strict=True)) + "\n")
    msg = error_of(demo_copy)
    assert "population.csv, row 4, field 'day': day 45 is not before the scenario's end" in msg


def test_unknown_yaml_key(demo_copy):
    path = demo_copy / "scenario.yaml"
    path.write_text(path.read_text().replace("host_country: ARD", "host_countyr: ARD"))
    msg = error_of(demo_copy)
    assert "scenario.yaml, field 'host_countyr': unknown key (did you mean 'host_country'?)" in msg


def test_unknown_nationality_in_population(demo_copy):
    path = demo_copy / "population.csv"
    path.write_text(path.read_text() + "capital,XYZ,regular,passport,adult,single,5\n")
    msg = error_of(demo_copy)
    assert "population.csv, row 26, field 'nationality': unknown nationality" in msg


def test_bad_category_suggests(demo_copy):
    path = demo_copy / "population.csv"
    path.write_text(path.read_text() + "capital,KEM,iregular,passport,adult,single,5\n")
    msg = error_of(demo_copy)
    assert "field 'status'" in msg and "did you mean 'irregular'" in msg


def test_unknown_scenario_name_lists_bundled():
    msg = error_of("demoo")
    assert "no such scenario folder" in msg and "demo" in msg


def test_every_bundled_scenario_loads_and_is_consistent():
    """Each shipped scenario: loads, every population row lands on a known place, and the
    synthesised population matches the table's total."""
    from micic_sim.population.synth import synthesise
    from micic_sim.scenario import bundled_scenarios_dir

    names = sorted(
        p.name for p in bundled_scenarios_dir().iterdir() if (p / "scenario.yaml").exists()
    )
    assert "demo" in names and "libya_2011" in names
    for name in names:
        s = load_scenario(name)
        pop = synthesise(s, seed=0, total=200_000)
        assert pop.n == 200_000
        assert pop.place.min() >= 0 and pop.place.max() < len(s.places)
        counts = s.population.groupby("nationality")["count"].sum()
        share = counts / counts.sum()
        got = np.bincount(pop.nationality, minlength=len(s.nationalities)) / pop.n
        for k, nat in enumerate(n.id for n in s.nationalities):
            assert abs(got[k] - share.get(nat, 0.0)) < 0.002, (name, nat)
