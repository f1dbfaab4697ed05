"""The bundled Lebanon 2006 scenario: loads, borrows Libya's behaviour, runs a few days."""

from __future__ import annotations

import numpy as np
import yaml

from micic_sim.codes import SAFE_STATES
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario

WESTERN = ["USA", "CAN", "AUS", "FRA", "GBR", "DEU", "SWE"]
DOMESTIC = ["LKA", "PHL", "ETH", "XMW"]


def test_lebanon_runs_with_libyas_behaviour_untouched():
    """The second crisis states only its own rules: every behaviour value is Libya's, except
    what its own (empty) block says, and nothing is calibrated on Lebanon."""
    leb, lby = load_scenario("lebanon_2006"), load_scenario("libya_2011")
    own = yaml.safe_load((leb.path / "scenario.yaml").read_text())["behaviour"] or {}
    assert not (leb.path / "calibrated.yaml").exists()
    assert set(leb.behaviour) == set(lby.behaviour) | set(own)
    for key, value in lby.behaviour.items():
        assert leb.behaviour[key] == own.get(key, value), key


def test_lebanon_runs_a_few_days():
    """Five days from 12 Jul 2006 at a small scale: everyone is accounted for, and Western
    nationals, whose States came for them and whose passports they hold, are out sooner than
    domestic workers, who need a Syrian visa and whose employers hold their passports."""
    case = load_scenario("lebanon_2006")
    m = EvacuationModel(case, seed=0, population_total=5000, days=5).run()
    p = m.population
    assert m.records[-1].by_status.sum() == p.n == 5000
    nat = np.asarray(m.world.nat_ids)[p.nationality]
    safe = np.isin(p.state, [int(s) for s in SAFE_STATES])
    west, domestic = np.isin(nat, WESTERN), np.isin(nat, DOMESTIC)
    assert safe[west].mean() > 0.02
    assert safe[west].mean() > 5 * safe[domestic].mean(), (safe[west].mean(), safe[domestic].mean())
