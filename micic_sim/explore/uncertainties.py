"""A scenario's uncertainties: the ranges of its assumptions, read from `uncertainties.csv`.

Every `[A..]` assumption in a scenario's SOURCES.md has a value and a range to sweep; this file
makes the range machine-readable so that `micic-sim explore` can sample it. One row per
uncertainty:

    name,sets,how,low,high,distribution,source,note
    call_leave_rate,behaviour.call_leave_rate,value,0.3,2,uniform,A83,China's 35,860 in 12 days
    ner_stock,population.count[nationality=NER],scale,0.6,2,uniform,A02,90,000-300,000 of 150,000
    hazard_level,timeline.value[event=hazard],shift,-0.2,0.2,uniform,A80,each place +-0.2

`sets` names what the value changes:
  - `behaviour.<parameter>`: a behaviour parameter (micic-sim parameters);
  - `attributes.<attribute>[nationality=A|B]`: a nationality attribute of scenario.yaml
    (all nationalities, or those listed);
  - `<table>.<column>[<column>=<value>|<value>;...]`: cells of a scenario table (places, links,
    crossings, consulates, population, timeline, evacuations), all rows or those matching every
    condition (a list column such as `nationalities` matches when it holds a listed value).
`how`: `value` sets it, `scale` multiplies it, `shift` adds to it. A scaled or shifted value is
kept inside the column's own bounds (a share stays <= 1, a hazard in 0..1, a day >= 0), and a
capacity of -1 (unlimited) stays unlimited. `distribution`: `uniform` or `loguniform` (for
multipliers that span a factor, e.g. x0.25-x4). The scenario's own value (1 for scale, 0 for
shift, the stated value for value) must lie in the range: a range that excludes the value the
scenario runs with is a typo or a stale row.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from micic_sim.behaviour import _AT_MOST_ONE, Behaviour
from micic_sim.scenario import Scenario, ScenarioError
from micic_sim.scenario.loader import (
    ATTRIBUTE_KEYS,
    CONSULATE_COLS,
    CROSSING_COLS,
    EVACUATION_COLS,
    LINK_COLS,
    PLACE_COLS,
    POPULATION_COLS,
    TIMELINE_COLS,
    resolve_scenario_path,
)
from micic_sim.scenario.tables import Col, check_separator, csv_records, read_text, suggest

FILE = "uncertainties.csv"
COLUMNS = ("name", "sets", "how", "low", "high", "distribution", "source", "note")
REQUIRED = ("name", "sets", "how", "low", "high", "source")
HOWS = ("value", "scale", "shift")
DISTRIBUTIONS = ("uniform", "loguniform")
TABLES: dict[str, list[Col]] = {
    "places": PLACE_COLS,
    "links": LINK_COLS,
    "crossings": CROSSING_COLS,
    "consulates": CONSULATE_COLS,
    "population": POPULATION_COLS,
    "timeline": TIMELINE_COLS,
    "evacuations": EVACUATION_COLS,
}
SHARE_ATTRIBUTES = {"phone", "registered", "host_language", "civil_society_contact"}
SHARE_ATTRIBUTES |= {"diaspora_contact"}
_SETS = re.compile(r"^(?P<kind>[a-z_]+)\.(?P<field>[a-z_]+)(?:\[(?P<where>[^\]]*)\])?$")


@dataclass(frozen=True)
class Uncertainty:
    """One assumption's range: what it sets, how, between which bounds, and its source tag."""

    name: str
    sets: str
    how: str
    low: float
    high: float
    distribution: str = "uniform"
    source: str = ""
    note: str = ""
    row: int = 0  # row in uncertainties.csv (header = 1), for error messages

    @property
    def target(self) -> tuple[str, str, dict[str, set[str]]]:
        """(behaviour | attributes | <table>, field, conditions)."""
        return parse_sets(self.sets)

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Values from points of the unit interval (samplers work in the unit cube)."""
        if self.distribution == "loguniform":
            lo, hi = math.log(self.low), math.log(self.high)
            return np.exp(lo + np.asarray(u) * (hi - lo))
        return self.low + np.asarray(u) * (self.high - self.low)


def parse_sets(text: str) -> tuple[str, str, dict[str, set[str]]]:
    """`table.column[a=x|y;b=z]` -> ('table', 'column', {'a': {'x', 'y'}, 'b': {'z'}})."""
    m = _SETS.match(text.strip())
    if not m:
        raise ValueError(
            f"'{text}' is not of the form behaviour.<parameter>, attributes.<attribute>[...] "
            "or <table>.<column>[<column>=<value>;...]"
        )
    where: dict[str, set[str]] = {}
    for cond in filter(None, (c.strip() for c in (m["where"] or "").split(";"))):
        key, eq, values = cond.partition("=")
        if not eq or not key.strip() or not values.strip():
            raise ValueError(f"condition '{cond}' in '{text}' is not <column>=<value>[|<value>]")
        where[key.strip()] = {v.strip() for v in values.split("|") if v.strip()}
    return m["kind"], m["field"], where


def read_uncertainties(path: str | Path) -> list[Uncertainty]:
    """Read and check the rows of an uncertainties file (format only; `check_uncertainties`
    checks them against the scenario). Errors name file, row and field."""
    path = Path(path)
    text = read_text(path, missing="it lists the scenario's uncertain assumptions")
    records = csv_records(path, text)
    if not records:
        raise ScenarioError(path, "has no header row")
    header_line, header = records[0][0], [h.strip() for h in records[0][1]]
    check_separator(path, header, header_line)
    for col in REQUIRED:
        if col not in header:
            raise ScenarioError(path, f"missing column '{col}'", row=header_line, field=col)
    for col in header:
        if col not in COLUMNS:
            raise ScenarioError(
                path, "unknown column" + suggest(col, COLUMNS), row=header_line, field=col
            )
    out: list[Uncertainty] = []
    seen: dict[str, int] = {}
    for line, cells in records[1:]:
        rec = dict(zip(header, (c.strip() for c in cells), strict=False))
        for col in REQUIRED:
            if not rec.get(col):
                raise ScenarioError(path, "is empty", row=line, field=col)
        name = rec["name"]
        if name in seen:
            raise ScenarioError(
                path, f"'{name}' is already the name of row {seen[name]}", row=line, field="name"
            )
        seen[name] = line
        bounds = {}
        for col in ("low", "high"):
            try:
                bounds[col] = float(rec[col])
            except ValueError:
                raise ScenarioError(
                    path, f"'{rec[col]}' is not a number", row=line, field=col
                ) from None
            if not math.isfinite(bounds[col]):
                raise ScenarioError(path, f"'{rec[col]}' is not finite", row=line, field=col)
        if bounds["low"] >= bounds["high"]:
            raise ScenarioError(
                path,
                f"low {bounds['low']:g} must be below high {bounds['high']:g}",
                row=line,
                field="low",
            )
        how = rec["how"]
        if how not in HOWS:
            raise ScenarioError(
                path, f"'{how}' is not one of: {', '.join(HOWS)}" + suggest(how, HOWS), line, "how"
            )
        dist = rec.get("distribution") or "uniform"
        if dist not in DISTRIBUTIONS:
            raise ScenarioError(
                path,
                f"'{dist}' is not one of: {', '.join(DISTRIBUTIONS)}"
                + suggest(dist, DISTRIBUTIONS),
                row=line,
                field="distribution",
            )
        if dist == "loguniform" and bounds["low"] <= 0:
            raise ScenarioError(
                path, "a loguniform range must start above 0", row=line, field="low"
            )
        try:
            parse_sets(rec["sets"])
        except ValueError as exc:
            raise ScenarioError(path, str(exc), row=line, field="sets") from None
        out.append(
            Uncertainty(
                name=name,
                sets=rec["sets"],
                how=how,
                low=bounds["low"],
                high=bounds["high"],
                distribution=dist,
                source=rec["source"],
                note=rec.get("note", ""),
                row=line,
            )
        )
    if not out:
        raise ScenarioError(path, "lists no uncertainties")
    return out


def _selected(frame: pd.DataFrame, where: dict[str, set[str]]) -> np.ndarray:
    mask = np.ones(len(frame), dtype=bool)
    for col, values in where.items():
        cells = frame[col]
        if cells.map(lambda v: isinstance(v, list)).any():
            mask &= cells.map(lambda v, vs=values: bool(set(map(str, v)) & vs)).to_numpy(bool)
        else:  # to_numpy(bool): an empty table's column is of object type
            mask &= cells.map(lambda v, vs=values: _text(v) in vs).to_numpy(bool)
    return mask


def _text(value: Any) -> str:
    """A cell as it would be written in the CSV (3.0 -> '3', True -> 'yes')."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def default_value(case: Scenario, u: Uncertainty) -> float:
    """What the scenario runs with: 1 for a scale, 0 for a shift, else its stated value."""
    if u.how == "scale":
        return 1.0
    if u.how == "shift":
        return 0.0
    kind, name, where = u.target
    if kind == "behaviour":
        base = {f.name: f.default for f in fields(Behaviour)}
        return float({**base, **case.behaviour}[name])
    if kind == "attributes":
        values = {float(case.attributes_for(n.id)[name]) for n in _nationalities(case, where)}
    else:
        frame = getattr(case, kind)
        values = {float(v) for v in frame.loc[_selected(frame, where), name]}
    if len(values) != 1:
        raise ValueError(
            f"the selected cells hold {len(values)} different values "
            f"({', '.join(f'{v:g}' for v in sorted(values)[:5])}); use how=scale or shift, or "
            "select fewer rows"
        )
    return values.pop()


