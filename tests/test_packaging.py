"""A wheel carries everything a run needs: every subpackage, the bundled scenarios and the run
configs, found through importlib.resources once installed. (.ci/wheel-check goes further: a
clean virtual environment, a full demo run and an export.)"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source tree (nothing written into the repository)."""
    tmp = tmp_path_factory.mktemp("wheel")
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    src = tmp / "src"
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((ROOT / name).read_bytes())
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(tmp)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    (found,) = tmp.glob("micic_sim-*.whl")
    return found


def test_wheel_contents(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (
        "micic_sim/cli.py",
        "micic_sim/levers/catalogue.py",  # folders without __init__.py too
        "micic_sim/population/synth.py",
        "micic_sim/bundled/configs/config.yaml",
        "micic_sim/bundled/configs/policy/guidelines.yaml",
    ):
        assert path in names, path
    for scenario in (ROOT / "scenarios").iterdir():
        if (scenario / "scenario.yaml").is_file():
            for f in scenario.glob("*.csv"):
                assert f"micic_sim/bundled/scenarios/{scenario.name}/{f.name}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path):
    """Unpacked (a pure-Python wheel installs by unpacking) and imported from there, with the
    repository out of sight: scenarios and configs come from inside the package."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("MICIC_SCENARIOS", None)
    code = (
        "import micic_sim, micic_sim.resources as r;"
        "print(micic_sim.__file__); print(r.bundled_scenarios()); print(r.config_dir())"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert r.returncode == 0, r.stderr
    module, scenarios, configs = r.stdout.split()
    for path in (module, scenarios, configs):
        assert Path(path).is_relative_to(site), path
    r = subprocess.run(
        [sys.executable, "-m", "micic_sim", "check", "libya_2011"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert r.returncode == 0 and "Libya 2011" in r.stdout, r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "micic_sim", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert "guidelines" in r.stdout and "thailand_2011_floods" in r.stdout


def test_installed_wheel_gives_hydra_our_ray_launcher(wheel: Path, tmp_path: Path):
    """The Ray launcher plugin ships in the `hydra_plugins` namespace package (without an
    `__init__.py` of its own there, which would hide other plugins), and Hydra's own plugin
    scan finds it and its `ray` config, with no help from micic-sim's CLI."""
    pytest.importorskip("hydra_plugins.hydra_ray_launcher")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "hydra_plugins/micic_ray_launcher/launcher.py" in names
    assert "hydra_plugins/__init__.py" not in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from hydra.core.plugins import Plugins;"
        "from hydra.plugins.launcher import Launcher;"
        "from hydra.core.config_store import ConfigStore;"
        "print(*[c.__name__ for c in Plugins.instance().discover(Launcher)]);"
        "print(ConfigStore.instance().repo['hydra']['launcher']['ray.yaml'].node._target_)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert r.returncode == 0, r.stderr
    launchers, ray_target = r.stdout.splitlines()
    assert "BatchedRayLauncher" in launchers.split() and "RayLauncher" in launchers.split()
    assert ray_target == "hydra_plugins.micic_ray_launcher.launcher.BatchedRayLauncher"
