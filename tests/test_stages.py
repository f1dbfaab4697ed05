"""The step is a list of stages (micic_sim.stages.STAGES): each declares the per-person columns
it writes, and the step order, the timing labels and the benchmarks' stage list come from it.

The column check runs real scenarios stage by stage and compares every column before and after
each stage: a stage that changes a column it does not declare (a kernel given a new column to
write, a stage moved) fails here by name.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from micic_sim import stages
from micic_sim.codes import COLUMNS
from micic_sim.model import EvacuationModel

REPO = Path(__file__).resolve().parents[1]


def test_stages_are_named_once_and_declare_real_columns():
    names = [s.name for s in stages.STAGES]
    assert len(names) == len(set(names))
    for s in stages.STAGES:
        unknown = (set(s.reads) | set(s.writes)) - set(COLUMNS)
        assert not unknown, f"stage {s.name}: {sorted(unknown)} are not columns"


def test_step_order_timings_and_benchmarks_come_from_the_stages(tmp_path):
    order = EvacuationModel.STEP_ORDER.splitlines()
    assert [line.split()[1] for line in order] == [s.name for s in stages.STAGES]
    m = EvacuationModel("demo", population_total=500, days=1)
    m.step()
    assert list(m.timings.seconds) == [s.name for s in stages.STAGES]
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import run as bench
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    assert bench.STAGES == tuple(s.name for s in stages.STAGES)


def _checked(stage: stages.Stage, changed: dict[str, set[str]]) -> stages.Stage:
    """The stage, recording which columns its run changed."""

    def run(m: EvacuationModel) -> None:
        before = {k: v.copy() for k, v in m.population.columns.items()}
        stage.run(m)
        for k, v in m.population.columns.items():
            if not np.array_equal(before[k], v, equal_nan=v.dtype.kind == "f"):
                changed.setdefault(stage.name, set()).add(k)

    return dataclasses.replace(stage, run=run)


@pytest.mark.parametrize(
    ("scenario", "kwargs"),
    [
        ("libya_2011", {"population_total": 3000, "days": 30, "levers": None}),
        ("libya_2011", {"population_total": 3000, "days": 30, "levers": "guidelines"}),
        ("flee_mali", {"population_total": 3000}),
    ],
    ids=["libya", "libya-guidelines", "flee_mali"],
)
def test_each_stage_writes_only_the_columns_it_declares(monkeypatch, scenario, kwargs):
    from micic_sim.levers.catalogue import CATALOGUE

    if kwargs.get("levers") == "guidelines":
        kwargs = {**kwargs, "levers": {n: {"enabled": True} for n in CATALOGUE}}
    changed: dict[str, set[str]] = {}
    monkeypatch.setattr(stages, "STAGES", tuple(_checked(s, changed) for s in stages.STAGES))
    EvacuationModel(scenario, seed=0, **kwargs).run()
    declared = {s.name: set(s.writes) for s in stages.STAGES}
    for name, cols in changed.items():
        assert cols <= declared[name], f"stage {name} changed {sorted(cols - declared[name])}"
    assert changed, "no stage changed any column: the check did not run"


def test_a_stage_writing_an_undeclared_column_is_caught(monkeypatch):
    """The check above can fail: a stage declared as writing nothing that does write."""
    changed: dict[str, set[str]] = {}

    def scribble(m: EvacuationModel) -> None:
        m.population.columns["fear"][:] += 1.0

    bad = stages.Stage("scribble", "writes fear", (), (), scribble)
    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES, _checked(bad, changed)))
    EvacuationModel("demo", population_total=200, days=1).run()
    assert changed["scribble"] == {"fear"}