def _nationalities(case: Scenario, where: dict[str, set[str]]) -> list[Any]:
    ids = where.get("nationality")
    return [n for n in case.nationalities if ids is None or n.id in ids]


def check_uncertainties(case: Scenario, items: list[Uncertainty], path: str | Path) -> None:
    """Each row against its scenario: the parameter, attribute, table, column and rows exist,
    and the scenario's own value lies inside the range. Errors name file, row and field."""
    behaviour = {f.name for f in fields(Behaviour)}
    for u in items:
        kind, name, where = u.target

        def fail(message: str, field: str = "sets", u: Uncertainty = u) -> None:
            raise ScenarioError(path, message, row=u.row, field=field)

        if kind == "behaviour":
            if name not in behaviour:
                fail(f"unknown behaviour parameter '{name}'" + suggest(name, behaviour))
            if where:
                fail("a behaviour parameter takes no [conditions]")
        elif kind == "attributes":
            if name not in ATTRIBUTE_KEYS - {"fear"}:
                fail(f"unknown attribute '{name}'" + suggest(name, ATTRIBUTE_KEYS - {"fear"}))
            if set(where) - {"nationality"}:
                fail("attributes take only [nationality=...] conditions")
            known = {n.id for n in case.nationalities}
            for nat in where.get("nationality", set()) - known:
                fail(f"unknown nationality '{nat}'" + suggest(nat, known))
        elif kind in TABLES:
            cols = {c.name: c for c in TABLES[kind]}
            col = cols.get(name)
            if col is None or col.kind not in ("int", "float"):
                numeric = [c for c, spec in cols.items() if spec.kind in ("int", "float")]
                fail(f"'{name}' is not a numeric column of {kind}.csv" + suggest(name, numeric))
            for key in where:
                if key not in cols:
                    fail(f"unknown column '{key}' of {kind}.csv" + suggest(key, cols))
            if not _selected(getattr(case, kind), where).any():
                fail(f"no row of {kind}.csv matches {u.sets}")
        else:
            choices = ["behaviour", "attributes", *TABLES]
            fail(f"'{kind}' is not one of: {', '.join(choices)}" + suggest(kind, choices))
        try:
            default = default_value(case, u)
        except ValueError as exc:
            fail(str(exc))
        if not u.low <= default <= u.high:
            fail(
                f"the scenario's own value {default:g} is outside the range {u.low:g}..{u.high:g}",
                field="low" if default < u.low else "high",
            )
        if u.how == "value" and kind == "behaviour" and name in _AT_MOST_ONE and u.high > 1:
            fail(f"{name} is a share or daily chance: high must be <= 1", field="high")
        if u.how == "value" and u.low < 0:
            fail("a value cannot be negative", field="low")
        if u.how == "value" and kind in TABLES:
            col = next(c for c in TABLES[kind] if c.name == name)
            if col.max is not None and u.high > col.max:
                fail(f"{kind}.csv {name} is at most {col.max:g}", field="high")
        if u.how == "value" and kind == "attributes" and name in SHARE_ATTRIBUTES and u.high > 1:
            fail(f"{name} is a share: high must be <= 1", field="high")


