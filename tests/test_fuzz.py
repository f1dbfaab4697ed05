"""Property-based: any change to one cell of the demo scenario (CSV cell, scenario.yaml value,
calibrated.yaml value) gives either a clear error naming the file (and row and field, or the
config key) or a valid run; never a traceback from inside the model.

Runs are kept small (200 agents, 2 days) and examples bounded, so this stays a fast test.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from micic_sim.behaviour import Behaviour
from micic_sim.codes import State
from micic_sim.model import EvacuationModel
from micic_sim.results import summarise
from micic_sim.scenario import ScenarioError, load_scenario
from tests.conftest import DEMO

AGENTS, DAYS = 200, 2
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every machine: a CI failure reproduces
    suppress_health_check=[HealthCheck.too_slow],
)
NASTY_CELLS = [
    "",
    " ",
    "-1",
    "0",
    "2.5",
    "1e30",
    "1e15",
    "nan",
    "inf",
    "-inf",
    "abc",
    "yes",
    "no",
    "1e-12",
    '"',
    '"x\ny"',
    ",",
    ";",
    "#",
    "all",
    "capital",
    "\ufeff",
    "999999999999",
]
NASTY_YAML: list[Any] = [
    True,
    False,
    None,
    math.nan,
    math.inf,
    -1,
    0,
    2.5,
    1e30,
    "abc",
    "",
    [],
    {},
    [1, 2],
    {"x": 1},
    "2030-13-45",
]
CSV_FILES = sorted(p.name for p in DEMO.glob("*.csv"))
# A clear error names a scenario file (with row and field where there is one) or a config key.
CLEAR = re.compile(
    r"^(\S*(\.csv|scenario\.yaml|calibrated\.yaml)(, row \d+)?(, field '.+?')?: \S"
    r"|(days|dt_hours|population\.total|seed|behaviour\.\w+|levers\.\S+): \S)",
    re.S,  # a field name may hold any character the user typed, line breaks too
)


def _read(name: str) -> list[list[str]]:
    with (DEMO / name).open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


TABLES = {name: _read(name) for name in CSV_FILES}


@st.composite
def cell_edits(draw: st.DrawFn) -> tuple[str, int, int, str, bool]:
    name = draw(st.sampled_from(CSV_FILES))
    rows = TABLES[name]
    r = draw(st.integers(0, len(rows) - 1))  # 0: the header
    c = draw(st.integers(0, len(rows[0]) - 1))
    column = [row[c] for row in rows[1:] if c < len(row)]
    value = draw(
        st.one_of(
            st.sampled_from(NASTY_CELLS),
            st.sampled_from(column or [""]),  # a value valid elsewhere in the column
            st.text(max_size=6),
        )
    )
    raw = draw(st.booleans())  # raw: pasted as typed, without a spreadsheet's quoting
    return name, r, c, value, raw


def _write_csv(path: Path, rows: list[list[str]], raw: bool) -> None:
    if raw:
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
        return
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def clear_error_or_valid_run(folder: Path) -> str:
    """'error' for a clear error, 'run' for a valid run; anything else fails the test."""
    try:
        case = load_scenario(folder)
        m = EvacuationModel(case, population_total=AGENTS, days=DAYS).run()
    except ScenarioError as exc:
        assert CLEAR.match(str(exc)), f"unclear error: {exc}"
        return "error"
    p = m.population
    assert p.n == AGENTS
    assert np.isin(p.state, [int(s) for s in State]).all()
    s = summarise(m)
    assert s["agents"] == AGENTS and 0 <= s["reached_safety"]["share"] <= 1
    counted = sum(m.state_count(int(st_)) for st_ in State)
    assert counted == AGENTS  # everyone is in exactly one state
    ts = m.timeseries()
    assert not ts.duplicated(["day", "metric", "group"]).any()
    assert np.isfinite(ts["value"].to_numpy(float)).all()
    return "run"


@FUZZ
@given(edit=cell_edits())
def test_any_csv_cell_change_gives_a_clear_error_or_a_valid_run(edit):
    name, r, c, value, raw = edit
    rows = [list(row) for row in TABLES[name]]
    while len(rows[r]) <= c:
        rows[r].append("")
    rows[r][c] = value
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(DEMO, folder)
        _write_csv(folder / name, rows, raw)
        clear_error_or_valid_run(folder)


def _yaml_paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        out = [prefix] if prefix else []
        for k, v in node.items():
            out += _yaml_paths(v, (*prefix, k))
        return out
    if isinstance(node, list):
        out = [prefix]
        for i, v in enumerate(node):
            out += _yaml_paths(v, (*prefix, i))
        return out
    return [prefix]


META = yaml.safe_load((DEMO / "scenario.yaml").read_text())
YAML_PATHS = [p for p in _yaml_paths(META) if p]


@FUZZ
@given(path=st.sampled_from(YAML_PATHS), value=st.sampled_from(NASTY_YAML))
def test_any_scenario_yaml_value_change_gives_a_clear_error_or_a_valid_run(path, value):
    meta = yaml.safe_load((DEMO / "scenario.yaml").read_text())
    node = meta
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(DEMO, folder)
        (folder / "scenario.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
        clear_error_or_valid_run(folder)


BEHAVIOUR = [f.name for f in fields(Behaviour)]


@FUZZ
@given(
    key=st.one_of(st.sampled_from(BEHAVIOUR), st.text(max_size=8)),
    value=st.one_of(st.sampled_from(NASTY_YAML), st.floats(allow_nan=True, allow_infinity=True)),
)
def test_any_calibrated_value_gives_a_clear_error_or_a_valid_run(key, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(DEMO, folder)
        body = yaml.safe_dump({"behaviour": {key: value}})
        (folder / "calibrated.yaml").write_text(body, encoding="utf-8")
        clear_error_or_valid_run(folder)
