"""The scenario kit's helpers produce tables the loader accepts, with exact totals."""

from __future__ import annotations

import pytest

from micic_sim.scenario.kit import great_circle_km, population_rows, road_links


def test_great_circle_known_distance():
    # Tripoli - Tunis is about 520 km in a straight line.
    assert 500 < great_circle_km(32.89, 13.19, 36.81, 10.18) < 540


def test_road_links_and_unknown_place():
    places = {"a": (0.0, 0.0), "b": (0.0, 1.0)}
    (row,) = road_links(places, [("a", "b")], road_factor=1.5)
    assert row["distance_km"] == pytest.approx(111.2 * 1.5, rel=0.01)
    with pytest.raises(KeyError, match="unknown place 'c'"):
        road_links(places, [("a", "c")])


def test_population_rows_keep_totals_and_children_in_families():
    splits = {
        "status": {"regular": 0.7, "irregular": 0.3},
        "documentation": {"passport": 0.5, "employer_held": 0.5},
        "age_group": {"adult": 0.9, "child": 0.1},
        "household": {"single": 0.8, "family": 0.2},
    }
    rows = population_rows({("city", "AAA"): 1001, ("town", "AAA"): 7}, splits)
    assert sum(r["count"] for r in rows if r["place"] == "city") == 1001
    assert sum(r["count"] for r in rows if r["place"] == "town") == 7
    assert all(r["household"] == "family" for r in rows if r["age_group"] == "child")
    with pytest.raises(ValueError, match="add up to 1"):
        population_rows({("city", "AAA"): 10}, {**splits, "status": {"regular": 0.5}})
