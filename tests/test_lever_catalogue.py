"""Every lever describes itself (levers/catalogue.py `About`): scope, preset, doc section and
seed passage, and the guidelines preset. These tests hold the code, the presets and
docs/levers.md to one description, so adding a lever without its preset or its section fails
here rather than surprising a user."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from micic_sim.levers.catalogue import CATALOGUE, GUIDELINES_PRESET, About, preset
from micic_sim.levers.rules import SCOPES
from micic_sim.resources import config_dir

REPO = Path(__file__).resolve().parents[1]
DOCS = (REPO / "docs" / "levers.md").read_text()
SCOPE_KEYS = {"crossings", "places", "nationalities"}


def _section(title: str) -> str:
    """The text of `### title` in docs/levers.md, up to the next heading of that level."""
    head = f"\n### {title}\n"
    assert head in DOCS, f"docs/levers.md has no section '### {title}'"
    body = DOCS.split(head, 1)[1]
    return body.split("\n### ", 1)[0].split("\n## ", 1)[0]


def _enabled(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text()) or {}
    return {name for name, lv in (data.get("levers") or {}).items() if lv.get("enabled")}


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_lever_describes_itself(name):
    about = CATALOGUE[name].__dict__.get("about")
    assert isinstance(about, About), f"{name}: no `about` of its own"
    assert about.scope <= SCOPE_KEYS
    assert SCOPES[name] == about.scope
    text = _section(about.section)
    # the section's first line names the lever, its preset and the scope it honours
    first = text.strip().splitlines()[0]
    assert first.startswith(f"`{name}` · preset `policy={preset(name)}` · scope:"), first
    for key in SCOPE_KEYS:
        assert (f"`{key}`" in first) == (key in about.scope), f"{name}: scope {key} in {first}"
    seed_file, seed_where = about.seed.split(", ", 1)
    assert f"(`{seed_file}`, {seed_where})" in text, f"{name}: seed {about.seed} not in its section"


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_lever_preset_enables_exactly_it(name):
    path = config_dir() / "policy" / f"{preset(name)}.yaml"
    assert path.is_file(), f"no preset {path}"
    assert _enabled(path) == {name}
    assert f"docs/levers.md#{CATALOGUE[name].about.anchor}" in path.read_text()


def test_guidelines_preset_enables_the_levers_that_say_so():
    wanted = {n for n, cls in CATALOGUE.items() if cls.about.in_guidelines}
    assert _enabled(config_dir() / "policy" / f"{GUIDELINES_PRESET}.yaml") == wanted


def test_a_lever_without_its_section_is_caught():
    with pytest.raises(AssertionError, match="no section"):
        _section("A lever nobody documented")
