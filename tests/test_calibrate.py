"""Calibration recovers a known parameter from a series the model itself produced."""

from __future__ import annotations

import json

import numpy as np
import yaml

from micic_sim.calibrate import calibrate, crossing_curve
from micic_sim.model import EvacuationModel
from tests.scenario_factory import write_scenario


def test_calibration_recovers_known_leave_rate(tmp_path):
    root = write_scenario(
        tmp_path / "cal",
        places=["town,Town,city,H,0,0,", "exit,Exit (H),border_exit,H,0,1,",
                "entry,Entry (N),border_entry,N,0,1.01,", "home,Home,safe,A,5,5,"],
        links=["l1,town,exit,100,road,,yes", "l2,entry,home,100,road,,yes"],
        crossings=["x,exit,entry,,none,,no,0,0,no"],
        population=["town,A,regular,passport,adult,single,3000"],
        timeline=["0,hazard,town,0.6"], days=12)
    truth = {"leave_rate": 0.3, "tolerance_max": 1.0}
    m = EvacuationModel(str(root), seed=5, behaviour=truth).run()
    days, cum = crossing_curve(m, ["x"])
    when = np.array([2.0, 4.0, 6.0, 8.0, 10.0])
    values = np.interp(when, days, cum)
    (root / "observed.csv").write_text(
        "date,value\n" + "".join(f"2030-01-{1 + int(d):02d},{v:.0f}\n"
                                 for d, v in zip(when, values, strict=True)))
    (root / "calibration.yaml").write_text(yaml.safe_dump({
        "target": {"series": "observed.csv", "crossings": ["x"]}, "agents": 3000,
        "seeds": [1, 2], "parameters": {"leave_rate": [0.1, 0.3, 1.0]}}))
    fit = calibrate(str(root))
    assert fit["best"] == {"leave_rate": 0.3}
    assert fit["mape"] < 0.1
    saved = json.loads((root / "calibration" / "fit.json").read_text())
    assert saved["searched"] == {"leave_rate": [0.1, 1.0, 3]}
    assert (root / "calibration" / "fit.png").stat().st_size > 10_000
    # Loading the scenario now applies the calibrated parameter.
    assert yaml.safe_load((root / "calibrated.yaml").read_text()) == {
        "behaviour": {"leave_rate": 0.3}}
    assert EvacuationModel(str(root), seed=0).behaviour.leave_rate == 0.3
