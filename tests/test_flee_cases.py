"""Flee's cases in micic-sim: the validate command, the bundled imports, and the ARD they reach.

Flee 3.1's own ARD on these cases with its defaults (benchmarks/FLEE_BASELINE.md, seed 0):
Mali 2012 0.3526, CAR 2013 0.3136. micic-sim with its defaults must do no worse.
"""

from __future__ import annotations

import filecmp
import json
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
    assert len(ard_line) == 1
    # the printed figure is the score of the run (same seed, one agent per person)
    expected = validate(root, make_validation(tmp_path), chart=None)["ard"]
    assert ard_line[0].split()[1] == f"{expected:.4f}"
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
    assert validate_main([str(root)]) == 2  # an input to fix
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
        if f in ("scenario.yaml", "SOURCES.md", "import.json"):
            continue  # these name the folders imported from
        assert filecmp.cmp(fresh / f, bundled / f, shallow=False), f
    a, b = (yaml.safe_load((r / "scenario.yaml").read_text()) for r in (fresh, bundled))
    for meta in (a, b):
        meta["notes"].pop("flee_input")
        meta["notes"].pop("flee_validation")
    assert a == b
    assert a["behaviour"] == FLEE_BEHAVIOUR
    a, b = (json.loads((r / "import.json").read_text()) for r in (fresh, bundled))
    for report in (a, b):
        report.pop("flee_input")
        report.pop("flee_validation")
    assert a == b


def test_import_failure_leaves_nothing_behind(tmp_path):
    folder = make_input(tmp_path, routes="#name1,name2,distance\nA,T,100\nA,Tx,100\n")
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


def test_validate_with_flee_validation_folder_applies_the_input_corrections(tmp_path, capsys):
    """Flee keeps registration_corrections.csv in its input folder: scoring against the bare
    validation folder must give the same ARD as against the scenario's own copy."""
    folder = make_input(tmp_path, closures=None)
    validation = make_validation(tmp_path)
    (validation / "c.csv").write_text("#Date,count\n2020-01-01,60\n2020-01-03,120\n2020-01-04,80\n")
    (folder / "registration_corrections.csv").write_text("C,2020-01-04\n")
    root = import_flee(folder, tmp_path / "scn", "corr", validation=validation)
    own = validate(str(root), root / "observed" / "flee", seed=0)
    bare = validate(str(root), validation, seed=0)
    assert bare["corrections"] is not None and bare["warning"] is None
    assert bare["ard"] == own["ard"] and bare["ard_flee_total"] == own["ard_flee_total"]
    # when the corrections cannot be found any more, the score differs and validate says so
    (folder / "registration_corrections.csv").unlink()
    (root / "observed" / "flee" / "registration_corrections.csv").unlink()
    lost = validate(str(root), validation, seed=0)
    assert lost["corrections"] is None and lost["ard"] != own["ard"]
    chart = str(tmp_path / "c.png")
    assert validate_main([str(root), "--observed", str(validation), "--chart", chart]) == 0
    err = capsys.readouterr().err
    assert "WARNING: no registration_corrections.csv" in err and "WITHOUT" in err


def test_validate_prints_both_denominators(tmp_path, capsys):
    root = import_flee(
        make_input(tmp_path, closures=None),
        tmp_path / "scn",
        "two",
        validation=make_validation(tmp_path),
    )
    assert validate_main([str(root), "--chart", str(tmp_path / "c.png")]) == 0
    out = capsys.readouterr().out
    camps = [x for x in out.splitlines() if x.startswith("ARD ")]
    total = [x for x in out.splitlines() if x.startswith("ARD_flee_total ")]
    assert "people observed in the modelled camps" in camps[0]
    assert "raw UNHCR refugee count" in total[0]
    # the total count (100 to 500) exceeds the people in the camps (100): a smaller ARD
    a, b = float(camps[0].split()[1]), float(total[0].split()[1])
    assert 0 < b < a
    # counts are people, with the agent scale beside them
    line = json.loads(out.splitlines()[0])
    assert line["people"] == round(line["agents"] * line["people_per_agent"])
    assert f"camp counts in people: {line['agents']:,} agents, 1 agent = " in out


def test_validate_help_names_both_denominators(capsys):
    """`--help` says which denominator each printed ARD uses, and that the default number
    of agents is the scenario's own (fewer than people under Flee's hasten)."""
    with pytest.raises(SystemExit) as done:
        validate_main(["--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "ARD (the chart's 'ARD camps'): people observed in the modelled camps" in text
    assert "ARD_flee_total (the chart's 'ARD total'): Flee's total refugee count" in text
    assert "'raw UNHCR refugee count' of Flee's run.py" in text
    assert "one per person unless the Flee settings' `hasten`" in text


def test_fabflee_case_imports_as_published(tmp_path):
    """FabFlee's Mali 2022-2024 case, files as published (no sim_period.csv, a conflicts.csv
    header without '#', reversed duplicate routes, people in places no route leads out of)."""
    case = Path(__file__).resolve().parents[1] / "experiments/flee_validation/cases/mali2022_2024"
    root = import_flee(case / "input", tmp_path, "m22", validation=case / "validation")
    report = json.loads((root / "import.json").read_text())
    text = " ".join(report["warnings"])
    assert "period read from conflict_period.csv" in text
    assert text.count("duplicated route") == 4
    assert "left out" in text and "at Kayes" in text
    assert report["host_country"] == "Mali"
    assert all(c["ok"] for c in report["self_check"]) and len(report["self_check"]) == 10
