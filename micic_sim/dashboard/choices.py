"""What a planner can pick in the dashboard: scenarios, policy presets and levers.

Everything here is read from the sources the rest of micic-sim uses (the bundled scenarios
folder, `configs/policy/*.yaml`, the lever catalogue and `docs/levers.md`), so a new lever or
preset shows up in the dashboard without touching it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from micic_sim.analysis.runs import lever_label
from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.scenario.loader import bundled_scenarios_dir

ROOT = Path(__file__).resolve().parents[2]
POLICY_DIR = ROOT / "configs" / "policy"
LEVERS_DOC = ROOT / "docs" / "levers.md"
SEED_FILE = re.compile(r"`(\d{3}_[0-9a-f]{16}\.txt)`")


@dataclass(frozen=True)
class LeverChoice:
    """One lever as the dashboard shows it: a switch with one line of explanation."""

    name: str
    label: str
    summary: str  # the catalogue's docstring, on one line
    seeds: tuple[str, ...]  # seed documents (file names) that recommend it, from docs/levers.md

    @property
    def line(self) -> str:
        cited = ", ".join(self.seeds) if self.seeds else "docs/levers.md"
        return f"{self.summary} (seeds: {cited})"


def _doc_sections() -> dict[str, str]:
    """docs/levers.md split per lever: each section starts with a heading and then the
    lever's `name` in backticks."""
    if not LEVERS_DOC.is_file():
        return {}
    sections: dict[str, str] = {}
    for part in LEVERS_DOC.read_text().split("\n### ")[1:]:
        m = re.search(r"^`([a-z_]+)`", part, flags=re.MULTILINE)
        if m:
            sections[m.group(1)] = part
    return sections


def _plain(text: str) -> str:
    """A docstring as a planner reads it: no asides about setting names."""
    text = re.sub(r"\s*\([^()]*`[^()]*\)", "", text)  # '(`offers`: list of rows ...)'
    return text.replace("`", "")


@cache
def levers() -> tuple[LeverChoice, ...]:
    """Every lever of the catalogue, in catalogue order."""
    sections = _doc_sections()
    out = []
    for name, cls in CATALOGUE.items():
        summary = _plain(" ".join((cls.__doc__ or "").split())) or lever_label(name)
        seeds_part = sections.get(name, "").split("**Seeds.**", 1)[-1] if name in sections else ""
        seeds = tuple(dict.fromkeys(SEED_FILE.findall(seeds_part)))
        out.append(LeverChoice(name, lever_label(name), summary, seeds))
    return tuple(out)


@cache
def presets() -> dict[str, frozenset[str]]:
    """Policy presets (configs/policy/*.yaml) as the set of levers each switches on; baseline
    first, all guidelines second, then one per lever in catalogue order."""
    found: dict[str, frozenset[str]] = {}
    for path in sorted(POLICY_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text()) or {}
        on = {k for k, v in (raw.get("levers") or {}).items() if (v or {}).get("enabled")}
        found[path.stem] = frozenset(on)
    order = ["baseline", "guidelines", *CATALOGUE]
    return {k: found[k] for k in sorted(found, key=lambda k: (order + [k]).index(k))}


def policy_name(enabled: frozenset[str] | set[str]) -> str:
    """The preset a set of switched-on levers matches, else the levers joined by '+'."""
    enabled = frozenset(enabled)
    for name, on in presets().items():
        if on == enabled:
            return name
    return "+".join(n for n in CATALOGUE if n in enabled)


def scenarios() -> list[str]:
    """Bundled scenarios (folders with a scenario.yaml)."""
    root = bundled_scenarios_dir()
    return sorted(d.name for d in root.iterdir() if (d / "scenario.yaml").is_file())
