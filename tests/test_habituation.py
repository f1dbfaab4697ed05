"""Habituation (micic_sim/habituation.py): people answer the danger above what they have got
used to, so a hazard that lasts sends people away at its onset and fewer and fewer after."""

from __future__ import annotations

import numpy as np

from micic_sim.habituation import habituate
from micic_sim.population.employers import Employers
from micic_sim.scenario import load_scenario
from tests.scenario_builder import run_seeds, toy
from tests.test_leave_drivers import left

SEEDS = range(4)
# danger drives people directly (no employers, no calls), so the effect is read on leaving
DIRECT = {"leave_rate": 0.5, "employer_close_rate": 0.0, "everyday_hazard": 0.1}


def test_the_level_people_are_used_to_follows_the_hazard_and_never_falls_below_everyday():
    used_to = np.array([0.1, 0.1, 0.5])
    hazard = np.array([0.7, 0.05, 0.1])
    for _ in range(4 * 14):  # 14 days in 6-hour steps, a time constant of 7 days
        habituate(used_to, hazard, 0.25, 7.0, 0.1)
    # exponential approach: 1 - exp(-14 / 7) of the way from 0.1 to 0.7
    assert abs(used_to[0] - (0.1 + 0.6 * (1 - np.exp(-2.0)))) < 1e-9
    assert used_to[1] == 0.1  # a hazard below everyday insecurity does not lower it
    assert 0.1 <= used_to[2] < 0.2  # a place that calmed down: people unlearn the danger
    still = np.array([0.1])
    habituate(still, np.array([0.9]), 0.25, 0.0, 0.1)
    assert still[0] == 0.1  # 0 days: never get used to it


def test_an_employer_closes_only_on_danger_above_what_its_place_is_used_to():
    n = 4000
    place = np.r_[np.zeros(n // 2, np.int32), np.ones(n // 2, np.int32)]
    emp = Employers(np.arange(n, dtype=np.int32), place, np.uint64(3), 0.0)
    hazard = np.array([0.8, 0.8], np.float32)
    used_to = np.array([0.1, 0.8])  # place 1 has lived with this hazard for weeks
    for _ in range(40):
        emp.advance(0.25, 0.2, hazard, 0.0, used_to)
    fresh, used = emp.gone[: n // 2].mean(), emp.gone[n // 2 : n].mean()
    assert fresh > 0.6 and used == 0.0, (fresh, used)


def lasting_hazard(tmp_path, days: float):
    s = toy(days=days, nationalities=("AAA",))
    s.timeline.clear()
    s.hazard("city", 0.4)
    s.add_people(3000, nationality="AAA")
    return load_scenario(s.write(tmp_path, f"d{days:g}"))


def test_habituation_keeps_the_onset_and_thins_the_departures_that_follow(tmp_path):
    """Same first day whether or not people get used to the danger; over three weeks of a
    steady hazard, clearly fewer leave when they do (the 2011 exodus from Libya came in a
    burst: IOM's 140,000 Egyptians in the first week, 79,369 into Egypt by 27 Mar and 82,218 by
    10 Apr)."""
    early, late = lasting_hazard(tmp_path, 1), lasting_hazard(tmp_path, 21)
    never = {**DIRECT, "habituation_days": 0.0}
    soon = {**DIRECT, "habituation_days": 3.0}
    first_never = run_seeds(early, left(), seeds=SEEDS, behaviour=never)
    first_soon = run_seeds(early, left(), seeds=SEEDS, behaviour=soon)
    all_never = run_seeds(late, left(), seeds=SEEDS, behaviour=never)
    all_soon = run_seeds(late, left(), seeds=SEEDS, behaviour=soon)
    assert first_soon.mean() > 0.75 * first_never.mean(), (first_never, first_soon)
    assert all_soon.mean() < all_never.mean() - 0.15, (all_never, all_soon)
    # the departures after the first day, not the first day's, are the ones thinned
    assert all_soon.mean() - first_soon.mean() < 0.5 * (all_never.mean() - first_never.mean())
