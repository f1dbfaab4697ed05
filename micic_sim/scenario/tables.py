"""Typed reading of the scenario CSV files, with errors that name file, row and field.

One mechanism serves every file: a table is described by a list of `Col`, and `read_table`
parses and checks each cell against it. Cross-file checks live in `loader.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

TRUE = {"yes", "true", "1", "y"}
FALSE = {"no", "false", "0", "n"}


class ScenarioError(ValueError):
    """A problem in a scenario's files. The message names file, row and field."""

    def __init__(
        self, file: str | Path, message: str, row: int | None = None, field: str | None = None
    ) -> None:
        where = str(file)
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.file, self.row, self.field, self.problem = str(file), row, field, message


class ConfigError(ScenarioError, KeyError):
    """A bad value in the run configuration (Hydra config, API argument, behaviour or lever
    setting). The message starts with the config key, as written on the command line. Also a
    KeyError, which these errors were before there was one type for them."""

    def __init__(self, key: str, message: str) -> None:
        ValueError.__init__(self, f"{key}: {message}")
        self.file, self.row, self.field, self.problem = "run config", None, key, message

    def __str__(self) -> str:  # not KeyError's repr-quoted form
        return str(self.args[0])


def yaml_error(
    path: str | Path, exc: Exception, error: type[ScenarioError] = ScenarioError
) -> ScenarioError:
    """A YAML syntax error as one line naming the file and row (PyYAML's own message spans
    several lines, with a caret under the fault)."""
    mark = getattr(exc, "problem_mark", None)
    row = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
    return error(path, f"is not valid YAML: {problem}", row=row)


def missing_column(path: str | Path, name: str, header: list[str], row: int) -> ScenarioError:
    """The error for a table whose header lacks column `name`: a near match suggested, and the
    header as it is, so a typo or a wrong file shows at once."""
    return ScenarioError(
        path,
        "missing column" + suggest(name, header) + f"; the header has: {', '.join(header)}",
        row=row,
        field=name,
    )


def read_text(
    path: str | Path, error: type[ScenarioError] = ScenarioError, *, missing: str = ""
) -> str:
    """The text of an input file, or an `error` naming it and what is wrong: missing, a folder,
    unreadable, or not UTF-8 (a spreadsheet's "CSV" in a local code page). One reader for every
    file a user writes (scenario tables and YAML, calibration, observed series, run folders),
    so each fault reads the same whatever the file. A UTF-8 byte-order mark (Excel's "CSV
    UTF-8") is dropped. `missing` says why the file is needed, when it is missing."""
    path = Path(path)
    if path.is_dir():
        raise error(path, "is a folder, not a file")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise error(path, "file is missing" + (f" ({missing})" if missing else "")) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        excel = " (in Excel: CSV UTF-8)" if path.suffix.lower() == ".csv" else ""
        raise error(
            path,
            f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8{excel}",
            row=line,
        ) from None
    except OSError as exc:
        raise error(path, f"cannot be read: {exc.strerror}") from None


DATE_LIKE = re.compile(r"(?<![\w-])(\d{4}-\d{1,2}-\d{1,2})(?![\w-])")


def parse_yaml(path: str | Path, text: str, error: type[ScenarioError] = ScenarioError) -> Any:
    """`yaml.safe_load(text)`, its faults as one-line errors naming the file and row: a syntax
    error, and a date the calendar lacks (YAML reads `2011-02-30` as a date, and PyYAML raises
    a bare ValueError without its place)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc, error) from None
    except ValueError as exc:
        for row, line in enumerate(text.splitlines(), 1):
            for found in DATE_LIKE.findall(line.split("#")[0]):
                try:
                    dt.date.fromisoformat("-".join(f"{int(x):02d}" for x in found.split("-")))
                except ValueError:
                    key = line.split(":")[0].strip(" -") if ":" in line else None
                    raise error(
                        path, f"'{found}' is not a date (YYYY-MM-DD): {exc}", row=row, field=key
                    ) from None
        raise error(path, f"is not valid YAML: {exc}") from None


def is_number(value: Any) -> bool:
    """A finite int or float, and not a boolean (YAML reads `yes`/`true` as True, which
    Python would otherwise take for 1)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean ...?)' for a close match, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class Col:
    """One column: its parser ('str', 'int', 'float', 'bool', 'list' or a callable), whether
    it is required, its default when the cell is empty, and bounds for numbers."""

    name: str
    kind: str | Callable[[str], Any] = "str"
    required: bool = True
    default: Any = None
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None


def number(raw: str) -> float:
    """A number cell; a message that says so for anything else (Python's own is about
    converting strings to floats)."""
    try:
        return float(raw)
    except ValueError:
        hint = " (use '.' for decimals, no thousands separator)" if "," in raw else ""
        raise ValueError(f"'{raw}' is not a number{hint}") from None


