"""Shared fixtures: copies of the demo scenario to break, and small cached runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "demo"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo scenario."""
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst)
    return dst


def cli_config(*overrides: str):
    """The run config `micic-sim run <overrides>` composes (Hydra), for calling
    `micic_sim.cli.run_from_config` in-process."""
    from hydra import compose, initialize_config_dir

    from micic_sim import cli

    cli._register()
    with initialize_config_dir(config_dir=str(cli.CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=list(overrides))


def edit_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
