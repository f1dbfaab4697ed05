"""The command line: a run writes a complete folder; typos and bad input give clear errors and
leave nothing that looks complete."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def micic(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "micic_sim", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=600,
    )


def test_run_writes_a_complete_run_folder(tmp_path):
    out = tmp_path / "run"
    r = micic("run", "scenario=demo", "seed=2", "population.total=3000", f"run.out_dir={out}")
    assert r.returncode == 0, r.stderr
    for name in (
        "config.yaml",
        "timeseries.parquet",
        "agents.parquet",
        "institutions.parquet",
        "provenance.json",
        "summary.json",
    ):
        assert (out / name).exists(), name
    summary = json.loads((out / "summary.json").read_text())
    for key in (
        "population",
        "reached_safety",
        "median_days_to_safety",
        "harmed",
        "stranded",
        "detained",
        "by_status",
        "by_nationality",
        "by_documentation",
        "equity_gap",
    ):
        assert key in summary
    # Counts in people, beside the agents they rest on and the scale.
    assert summary["agents"] == 3000 and summary["people_per_agent"] > 1
    assert summary["population"] == round(3000 * summary["people_per_agent"])
    assert set(summary["reached_safety"]) == {"count", "agents", "share"}
    assert summary["stranded"] == round(
        summary["agent_counts"]["stranded"] * summary["people_per_agent"]
    )
    assert "irregular" in summary["by_status"] and "SAH" in summary["by_nationality"]
    agents = pd.read_parquet(out / "agents.parquet")
    assert len(agents) == 3000
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert {"day", "metric", "group", "value"} <= set(ts.columns)
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["seed"] == 2 and prov["numba"] and prov["mesa"]
    assert "reached safety" in r.stdout  # the readable summary table


def test_policy_run_prints_side_by_side_with_baseline(tmp_path):
    r = micic(
        "run",
        "scenario=demo",
        "policy=guidelines",
        "population.total=3000",
        f"run.out_dir={tmp_path / 'g'}",
    )
    assert r.returncode == 0, r.stderr
    header = next(line for line in r.stdout.splitlines() if "baseline" in line)
    assert "guidelines" in header
    assert (tmp_path / "g" / "baseline" / "summary.json").exists()


@pytest.mark.parametrize(
    "override, expected",
    [
        ("seeed=1", "seeed"),
        ("levers.firewall.enabeld=true", "enabeld"),
        ("behaviour.leave_rat=2", "leave_rat"),
        ("dt_hours=abc", "dt_hours"),
    ],
)
def test_config_typos_are_errors_naming_the_key(tmp_path, override, expected):
    out = tmp_path / "run"
    r = micic("run", "scenario=demo", override, f"run.out_dir={out}")
    assert r.returncode != 0
    assert expected in r.stderr
    assert not (out / "summary.json").exists()


@pytest.mark.parametrize(
    "override, suggestion, level",
    [
        ("levers.firewal.enabled=true", "did you mean 'levers.firewall'?", "under 'levers'"),
        ("run.threds=2", "did you mean 'run.threads'?", "under 'run'"),
        ("seeed=1", "did you mean 'seed'?", "at the top level"),
    ],
)
def test_a_mistyped_key_is_answered_with_the_closest_setting(tmp_path, override, suggestion, level):
    """A planner who mistypes a key is told the setting meant and the ones that exist there,
    not OmegaConf's advice to append the key with '+' (which the schema would refuse)."""
    out = tmp_path / "run"
    r = micic("run", "scenario=demo", override, f"run.out_dir={out}")
    assert r.returncode != 0
    assert suggestion in r.stderr and f"settings {level}:" in r.stderr
    assert "To append" not in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_unknown_scenario_is_a_clear_error(tmp_path):
    out = tmp_path / "run"
    r = micic("run", "scenario=demoo", f"run.out_dir={out}")
    assert r.returncode != 0
    assert "no such scenario folder" in r.stderr and "did you mean 'demo'" in r.stderr
    assert not (out / "summary.json").exists()


def test_check_command(demo_copy):
    r = micic("check", str(demo_copy))
    assert r.returncode == 0 and "20 places" in r.stdout
    (demo_copy / "links.csv").write_text(
        (demo_copy / "links.csv")
        .read_text()
        .replace("coast_road,capital,portville,1000", "coast_road,capital,portville,-3")
    )
    r = micic("check", str(demo_copy))
    assert r.returncode == 2 and "links.csv, row 6, field 'distance_km'" in r.stderr


