"""Flee's cases in micic-sim: the validate command, the bundled imports, and the ARD they reach.

Flee 3.1's own ARD on these cases with its defaults (benchmarks/FLEE_BASELINE.md, seed 0):
Mali 2012 0.3526, CAR 2013 0.3136. micic-sim with its defaults must do no worse.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml

from micic_sim.scenario.flee_import import FLEE_BEHAVIOUR, import_flee
from micic_sim.scenario.loader import bundled_scenarios_dir
from micic_sim.validation.cli import main as validate_main
from micic_sim.validation.cli import validate
from tests.test_flee_import import SHARED, make_input, make_validation

FLEE_ARD = {"flee_mali": 0.3526, "flee_car": 0.3136}


def test_validate_command_prints_the_ard_and_draws_the_chart(tmp_path, capsys):
    root = import_flee(
        make_input(tmp_path), tmp_path / "scn", "tiny", validation=make_validation(tmp_path)
    )
    chart = tmp_path / "chart.png"
    assert validate_main([str(root), "--chart", str(chart)]) == 0  # observed: the imported copy
    out = capsys.readouterr().out.splitlines()
    ard_line = [line for line in out if line.startswith("ARD ")]
    assert len(ard_line) == 1 and float(ard_line[0].split()[1]) >= 0
    assert chart.stat().st_size > 10_000
    # an explicit folder gives the same figure
    assert (
        validate_main(
            [str(root), "--observed", str(make_validation(tmp_path)), "--chart", str(chart)]
        )
        == 0
    )
    assert [x for x in capsys.readouterr().out.splitlines() if x.startswith("ARD ")] == ard_line


def test_validate_without_observed_counts_says_what_to_give(tmp_path, capsys):
    root = import_flee(
        make_input(tmp_path), tmp_path / "scn", "nodata", displaced_per_conflict_day=10
    )
    assert validate_main([str(root)]) == 1
    assert "give --observed <Flee validation folder>" in capsys.readouterr().err


@pytest.mark.parametrize("case", ["flee_mali", "flee_car"])
def test_bundled_case_with_defaults_is_no_worse_than_flee(case):
    root = bundled_scenarios_dir() / case
    result = validate(str(root), root / "observed" / "flee", seed=0)
    assert result["days"] == {"flee_mali": 300, "flee_car": 820}[case]
    assert result["ard"] <= FLEE_ARD[case]


@pytest.mark.parametrize(("case", "validation"), [("mali", "mali2012"), ("car", "car2013")])
def test_bundled_cases_are_what_the_importer_makes(tmp_path, case, validation):
    if not (SHARED / "input" / case).is_dir():
        pytest.skip("shared flee-conflicts data not available")
    fresh = import_flee(
        SHARED / "input" / case,
        tmp_path,
        f"flee_{case}",
        validation=SHARED / "validation" / validation,
    )
    bundled = bundled_scenarios_dir() / f"flee_{case}"
    files = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(bundled).as_posix()
        for p in bundled.rglob("*")
        if p.is_file()
        and p.parent.name != "calibration"
        and p.name not in ("calibrated.yaml", "validation.png")
    )
    for f in files:
        if f in ("scenario.yaml", "SOURCES.md"):
            continue  # these name the folders imported from
        assert filecmp.cmp(fresh / f, bundled / f, shallow=False), f
    a, b = (yaml.safe_load((r / "scenario.yaml").read_text()) for r in (fresh, bundled))
    for meta in (a, b):
        meta["notes"].pop("flee_input")
        meta["notes"].pop("flee_validation")
    assert a == b
    assert a["behaviour"] == FLEE_BEHAVIOUR


def test_import_failure_leaves_nothing_behind(tmp_path):
    folder = make_input(tmp_path, routes="#name1,name2,distance\nA,T,100\nA,T,100\n")
    with pytest.raises(ValueError):
        import_flee(folder, tmp_path / "out", "broken", validation=make_validation(tmp_path))
    assert not any((tmp_path / "out").iterdir()) if (tmp_path / "out").exists() else True
    # replacing an existing scenario with broken input keeps the old one whole
    good = import_flee(
        make_input(tmp_path / "ok"),
        tmp_path / "out",
        "keep",
        validation=make_validation(tmp_path / "ok"),
    )
    before = sorted(p.name for p in good.iterdir())
    with pytest.raises(ValueError):
        import_flee(
            folder, tmp_path / "out", "keep", validation=make_validation(tmp_path), overwrite=True
        )
    assert sorted(p.name for p in good.iterdir()) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["keep"]


def test_imported_case_is_set_up_for_local_wayfinding(tmp_path):
    root = import_flee(
        make_input(tmp_path), tmp_path / "scn", "w", validation=make_validation(tmp_path)
    )
    meta = yaml.safe_load((root / "scenario.yaml").read_text())
    assert meta["behaviour"]["local_share"] == 1.0 and meta["dt_hours"] == 24
    places = (root / "places.csv").read_text().splitlines()
    assert places[0].endswith(",capacity,move_chance")
    hub = next(line for line in places if line.startswith("H,"))
    assert hub.endswith(",1")  # Flee moves everyone on from a forwarding hub
    assert (root / "calibration.yaml").is_file()
    assert Path(root / "FLEE_LICENSE").is_file() == (tmp_path / "LICENSE").is_file()