def load_uncertainties(scenario: Scenario | str | Path) -> list[Uncertainty]:
    """The checked uncertainties of a scenario (its `uncertainties.csv`)."""
    from micic_sim.inputs import scenario_of

    case = scenario_of(scenario)
    path = resolve_scenario_path(case.path) / FILE
    items = read_uncertainties(path)
    check_uncertainties(case, items, path)
    return items


def _bounded(col: Col, values: np.ndarray) -> np.ndarray:
    lo = -np.inf if col.min is None else col.min
    hi = np.inf if col.max is None else col.max
    out = np.clip(values, lo, hi)
    return np.round(out) if col.kind == "int" else out


def _change(old: np.ndarray, how: str, value: float) -> np.ndarray:
    if how == "value":
        return np.full_like(old, value, dtype=float)
    return old * value if how == "scale" else old + value


def apply(
    case: Scenario, items: list[Uncertainty], values: dict[str, float]
) -> tuple[Scenario, dict[str, float]]:
    """A copy of the scenario with each uncertainty set to `values[name]`, and the behaviour
    overrides to run with. The scenario passed in is not changed."""
    out = copy.copy(case)
    out.nationalities = copy.deepcopy(case.nationalities)
    copied: set[str] = set()
    behaviour: dict[str, float] = {}
    for u in items:
        kind, name, where = u.target
        value = float(values[u.name])
        if kind == "behaviour":
            old = np.array([default_value(case, replace(u, how="value"))])
            behaviour[name] = float(max(0.0, _change(old, u.how, value)[0]))
            if name in _AT_MOST_ONE:
                behaviour[name] = min(behaviour[name], 1.0)
        elif kind == "attributes":
            for nat in _nationalities(out, where):
                old = np.array([float(out.attributes_for(nat.id)[name])])
                new = max(0.0, float(_change(old, u.how, value)[0]))
                nat.attributes[name] = min(new, 1.0) if name in SHARE_ATTRIBUTES else new
        else:
            if kind not in copied:
                setattr(out, kind, getattr(case, kind).copy())
                copied.add(kind)
            frame = getattr(out, kind)
            rows = _selected(frame, where)
            old = frame.loc[rows, name].to_numpy(dtype=float)
            col = next(c for c in TABLES[kind] if c.name == name)
            new = _bounded(col, _change(old, u.how, value))
            if name in ("capacity", "daily_capacity"):  # -1 = unlimited stays unlimited
                new = np.where(old < 0, old, np.maximum(new, 0))
            frame.loc[rows, name] = new.astype(frame[name].dtype)
    return out, behaviour