def test_interrupted_write_leaves_no_summary(tmp_path, monkeypatch):
    """If writing fails half-way, no summary.json (the completeness marker) is left, even when
    an earlier run had written one into the same folder."""
    from micic_sim import results
    from micic_sim.model import EvacuationModel

    m = EvacuationModel("demo", seed=1, population_total=500, days=2).run()
    out = tmp_path / "run"
    results.write_run(m, out)
    assert results.is_complete(out)

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(results, "institutions_frame", boom)
    with pytest.raises(RuntimeError):
        results.write_run(m, out)
    assert not results.is_complete(out)
    assert not list(out.glob("*.partial"))


def test_rerun_of_a_complete_run_is_skipped(tmp_path):
    """A restarted sweep skips runs already complete with the same config, reruns others."""
    out = tmp_path / "run"
    args = [
        "run",
        "scenario=demo",
        "seed=1",
        "population.total=1000",
        "days=5",
        f"run.out_dir={out}",
    ]
    assert micic(*args).returncode == 0
    stamp = (out / "summary.json").stat().st_mtime_ns
    assert micic(*args, "run.progress=false").returncode == 0  # progress does not change results
    assert (out / "summary.json").stat().st_mtime_ns == stamp
    assert micic(*args[:-1], "seed=2", f"run.out_dir={out}").returncode == 0  # another config
    assert (out / "summary.json").stat().st_mtime_ns != stamp


@pytest.mark.slow
def test_default_run_is_libya_2011(tmp_path):
    """The README's main command: `micic-sim run` with no arguments runs Libya 2011."""
    r = micic("run", f"run.out_dir={tmp_path / 'default'}")
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path / "default" / "summary.json").read_text())
    assert summary["scenario"] == "libya_2011" and summary["agents"] == 200_000
    assert 0.05 < summary["reached_safety"]["share"] < 0.6
    assert "libya_2011" in r.stdout and "reached safety" in r.stdout


@pytest.mark.parametrize(
    "override, message",
    [
        ("scenario=demoo", "no such scenario folder"),
        ("population.total=-5", "population.total: must be >= 1"),
        ("population.total=0", "population.total: must be >= 1"),
        ("population.total=2.5", "population.total"),
        ("days=-1", "days: must be a positive number"),
        ("days=nan", "days: must be a positive number"),
        ("dt_hours=100", "dt_hours: must be a number of hours in (0, 24]"),
        ("population.total=1000000000000000", "GiB of memory"),
        ("levers.firewall.crossings=[nowhere]", "levers.firewall.crossings"),
    ],
)
def test_run_input_errors_are_one_line_exit_2_and_no_folder(tmp_path, override, message):
    """`run` gives the errors `check` gives: one line, exit status 2, no traceback, and no run
    folder (not even Hydra's .hydra/) until the inputs are valid."""
    out = tmp_path / "run"
    r = micic("run", "scenario=demo", override, f"run.out_dir={out}")
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: ")
    assert not out.exists()


def test_unwritable_out_dir_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    r = micic("run", "scenario=demo", f"run.out_dir={blocker / 'run'}")
    assert r.returncode == 2 and "run.out_dir" in r.stderr and "is a file" in r.stderr
    assert "Traceback" not in r.stderr


def test_debug_and_hydra_full_error_show_the_traceback(tmp_path):
    args = ("run", "scenario=demo", "days=-1", f"run.out_dir={tmp_path / 'run'}")
    r = micic(*args, "--debug")
    assert r.returncode != 0 and "Traceback" in r.stderr and "ConfigError" in r.stderr
    env = {**os.environ, "HYDRA_FULL_ERROR": "1"}
    r = subprocess.run(
        [sys.executable, "-m", "micic_sim", *args], capture_output=True, text=True, env=env
    )
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_a_bad_job_in_a_sweep_stops_it_before_any_folder(tmp_path):
    sweep = tmp_path / "sweep"
    r = micic("run", "-m", "scenario=demo", "days=1,-1", f"hydra.sweep.dir={sweep}")
    assert r.returncode == 2 and "days: must be a positive number" in r.stderr
    assert not sweep.exists()


def test_check_refuses_what_run_would_crash_on(demo_copy):
    (demo_copy / "calibrated.yaml").write_text("behaviour: {leave_rate: fast}\n")
    r = micic("check", str(demo_copy))
    assert r.returncode == 2 and "calibrated.yaml, field 'behaviour.leave_rate'" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "axis, message",
    [
        ("days=1,2,3,4,5,6,7,8,-1", "days: must be a positive number"),
        ("population.total=10,20,30,40,50,60,70,80,many", "population.total"),
    ],
)
def test_a_bad_value_in_a_large_sweep_stops_it_before_any_folder(tmp_path, axis, message):
    """Large sweeps are checked from one composed config with each swept value set in turn
    (composing 1,000 jobs took over a minute): every value is still checked."""
    sweep = tmp_path / "sweep"
    r = micic("run", "-m", "scenario=demo", axis, f"hydra.sweep.dir={sweep}")
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not sweep.exists()