def _parse_cell(col: Col, raw: str) -> Any:
    kind = col.kind
    if kind == "str":
        value: Any = raw
    elif kind == "int":
        f = number(raw)
        if not math.isfinite(f) or not f.is_integer():
            raise ValueError(f"'{raw}' is not a whole number")
        value = int(f)
    elif kind == "float":
        value = number(raw)
        if not math.isfinite(value):
            raise ValueError(f"'{raw}' is not a finite number")
    elif kind == "bool":
        low = raw.lower()
        if low not in TRUE | FALSE:
            raise ValueError(f"'{raw}' is not yes/no")
        value = low in TRUE
    elif kind == "list":
        value = [part.strip() for part in raw.split(";") if part.strip()]
    else:
        value = kind(raw)
    if col.choices is not None and value not in col.choices:
        raise ValueError(
            f"'{raw}' is not one of: {', '.join(col.choices)}" + suggest(raw, col.choices)
        )
    if col.min is not None and value < col.min:
        raise ValueError(f"{value} is below the minimum {col.min}")
    if col.max is not None and value > col.max:
        raise ValueError(f"{value} is above the maximum {col.max}")
    return value


SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "pipes"}


def check_separator(path: Path, header: list[str], row: int) -> None:
    """A one-cell header separated by something other than commas (a spreadsheet in a locale
    whose list separator is ';', or a tab-separated export) is an error saying so: otherwise
    every column would be reported missing."""
    if len(header) != 1:
        return
    for sep, words in SEPARATORS.items():
        if sep in header[0]:
            raise ScenarioError(
                path,
                f"the columns are separated by {words} instead of commas; save it as"
                " comma-separated CSV (in Excel: CSV UTF-8)",
                row=row,
            )


def csv_records(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """The CSV records of `text` with the line each starts on, skipping blank rows and rows
    whose first cell starts with '#'. Parsed as one stream, so a quoted cell may hold line
    breaks (as spreadsheets write them); quoting errors name the line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
                out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ScenarioError(
            path, f"is not valid CSV: {exc} (check the quotes in this row)", row=start
        ) from None
    return out


def read_table(path: Path, cols: list[Col], *, optional_file: bool = False) -> pd.DataFrame:
    """Read `path` into a DataFrame with one typed column per `Col` and a `_row` column holding
    the spreadsheet row number (header = row 1) for later error messages."""
    names = [c.name for c in cols]
    if not path.exists():
        if optional_file:
            return _empty(cols)
        raise ScenarioError(path, "file is missing")
    text = read_text(path)
    lines = csv_records(path, text)
    if not lines:
        if optional_file:
            return _empty(cols)
        raise ScenarioError(path, "has no header row")
    rows = [cells for _, cells in lines]
    header = [h.strip() for h in rows[0]]
    header_line = lines[0][0]
    dup = {h for h in header if header.count(h) > 1}
    if dup:
        raise ScenarioError(path, f"column(s) {sorted(dup)} appear more than once", row=header_line)
    check_separator(path, header, header_line)
    for col in cols:
        if col.required and col.name not in header:
            raise missing_column(path, col.name, header, header_line)
    known = set(names)
    for i, h in enumerate(header):
        if h == "":
            raise ScenarioError(
                path,
                f"column {i + 1} of the header has no name; expected columns: {', '.join(names)}",
                row=header_line,
            )
        if h not in known:
            raise ScenarioError(
                path,
                "unknown column" + suggest(h, names) + f"; expected columns: {', '.join(names)}",
                row=header_line,
                field=h,
            )
    index = {h: i for i, h in enumerate(header)}
    out: dict[str, list[Any]] = {n: [] for n in names}
    out["_row"] = []
    for line_no, cells in lines[1:]:
        if len(cells) > len(header):
            raise ScenarioError(
                path, f"has {len(cells)} cells but the header has {len(header)}", row=line_no
            )
        for col in cols:
            i = index.get(col.name)
            raw = cells[i].strip() if i is not None and i < len(cells) else ""
            if raw == "":
                if col.required and col.default is None:
                    raise ScenarioError(path, "is empty", row=line_no, field=col.name)
                out[col.name].append(col.default)
                continue
            try:
                out[col.name].append(_parse_cell(col, raw))
            except (ValueError, KeyError) as exc:
                msg = exc.args[0] if exc.args else str(exc)
                raise ScenarioError(path, str(msg), row=line_no, field=col.name) from None
        out["_row"].append(line_no)
    return pd.DataFrame(out) if out["_row"] else _empty(cols)


DTYPES = {"int": "int64", "float": "float64", "bool": "bool"}


def _empty(cols: list[Col]) -> pd.DataFrame:
    """A table without rows whose columns have the types its rows would give them: code that
    compares or combines a column (a mask over the rows) works on an empty table as on any."""
    types = {
        c.name: DTYPES.get(c.kind, "object") if isinstance(c.kind, str) else "object" for c in cols
    }
    return pd.DataFrame({n: pd.Series([], dtype=t) for n, t in {**types, "_row": "int64"}.items()})


def check_unique(df: pd.DataFrame, path: Path, field: str) -> None:
    """Duplicate ids are an error naming the second occurrence."""
    seen: dict[Any, int] = {}
    for value, row in zip(df[field], df["_row"], strict=True):
        if value in seen:
            raise ScenarioError(
                path, f"duplicate id '{value}' (first at row {seen[value]})", row=row, field=field
            )
        seen[value] = row


def check_refs(
    df: pd.DataFrame,
    path: Path,
    field: str,
    known: Iterable[str],
    what: str,
    *,
    allow: tuple[str, ...] = (),
) -> None:
    """Every value of `field` (a string or a list of strings) must be one of `known`."""
    known = set(known)
    for value, row in zip(df[field], df["_row"], strict=True):
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is None or v in allow:
                continue
            if v not in known:
                raise ScenarioError(
                    path, f"unknown {what} '{v}'" + suggest(v, known), row=row, field=field
                )
