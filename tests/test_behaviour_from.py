"""`behaviour_from:` in scenario.yaml: a scenario runs with another scenario's behaviour (its
scenario.yaml `behaviour:` and its calibrated.yaml), under its own `behaviour:` block."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from micic_sim.scenario import ScenarioError, load_scenario
from tests.conftest import DEMO


def _copy(tmp_path: Path, name: str, behaviour: dict, calibrated: dict | None = None) -> Path:
    dst = tmp_path / name
    shutil.copytree(DEMO, dst)
    meta = yaml.safe_load((dst / "scenario.yaml").read_text())
    meta["name"] = name
    meta["behaviour"] = behaviour
    (dst / "scenario.yaml").write_text(yaml.safe_dump(meta))
    (dst / "calibrated.yaml").unlink(missing_ok=True)
    if calibrated is not None:
        (dst / "calibrated.yaml").write_text(yaml.safe_dump({"behaviour": calibrated}))
    return dst


def _borrow(root: Path, source: str) -> None:
    meta = yaml.safe_load((root / "scenario.yaml").read_text())
    meta["behaviour_from"] = source
    (root / "scenario.yaml").write_text(yaml.safe_dump(meta))


def test_borrowed_behaviour_is_the_source_as_it_runs_under_own_block(tmp_path):
    src = _copy(
        tmp_path,
        "src",
        {"leave_rate": 0.3, "call_leave_rate": 1.0, "speed_track_km_day": 60.0},
        calibrated={"leave_rate": 0.004, "peer_leave_rate": 0.05},
    )
    dst = _copy(tmp_path, "dst", {"speed_track_km_day": 200.0})
    _borrow(dst, str(src))
    s = load_scenario(dst)
    # the source's calibration wins over its own block; the borrower's block wins over both
    assert s.behaviour == {
        "leave_rate": 0.004,
        "peer_leave_rate": 0.05,
        "call_leave_rate": 1.0,
        "speed_track_km_day": 200.0,
    }
    # calibrating the borrower starts from the borrowed behaviour, not from the defaults
    assert s.extra["behaviour_uncalibrated"] == s.behaviour
    # re-fitting the source changes the borrower: nothing is copied
    (src / "calibrated.yaml").write_text(yaml.safe_dump({"behaviour": {"leave_rate": 0.01}}))
    assert load_scenario(dst).behaviour["leave_rate"] == 0.01
    # the borrower's own calibrated.yaml still goes on top
    (dst / "calibrated.yaml").write_text(yaml.safe_dump({"behaviour": {"leave_rate": 0.5}}))
    s = load_scenario(dst)
    assert s.behaviour["leave_rate"] == 0.5
    assert s.extra["behaviour_uncalibrated"]["leave_rate"] == 0.01


def test_without_the_key_nothing_is_borrowed(tmp_path):
    dst = _copy(tmp_path, "dst", {"speed_track_km_day": 200.0})
    assert load_scenario(dst).behaviour == {"speed_track_km_day": 200.0}


def test_unknown_source_names_the_key(tmp_path):
    dst = _copy(tmp_path, "dst", {})
    _borrow(dst, "libya_2012")
    with pytest.raises(ScenarioError) as err:
        load_scenario(dst)
    msg = str(err.value)
    assert "scenario.yaml" in msg and "field 'behaviour_from'" in msg
    assert "did you mean 'libya_2011'" in msg


def test_borrowing_in_a_circle_is_an_error(tmp_path):
    a = _copy(tmp_path, "a", {})
    b = _copy(tmp_path, "b", {})
    _borrow(a, str(b))
    _borrow(b, str(a))
    with pytest.raises(ScenarioError, match="borrows behaviour from itself"):
        load_scenario(a)
