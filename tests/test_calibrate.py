"""Calibration recovers a known parameter from a series the model itself produced."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml

from micic_sim.calibrate import calibrate, crossing_curve
from micic_sim.model import EvacuationModel
from micic_sim.scenario import ScenarioError
from tests.scenario_factory import write_scenario


def test_calibration_recovers_known_leave_rate(tmp_path):
    root = write_scenario(
        tmp_path / "cal",
        places=[
            "town,Town,city,H,0,0,",
            "exit,Exit (H),border_exit,H,0,1,",
            "entry,Entry (N),border_entry,N,0,1.01,",
            "home,Home,safe,A,5,5,",
        ],
        links=["l1,town,exit,100,road,,yes", "l2,entry,home,100,road,,yes"],
        crossings=["x,exit,entry,,none,,no,0,0,no"],
        population=["town,A,regular,passport,adult,single,3000"],
        timeline=["0,hazard,town,0.6"],
        days=12,
    )
    truth = {"leave_rate": 0.3, "leave_heterogeneity": 1.0}
    m = EvacuationModel(str(root), seed=5, behaviour=truth).run()
    days, cum = crossing_curve(m, ["x"])
    when = np.array([2.0, 4.0, 6.0, 8.0, 10.0])
    values = np.interp(when, days, cum)
    (root / "observed.csv").write_text(
        "date,value\n"
        + "".join(f"2030-01-{1 + int(d):02d},{v:.0f}\n" for d, v in zip(when, values, strict=True))
    )
    (root / "calibration.yaml").write_text(
        yaml.safe_dump(
            {
                "target": {"series": "observed.csv", "crossings": ["x"]},
                "agents": 3000,
                "seeds": [1, 2],
                "parameters": {"leave_rate": [0.1, 0.3, 1.0]},
            }
        )
    )
    fit = calibrate(str(root))
    assert fit["best"] == {"leave_rate": 0.3}
    assert fit["mape"] < 0.1
    saved = json.loads((root / "calibration" / "fit.json").read_text())
    assert saved["searched"] == {"leave_rate": [0.1, 1.0, 3]}
    assert (root / "calibration" / "fit.png").stat().st_size > 10_000
    # Loading the scenario now applies the calibrated parameter.
    assert yaml.safe_load((root / "calibrated.yaml").read_text()) == {
        "behaviour": {"leave_rate": 0.3}
    }
    assert EvacuationModel(str(root), seed=0).behaviour.leave_rate == 0.3


def test_flee_ard_target_and_joint_calibration(tmp_path):
    from micic_sim.calibrate import calibrate_joint
    from micic_sim.scenario.flee_import import import_flee
    from micic_sim.scenario.flee_translate import FLEE_GRID
    from tests.test_flee_import import make_input, make_validation

    roots = []
    for name in ("one", "two"):
        folder = make_input(
            tmp_path / name,
            sim_period="StartDate,2020-01-01\nLength,12\n",
            closures="#closure_type,name1,name2,closure_start,closure_end\n",
            conflicts=None,
        )
        validation = make_validation(tmp_path / name)
        (validation / "refugees.csv").write_text("Date,n\n2020-01-01,100\n2020-01-11,500\n")
        (validation / "c.csv").write_text("2020-01-01,60\n2020-01-11,360\n")
        (validation / "d.csv").write_text("2020-01-01,40\n2020-01-11,140\n")
        roots.append(import_flee(folder, tmp_path / "scn", name, validation=validation))
    spec = yaml.safe_load((roots[0] / "calibration.yaml").read_text())
    assert spec["target"] == {"kind": "flee_ard", "observed": "observed/flee"}
    # the shared grid, every value read back as the number it is (YAML takes '3e-06' for text)
    assert spec["parameters"] == FLEE_GRID
    assert all(isinstance(v, float) for values in spec["parameters"].values() for v in values)
    grid = {"foreign_weight": [0.01, 1.0]}
    for root in roots:
        (root / "calibration.yaml").write_text(yaml.safe_dump({**spec, "parameters": grid}))
    fit = calibrate(str(roots[0]))
    grid_csv = pd.read_csv(roots[0] / "calibration" / "grid.csv")
    rows = dict(zip(grid_csv["foreign_weight"].astype(str), grid_csv["ard"], strict=True))
    # Camps are abroad: making abroad unattractive keeps people away from them, a worse fit.
    assert float(rows["0.01"]) > float(rows["1.0"])
    assert fit["best"] == {"foreign_weight": 1.0}
    assert fit["ard"] == min(float(v) for v in rows.values())
    assert (roots[0] / "calibration" / "fit.png").stat().st_size > 10_000
    assert yaml.safe_load((roots[0] / "calibrated.yaml").read_text()) == {
        "behaviour": {"foreign_weight": 1.0}
    }
    joint = calibrate_joint([str(r) for r in roots], tmp_path / "joint")
    assert joint["best"] == {"foreign_weight": 1.0}
    assert set(joint["errors"]) == {"one", "two"}
    assert joint["mean"] == np.mean(list(joint["errors"].values()))
    assert yaml.safe_load((tmp_path / "joint" / "behaviour.yaml").read_text()) == {
        "behaviour": {"foreign_weight": 1.0}
    }
    # A joint calibration searches one grid: different grids are an error naming the file.
    (roots[1] / "calibration.yaml").write_text(
        yaml.safe_dump({**spec, "parameters": {"foreign_weight": [0.5]}})
    )
    with pytest.raises(ScenarioError, match="parameters differ"):
        calibrate_joint([str(r) for r in roots], tmp_path / "joint2")


def test_several_series_at_once_and_leave_one_series_out(tmp_path):
    """A joint fit to two series recovers the truth; the leave-one-series-out table fits each
    series without it and reports its error there (an error it was not fitted to)."""
    from micic_sim.calibrate import safe_curve

    root = write_scenario(
        tmp_path / "multi",
        places=[
            "town,Town,city,H,0,0,",
            "exit,Exit (H),border_exit,H,0,1,",
            "entry,Entry (N),border_entry,N,0,1.01,",
            "home,Home,safe,A,5,5,",
        ],
        links=["l1,town,exit,100,road,,yes", "l2,entry,home,100,road,,yes"],
        crossings=["x,exit,entry,,none,,no,0,0,no"],
        population=["town,A,regular,passport,adult,single,3000"],
        timeline=["0,hazard,town,0.6"],
        days=12,
    )
    m = EvacuationModel(str(root), seed=5, behaviour={"leave_rate": 0.3}).run()
    when = np.array([2.0, 4.0, 6.0, 8.0, 10.0])
    for name, curve in (
        ("cross.csv", crossing_curve(m, ["x"])),
        ("safe.csv", safe_curve(m, ["A"])),
    ):
        values = np.interp(when, *curve)
        (root / name).write_text(
            "date,value\n"
            + "".join(
                f"2030-01-{1 + int(d):02d},{v:.0f}\n" for d, v in zip(when, values, strict=True)
            )
        )
    (root / "calibration.yaml").write_text(
        yaml.safe_dump(
            {
                "targets": [
                    {"label": "crossing", "series": "cross.csv", "crossings": ["x"]},
                    {"label": "safe", "series": "safe.csv", "nationalities": ["A"], "weight": 2},
                ],
                "agents": 3000,
                "seeds": [1],
                "parameters": {"leave_rate": [0.05, 0.3, 1.0]},
            }
        )
    )
    fit = calibrate(str(root))
    assert fit["best"] == {"leave_rate": 0.3}
    assert set(fit["series"]) == {"crossing", "safe"}
    loso = pd.read_csv(root / "calibration" / "loso.csv").set_index("series")
    # Each series alone pins the truth, so fitting without one still fits it well.
    assert (loso["mape_fitted_without_it"] < 0.15).all(), loso
    grid = pd.read_csv(root / "calibration" / "grid.csv")
    assert {"crossing:mape", "safe:mape", "score"} <= set(grid.columns)
    assert grid["score"].min() == pytest.approx(fit["score"])
