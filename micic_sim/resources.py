"""Where the bundled scenarios and run configs are, installed from a wheel or in a checkout.

A wheel ships the repository's `scenarios/` and `configs/` inside the package
(`micic_sim/bundled/`, see setup.py), read through importlib.resources; in a source checkout
(an editable install) they are the repository's own folders, so an edit there is seen at once.
Users add their own scenario folders through `MICIC_SCENARIOS` (folders separated by ':' on
Linux and macOS, ';' on Windows), searched before the bundled ones, or give a scenario's path.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import yaml

ENV = "MICIC_SCENARIOS"
_REPO = Path(__file__).resolve().parents[1]


def _bundled(kind: str) -> Path:
    """`micic_sim/bundled/<kind>` in an installed wheel, else the checkout's `<kind>/`."""
    packaged = resources.files("micic_sim") / "bundled" / kind
    if packaged.is_dir():
        return Path(str(packaged))  # wheels install unzipped: a real folder
    return _REPO / kind


def bundled_scenarios() -> Path:
    """The folder of the scenarios that come with micic-sim."""
    return _bundled("scenarios")


def config_dir() -> Path:
    """The folder of the run configs (config.yaml and the policy presets)."""
    return _bundled("configs")


def user_scenario_dirs() -> list[Path]:
    """The folders named in $MICIC_SCENARIOS, in order."""
    value = os.environ.get(ENV, "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def missing_user_dirs() -> str:
    """A note on the $MICIC_SCENARIOS folders that are not folders (a typo, a drive not
    mounted), or "": they are skipped when names are looked up, which alone looks like the
    user's scenarios were never added."""
    missing = [str(p) for p in user_scenario_dirs() if not p.is_dir()]
    if not missing:
        return ""
    return f"{ENV} names {', '.join(repr(p) for p in missing)}, which is not a folder"


def scenario_dirs() -> list[Path]:
    """Where scenario names are looked up: $MICIC_SCENARIOS folders, then the bundled ones."""
    return [*user_scenario_dirs(), bundled_scenarios()]


def available_scenarios() -> dict[str, Path]:
    """Every scenario a name can select (a folder with scenario.yaml); an earlier folder in
    `scenario_dirs()` wins over a later one of the same name."""
    found: dict[str, Path] = {}
    for root in scenario_dirs():
        if not root.is_dir():
            continue
        for d in sorted(root.iterdir()):
            if (d / "scenario.yaml").is_file():
                found.setdefault(d.name, d)
    return found


def scenario_title(folder: Path) -> str:
    """A scenario's title from its scenario.yaml, without loading its tables."""
    try:
        meta = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, ValueError, yaml.YAMLError):  # ValueError: not UTF-8
        return "(unreadable scenario.yaml)"
    return str(meta.get("title") or folder.name) if isinstance(meta, dict) else folder.name


def policy_presets() -> list[str]:
    """The names of the policy presets (configs/policy/*.yaml)."""
    return sorted(p.stem for p in (config_dir() / "policy").glob("*.yaml"))
