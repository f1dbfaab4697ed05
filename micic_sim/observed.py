"""Observed series (date,value[,low,high], other columns kept as text) that calibration fits
and reports beside its fit: cumulative people through crossings, evacuated by a State, present
at a place. Read row by row, so a bad cell is an error naming the file, row and field, and
checked against the scenario's period, so a typo in a date cannot make a run years long.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from micic_sim.scenario import ScenarioError
from micic_sim.scenario.tables import (
    check_separator,
    csv_records,
    missing_column,
    number,
    read_text,
)


def load_series(
    path: Path, start: dt.date, *, fitted: bool = False, days: float | None = None
) -> pd.DataFrame:
    """An observed series (date,value[,low,high], other columns kept as text) with `day`
    counted from the scenario start. Errors name file, row and field; a `fitted` series needs
    values above 0 (its error is relative to each)."""
    records = csv_records(path, read_text(path))
    if not records:
        raise ScenarioError(path, "has no header row (date,value[,low,high])")
    line0, header = records[0][0], [h.strip() for h in records[0][1]]
    check_separator(path, header, line0)
    for col in ("date", "value"):
        if col not in header:
            raise missing_column(path, col, header, line0)
    rows = []
    for line, cells in records[1:]:
        rec: dict[str, Any] = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            day = (dt.date.fromisoformat(rec.get("date", "")) - start).days
        except ValueError:
            raise ScenarioError(
                path, f"'{rec.get('date', '')}' is not a date (YYYY-MM-DD)", row=line, field="date"
            ) from None
        if day < 0 or (days is not None and day > days):
            when = "before the scenario's start" if day < 0 else "after the scenario's end"
            span = f"{start}" + (f" + {days:g} days" if days is not None else "")
            raise ScenarioError(path, f"{rec['date']} is {when} ({span})", row=line, field="date")
        rec["value"] = _count(path, line, "value", rec.get("value"), above_zero=fitted)
        for col in ("low", "high"):  # a range around the value, where the source gives one
            if col in header:
                raw = rec.get(col)
                rec[col] = _count(path, line, col, raw, above_zero=False) if raw else np.nan
        rows.append({**rec, "day": float(day)})
    if not rows:
        raise ScenarioError(path, "has no rows of data")
    return pd.DataFrame(rows).sort_values("day", kind="stable").reset_index(drop=True)


def _count(path: Path, line: int, col: str, raw: Any, *, above_zero: bool) -> float:
    """A cell of an observed series: a finite number of people, >= 0 (> 0 if fitted)."""
    try:
        value = number("" if raw is None else str(raw))
    except ValueError as exc:
        raise ScenarioError(path, str(exc), row=line, field=col) from None
    if not np.isfinite(value) or value < 0 or (above_zero and value == 0):
        need = "above 0 (the fit's error is relative to it)" if above_zero else "a number >= 0"
        raise ScenarioError(path, f"{raw} is not {need}", row=line, field=col)
    return value
