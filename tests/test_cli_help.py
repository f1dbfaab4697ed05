"""The command line explains itself: help lists commands, scenarios and policy presets; user
scenario folders are found through MICIC_SCENARIOS; a policy run reuses an identical baseline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.resources import available_scenarios, policy_presets

ROOT = Path(__file__).resolve().parents[1]


def micic(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "micic_sim", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.mark.parametrize("args", [["--help"], ["help"], ["-h"]])
def test_help_lists_commands_scenarios_and_presets(args):
    r = micic(*args)
    assert r.returncode == 0, r.stderr
    for command in ("run", "collect", "export", "report", "scenarios", "check", "parameters"):
        assert f"\n  {command} " in r.stdout, command
    assert "Libya 2011" in r.stdout and "(default)" in r.stdout  # titles, not only ids
    for preset in ("baseline", "firewall", "guidelines"):
        assert preset in r.stdout
    assert "MICIC_SCENARIOS" in r.stdout


def test_help_of_a_command_and_of_run():
    r = micic("help", "check")
    assert r.returncode == 0 and "usage: micic-sim check" in r.stdout
    r = micic("run", "--help")
    assert r.returncode == 0 and "micic-sim parameters" in r.stdout and "policy:" in r.stdout


def test_presets_and_scenarios_are_found():
    assert {"baseline", "guidelines", *CATALOGUE} <= set(policy_presets()) | {"sar"}
    assert {"demo", "libya_2011"} <= set(available_scenarios())


def test_user_scenario_folder_through_environment(tmp_path):
    mine = tmp_path / "my_scenarios"
    shutil.copytree(ROOT / "scenarios" / "demo", mine / "my_case")
    meta = mine / "my_case" / "scenario.yaml"
    meta.write_text(meta.read_text().replace("name: demo", "name: my_case"))
    env = {"MICIC_SCENARIOS": str(mine)}
    r = micic("scenarios", env=env)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("my_case "))
    assert "[yours]" in line and "demo" in r.stdout  # bundled ones are still listed
    r = micic("check", "my_case", env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = micic("check", "my_cas", env=env, cwd=tmp_path)
    assert r.returncode == 2 and "did you mean 'my_case'" in r.stderr


def test_policy_run_reuses_an_identical_baseline(tmp_path):
    common = ["scenario=demo", "seed=4", "population.total=300", "days=3"]
    base = tmp_path / "runs" / "demo" / "baseline" / "seed4"
    r = micic("run", *common, f"run.out_dir={base}")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "runs" / "demo" / "firewall" / "seed4"
    r = micic("run", *common, "policy=firewall", f"run.out_dir={out}")
    assert r.returncode == 0, r.stderr
    assert f"reusing the identical run in {base}" in r.stderr
    assert not (out / "baseline").exists()
    # Another setting: the standalone baseline no longer matches and is run anew.
    other = tmp_path / "runs" / "demo" / "firewall" / "seed4b"
    r = micic("run", *common[:-1], "days=4", "policy=firewall", f"run.out_dir={other}")
    assert r.returncode == 0, r.stderr
    assert "reusing" not in r.stderr
    summary = json.loads((other / "baseline" / "summary.json").read_text())
    assert summary["days"] == 4
    # ... and on a second call that one is reused too.
    r = micic("run", *common[:-1], "days=4", "policy=firewall", f"run.out_dir={other}")
    assert f"reusing the identical run in {other / 'baseline'}" in r.stderr


def test_compiling_is_announced_once():
    """A cold Numba compile takes a minute on a first run: the user is told, once."""
    code = (
        "from micic_sim.cli import announce_compiling; announce_compiling(); announce_compiling()\n"
        "import numba\n"
        "f = numba.njit(lambda x: x + 1); g = numba.njit(lambda x: x * 2)\n"
        "print(f(1), g(2))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["2", "4"]
    assert r.stderr.count("Compiling the simulation kernels") == 1
