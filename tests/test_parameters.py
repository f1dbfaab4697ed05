"""Every behaviour parameter explains itself: a unit and a one-line meaning, shown by
`micic-sim parameters` and in docs/parameters.md."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from micic_sim.behaviour import DESCRIPTIONS, Behaviour, parameter_table
from micic_sim.commands import dispatch

ROOT = Path(__file__).resolve().parents[1]


def test_every_behaviour_field_has_a_unit_and_a_description():
    names = [f.name for f in fields(Behaviour)]
    missing = [n for n in names if n not in DESCRIPTIONS]
    assert not missing, f"add these to behaviour.DESCRIPTIONS: {missing}"
    stale = sorted(set(DESCRIPTIONS) - set(names))
    assert not stale, f"descriptions of parameters that no longer exist: {stale}"
    for name, (unit, what) in DESCRIPTIONS.items():
        assert unit.strip() and len(what.split()) >= 3, name
    assert [r[0] for r in parameter_table()] == names  # field order: the kernels' layout


def test_parameters_command_lists_them_all(capsys):
    assert dispatch("parameters", []) == 0
    out = capsys.readouterr().out
    for f in fields(Behaviour):
        line = next(x for x in out.splitlines() if x.split()[0] == f.name)
        assert DESCRIPTIONS[f.name][1] in line and f"{f.default:g}" in line


def test_docs_parameter_table_is_current(capsys):
    """docs/parameters.md holds the table `micic-sim parameters --markdown` prints."""
    assert dispatch("parameters", ["--markdown"]) == 0
    table = capsys.readouterr().out.strip()
    doc = (ROOT / "docs" / "parameters.md").read_text()
    assert table in doc, "regenerate: micic-sim parameters --markdown (into docs/parameters.md)"
