"""A sweep worker loads each scenario once; an edit is still seen, and runs share nothing."""

from __future__ import annotations

import pytest

from micic_sim.inputs import scenario_of
from micic_sim.scenario import ScenarioError
from tests.conftest import edit_csv


def test_an_edited_scenario_is_read_again(demo_copy):
    first = scenario_of(str(demo_copy))
    days = first.days
    text = (demo_copy / "scenario.yaml").read_text()
    (demo_copy / "scenario.yaml").write_text(text.replace(f"days: {days:g}", f"days: {days + 1:g}"))
    assert scenario_of(str(demo_copy)).days == days + 1  # same second, same size or not


def test_each_caller_gets_its_own_copy(demo_copy):
    a = scenario_of(str(demo_copy))
    a.population.loc[:, "count"] = 0
    assert scenario_of(str(demo_copy)).population["count"].sum() > 0


def test_a_broken_edit_is_an_error_not_the_cached_scenario(demo_copy):
    scenario_of(str(demo_copy))
    edit_csv(demo_copy / "places.csv", "city", "citty")
    with pytest.raises(ScenarioError, match="places.csv"):
        scenario_of(str(demo_copy))


def test_an_unchanged_scenario_is_read_once(demo_copy, monkeypatch):
    from micic_sim.scenario import cache

    calls = []
    real = cache.load_scenario
    monkeypatch.setattr(cache, "load_scenario", lambda p: calls.append(p) or real(p))
    for _ in range(3):
        scenario_of(str(demo_copy))
    assert len(calls) == 1
