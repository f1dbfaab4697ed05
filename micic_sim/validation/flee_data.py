"""Read Flee validation folders and score simulations against them.

A Flee validation folder (e.g. ``validation/mali2012``) holds

* ``data_layout.csv``: one row per series, ``name,file[,file...]``. One row, usually the first,
  is ``total,refugees.csv`` (the total count of refugees in the event; Flee finds it by its
  name); every other row maps a
  camp name to one or more count files, whose series are added up (Flee's CAR case counts
  people inside and outside a camp in two files).
* count files: ``YYYY-MM-DD,count`` rows. Lines starting with ``#`` are comments. The first
  row may be a header that does not start with ``#`` (``DateTime,...``, ``Date,...`` or even
  a bare ``,``), as in Flee's shipped data.

Counts are interpolated to daily values following Flee (``flee.datamanager.DataTable``,
``get_interpolated_data``): linearly between observations, flat at the first observed value
before the first observation, and flat at the last observed value after the last one. Flee
truncates the interpolated value to an integer; here that is optional (``truncate=True``).

The averaged relative difference (ARD; Suleimenova, Bell and Groen 2017, Sci. Rep. 7:13377)
is, for each simulated day, the sum over camps of ``|simulated - observed|`` divided by the
observed total (by default the observed number of people in the compared camps, floored at 1
as in Flee's ``plot_flee_output``), averaged over the simulated days.

Everything here is pure pandas/numpy; no Flee installation is needed.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "FleeValidationData",
    "RegistrationCorrection",
    "apply_registration_corrections",
    "ard",
    "camp_curves",
    "daily_relative_difference",
    "interpolate_daily",
    "read_count_file",
    "read_registration_corrections",
    "read_validation_folder",
]

DateLike = str | date | datetime | pd.Timestamp

#: Name of the row of ``data_layout.csv`` holding the total refugee count.
TOTAL = "total"


# --------------------------------------------------------------------------- helpers


def _to_timestamp(value: DateLike, what: str = "start_date") -> pd.Timestamp:
    """Convert a date-like value to a midnight :class:`pandas.Timestamp`."""
    if isinstance(value, str):
        try:
            parsed = datetime.strptime(value.strip(), "%Y-%m-%d")
        except ValueError:
            raise ValueError(f"{what} {value!r} is not a YYYY-MM-DD date") from None
        return pd.Timestamp(parsed)
    if isinstance(value, pd.Timestamp | datetime | date):
        return pd.Timestamp(value).normalize()
    raise ValueError(f"{what} must be a date or a YYYY-MM-DD string, not {type(value).__name__}")


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Read a CSV file into ``(line number, stripped cells)``, dropping blank and ``#`` rows.

    Trailing empty cells are removed, cells are stripped of white space (Flee's files contain
    tabs and carriage returns), and a UTF-8 byte order mark is ignored.
    """
    if not path.is_file():
        raise ValueError(f"{path}: file not found")
    rows: list[tuple[int, list[str]]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            line = 1
            for raw in reader:
                cells = [cell.strip() for cell in raw]
                while cells and cells[-1] == "":
                    cells.pop()
                if cells and not cells[0].startswith("#"):
                    rows.append((line, cells))
                line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc})") from None
    except csv.Error as exc:
        raise ValueError(f"{path}: malformed CSV ({exc})") from None
    return rows


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _parse_date(text: str, path: Path, line: int) -> pd.Timestamp:
    try:
        return pd.Timestamp(datetime.strptime(text, "%Y-%m-%d"))
    except ValueError:
        raise ValueError(f"{path}: row {line}: date {text!r} is not a YYYY-MM-DD date") from None


# --------------------------------------------------------------------------- count files


def read_count_file(path: str | Path) -> pd.Series:
    """Read one Flee count file into a series of observations.

    Args:
        path: CSV file of ``YYYY-MM-DD,count`` rows. Lines whose first cell starts with
            ``#`` and blank lines are skipped; the first remaining row is taken as a header
            when its first cell is empty, or when it is neither a date nor followed by a
            number (``DateTime,Refugees``). Columns after the second are ignored, as Flee
            does.

    Returns:
        Float series indexed by a :class:`pandas.DatetimeIndex` named ``date``, named after
        the file, in file order. A file without observations gives an empty series. Rows
        dated before an earlier row are kept where they are (Flee 3.1 accepts them, FabFlee's
        Mali 2017 and Nigeria 2016 cases have them, and Flee's registration corrections act
        on the rows in file order); their line numbers are in ``attrs["rows_out_of_order"]``
        and :func:`_interpolate` reads them as Flee does (:func:`_as_flee_reads`).

    Raises:
        ValueError: naming the file and row, for a missing file, a bad date, or a missing,
            non-numeric, negative or non-finite count.
    """
    path = Path(path)
    rows = _read_rows(path)
    if rows:
        _, first = rows[0]
        count_cell = first[1] if len(first) > 1 else ""
        if first[0] == "" or (not _is_date(first[0]) and not _is_number(count_cell)):
            rows = rows[1:]
    dates: list[pd.Timestamp] = []
    counts: list[float] = []
    backwards: list[int] = []
    for line, cells in rows:
        when = _parse_date(cells[0], path, line)
        if len(cells) < 2 or cells[1] == "":
            raise ValueError(f"{path}: row {line}: missing count after date {cells[0]}")
        try:
            count = float(cells[1])
        except ValueError:
            raise ValueError(f"{path}: row {line}: count {cells[1]!r} is not a number") from None
        if not math.isfinite(count) or count < 0:
            raise ValueError(f"{path}: row {line}: count {cells[1]!r} must be finite and >= 0")
        if dates and when < max(dates):
            backwards.append(line)
        dates.append(when)
        counts.append(count)
    series = pd.Series(
        counts, index=pd.DatetimeIndex(dates, name="date"), name=path.name, dtype=float
    )
    series.attrs["rows_out_of_order"] = backwards
    return series


def _as_flee_reads(
    dates: list[pd.Timestamp], counts: list[float]
) -> tuple[list[pd.Timestamp], list[float]]:
    """The date-ordered observations that give the curve Flee reads from rows out of order.

    Flee's ``DataTable.get_interpolated_data`` scans the rows in file order and interpolates
    between the first row dated after the day and the row just before it in the file (the
    first row's value on and before its date, the *last row's* value when no row is later).
    So only rows dated after every earlier row ever bound a segment; a segment may start at
    a row dated before the previous bound (read on from that bound), and the last row's value
    holds after the latest date. With rows in order this is the file itself.
    """
    out_d: list[pd.Timestamp] = [dates[0]]
    out_c: list[float] = [counts[0]]
    top = dates[0]
    for i in range(1, len(dates)):
        if dates[i] <= top:
            continue  # never the first later row: Flee never interpolates towards it
        d0, c0 = dates[i - 1], counts[i - 1]
        if d0 < top:  # the segment's line, from where the previous bound left off
            frac = (top - d0) / (dates[i] - d0)
            out_d.append(top)
            out_c.append(c0 + frac * (counts[i] - c0))
        elif (d0, c0) != (out_d[-1], out_c[-1]):  # a repeated date: the last one holds
            out_d.append(d0)
            out_c.append(c0)
        out_d.append(dates[i])
        out_c.append(counts[i])
        top = dates[i]
    if counts[-1] != out_c[-1] or dates[-1] != out_d[-1]:
        out_d.append(top)  # after the latest date Flee holds the last row's value
        out_c.append(counts[-1])
    return out_d, out_c


def _merge_series(series: Sequence[pd.Series], name: str) -> pd.Series:
    """Add several observation series as the sum of their interpolations.

    The sum of piecewise-linear curves is piecewise linear with knots at the union of the
    dates, so evaluating every series there and interpolating the result afterwards gives
    exactly the sum of the separately interpolated daily curves. Empty series are ignored.
    """
    present = [s for s in series if len(s) > 0]
    if not present:
        return pd.Series([], index=pd.DatetimeIndex([], name="date"), name=name, dtype=float)
    if len(present) == 1:
        return present[0].rename(name)
    knots = pd.DatetimeIndex(sorted(set().union(*(s.index for s in present))), name="date")
    total = np.zeros(len(knots))
    for s in present:
        total += _interpolate(s, knots)
    return pd.Series(total, index=knots, name=name)


def _interpolate(series: pd.Series, at: pd.DatetimeIndex | np.ndarray) -> np.ndarray:
    """Interpolate observations at the given dates (or day offsets) the way Flee does.

    Observations out of date order are first replaced by the date-ordered ones that give
    Flee's curve (:func:`_as_flee_reads`). Linear between observations; the first value on
    and before the first date; the last value after the last date. With repeated dates the
    curve jumps: days before the repeated date approach its first value and the date itself
    takes the last one.
    """
    if not series.index.is_monotonic_increasing:  # rows out of date order: Flee's reading
        dates, counts = _as_flee_reads(list(series.index), series.tolist())
        series = pd.Series(counts, index=pd.DatetimeIndex(dates), dtype=float)
    x = series.index.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
    y = series.to_numpy(dtype=float)
    if isinstance(at, pd.DatetimeIndex):
        q = at.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
    else:
        q = np.asarray(at, dtype=float)
    out = np.empty(len(q))
    before = q <= x[0]
    after = q >= x[-1]
    out[before] = y[0]
    out[after & ~before] = y[-1]
    inside = ~(before | after)
    if inside.any():
        hi = np.searchsorted(x, q[inside], side="right")
        lo = hi - 1
        frac = (q[inside] - x[lo]) / (x[hi] - x[lo])
        out[inside] = y[lo] + frac * (y[hi] - y[lo])
    return out


def interpolate_daily(
    series: pd.Series, start_date: DateLike, n_days: int, *, truncate: bool = False
) -> pd.Series:
    """Interpolate observations to one value per simulated day.

    Args:
        series: observations indexed by date (as from :func:`read_count_file`).
        start_date: date of simulated day 0.
        n_days: number of simulated days (days ``0 .. n_days - 1``).
        truncate: truncate values towards zero to integers, as Flee does.

    Returns:
        Float series indexed by ``day`` (0-based integers).

    Raises:
        ValueError: if the series is empty or ``n_days`` is not a positive integer.
    """
    if isinstance(n_days, bool) or not isinstance(n_days, int | np.integer) or n_days < 1:
        raise ValueError(f"n_days must be a positive integer, not {n_days!r}")
    if len(series) == 0:
        raise ValueError(f"series {series.name!r} has no observations to interpolate")
    start = _to_timestamp(start_date)
    days = pd.date_range(start, periods=int(n_days), freq="D")
    values = _interpolate(series, days)
    if truncate:
        values = np.trunc(values)
    return pd.Series(values, index=pd.RangeIndex(int(n_days), name="day"), name=series.name)


# --------------------------------------------------------------------------- corrections


@dataclass(frozen=True)
class RegistrationCorrection:
    """A level-1 registration correction (Flee's ``registration_corrections.csv`` row).

    Flee scales every observation of ``camp`` before ``date`` by the ratio of the count on
    ``date`` (first level-2 registration) to the count of the observation before it (last
    level-1 registration), removing the drop caused by over-counted early registrations.
    """

    camp: str
    date: pd.Timestamp
    source: str = ""


def read_registration_corrections(path: str | Path) -> list[RegistrationCorrection]:
    """Read Flee's ``registration_corrections.csv`` (``camp,YYYY-MM-DD[,normalize]`` rows).

    Raises:
        ValueError: naming the file and row, for a missing date, a bad date or an unknown
            mode in the third column (only ``normalize`` is known).
    """
    path = Path(path)
    corrections = []
    for line, cells in _read_rows(path):
        if len(cells) < 2 or cells[1] == "":
            raise ValueError(f"{path}: row {line}: expected 'camp,YYYY-MM-DD', got {cells}")
        if len(cells) > 2 and cells[2] not in ("", "normalize"):
            raise ValueError(
                f"{path}: row {line}: unknown correction mode {cells[2]!r} (known: normalize)"
            )
        when = _parse_date(cells[1], path, line)
        corrections.append(RegistrationCorrection(cells[0], when, f"{path}: row {line}"))
    return corrections


def apply_registration_corrections(
    camps: Mapping[str, pd.Series], corrections: Iterable[RegistrationCorrection]
) -> dict[str, pd.Series]:
    """Apply registration corrections to raw camp observations; returns new series.

    Raises:
        ValueError: if a correction names an unknown camp, a date that is not an observation
            date of that camp, the camp's first observation, or follows a zero count.
    """
    out = {name: s.copy() for name, s in camps.items()}
    for corr in corrections:
        where = corr.source or "registration correction"
        if corr.camp not in out:
            raise ValueError(f"{where}: camp {corr.camp!r} is not in the validation data")
        s = out[corr.camp]
        hits = np.flatnonzero(s.index == corr.date)
        if len(hits) == 0:
            raise ValueError(
                f"{where}: camp {corr.camp!r} has no observation on {corr.date.date()}"
            )
        values = s.to_numpy(dtype=float).copy()
        for i in hits:
            if i == 0:
                raise ValueError(
                    f"{where}: {corr.date.date()} is the first observation of {corr.camp!r}; "
                    "nothing to correct before it"
                )
            if values[i - 1] == 0:
                raise ValueError(
                    f"{where}: the observation of {corr.camp!r} before {corr.date.date()} is 0"
                )
            values[:i] *= values[i] / values[i - 1]
        out[corr.camp] = pd.Series(values, index=s.index, name=s.name)
    return out


# --------------------------------------------------------------------------- folder


@dataclass(frozen=True)
class FleeValidationData:
    """Observations of a Flee validation folder.

    Attributes:
        folder: the validation folder.
        total: raw observations of the total count (``total`` row of ``data_layout.csv``).
        camps: raw observations per camp, in layout order; camps counted in several files
            hold the sum of those files (see :func:`_merge_series`). May be empty series.
        sources: count files per name (``total`` and each camp).
        notes: files whose rows go back in date, read as Flee reads them.
    """

    folder: Path
    total: pd.Series
    camps: dict[str, pd.Series]
    sources: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    #: Files with rows dated before an earlier row, read as Flee reads them (one line each).
    notes: list[str] = field(default_factory=list)

    @property
    def camp_names(self) -> list[str]:
        """Camps that have at least one observation, in layout order."""
        return [name for name, s in self.camps.items() if len(s) > 0]

    def daily(
        self,
        start_date: DateLike,
        n_days: int,
        *,
        camps: Sequence[str] | None = None,
        truncate: bool = False,
    ) -> pd.DataFrame:
        """Daily observed counts per camp (index ``day``, one column per camp).

        Args:
            start_date: date of day 0.
            n_days: number of days.
            camps: camps to include; default all camps with observations.
            truncate: truncate to integers as Flee does.

        Raises:
            ValueError: for an unknown camp or a camp without observations.
        """
        names = self.camp_names if camps is None else list(camps)
        columns = {}
        for name in names:
            if name not in self.camps:
                raise ValueError(
                    f"{self.folder / 'data_layout.csv'}: no camp named {name!r} "
                    f"(known: {', '.join(self.camps)})"
                )
            if len(self.camps[name]) == 0:
                files = ", ".join(str(p) for p in self.sources.get(name, ()))
                raise ValueError(f"camp {name!r} has no observations in {files}")
            columns[name] = interpolate_daily(
                self.camps[name], start_date, n_days, truncate=truncate
            )
        index = pd.RangeIndex(int(n_days), name="day")
        return pd.DataFrame(columns, index=index, columns=pd.Index(names, dtype=object))

    def daily_total(
        self, start_date: DateLike, n_days: int, *, truncate: bool = False
    ) -> pd.Series:
        """Daily interpolated total count (the ``total`` row, usually ``refugees.csv``)."""
        if len(self.total) == 0:
            files = ", ".join(str(p) for p in self.sources.get(TOTAL, ()))
            raise ValueError(f"the total count has no observations in {files}")
        return interpolate_daily(self.total, start_date, n_days, truncate=truncate).rename(TOTAL)


def read_validation_folder(
    folder: str | Path,
    *,
    corrections: str | Path | None = None,
    layout: str = "data_layout.csv",
) -> FleeValidationData:
    """Read a Flee validation folder.

    Args:
        folder: folder holding ``data_layout.csv`` and the count files.
        corrections: optional ``registration_corrections.csv`` (it sits in Flee's *input*
            folder) applied to the camp observations as Flee's ``run.py`` does.
        layout: name of the layout file inside ``folder``.

    Raises:
        ValueError: naming the file and row, for a missing or malformed layout (first row
            not ``total``, a row without a file, a repeated name, a missing count file) or a
            malformed count file.
    """
    folder = Path(folder)
    layout_path = folder / layout
    rows = _read_rows(layout_path)
    if not rows:
        raise ValueError(f"{layout_path}: empty layout; expected a first row 'total,refugees.csv'")
    series: dict[str, pd.Series] = {}
    sources: dict[str, tuple[Path, ...]] = {}
    notes: list[str] = []
    for line, cells in rows:
        name, files = cells[0], [c for c in cells[1:] if c != ""]
        if not files:
            raise ValueError(f"{layout_path}: row {line}: {name!r} names no count file")
        if name in series:
            raise ValueError(f"{layout_path}: row {line}: {name!r} is listed twice")
        paths = tuple(folder / f for f in files)
        for p in paths:
            if not p.is_file():
                raise ValueError(f"{layout_path}: row {line}: count file {p} not found")
        read = [read_count_file(p) for p in paths]
        if name != TOTAL and all(len(one) == 0 for one in read):
            notes.append(
                f"{', '.join(p.name for p in paths)}: no observations (rows 'YYYY-MM-DD,count'); "
                f"camp {name!r} ({layout_path.name} row {line}) is not scored"
            )
        for p, one in zip(paths, read, strict=True):
            if one.attrs.get("rows_out_of_order"):
                rows_back = ", ".join(map(str, one.attrs["rows_out_of_order"]))
                notes.append(
                    f"{p.name}: rows {rows_back} are dated before an earlier row; read as "
                    "Flee 3.1 reads them (in file order, between the first later-dated row "
                    "and the row before it)"
                )
        series[name] = _merge_series(read, name)
        sources[name] = paths
    if TOTAL not in series:
        # Flee finds the total by its name, usually on the first row
        raise ValueError(f"{layout_path}: no row 'total,<file>' (the total refugee count)")
    total = series.pop(TOTAL)
    if corrections is not None:
        series = apply_registration_corrections(series, read_registration_corrections(corrections))
    return FleeValidationData(
        folder=folder, total=total, camps=series, sources=sources, notes=notes
    )


# --------------------------------------------------------------------------- scoring


def _aligned(
    sim: pd.DataFrame, observed: pd.DataFrame, camps: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Check and align a simulated and an observed per-camp table on the simulated days."""
    if not isinstance(sim, pd.DataFrame) or not isinstance(observed, pd.DataFrame):
        raise ValueError("sim and observed must be pandas DataFrames (index day, columns camps)")
    names = list(sim.columns) if camps is None else list(camps)
    if not names:
        raise ValueError("no camps to compare")
    missing_sim = [c for c in names if c not in sim.columns]
    if missing_sim:
        raise ValueError(f"camps missing from the simulated table: {missing_sim}")
    missing_obs = [c for c in names if c not in observed.columns]
    if missing_obs:
        raise ValueError(f"camps missing from the observed table: {missing_obs}")
    if len(sim.index) == 0:
        raise ValueError("the simulated table has no days")
    missing_days = sim.index.difference(observed.index)
    if len(missing_days) > 0:
        raise ValueError(
            f"observed table lacks {len(missing_days)} simulated day(s), first {missing_days[0]!r}"
        )
    s = sim[names].astype(float)
    o = observed.loc[sim.index, names].astype(float)
    if s.isna().any().any():
        raise ValueError("the simulated table contains missing values")
    if o.isna().any().any():
        raise ValueError("the observed table contains missing values")
    return s, o, names


def daily_relative_difference(
    sim: pd.DataFrame,
    observed: pd.DataFrame,
    *,
    camps: Sequence[str] | None = None,
    denominator: pd.Series | None = None,
    rescale: bool = False,
) -> pd.Series:
    """Relative difference per simulated day: ``sum_camps |sim - obs| / max(total, 1)``.

    Args:
        sim: simulated people per camp (index day, columns camp names).
        observed: observed people per camp on (at least) the same days.
        camps: camps to compare; default every column of ``sim`` (each must be observed).
        denominator: observed total per day; default the sum of ``observed`` over the
            compared camps (Suleimenova et al. 2017; Flee's ``plot_flee_output``). Pass the
            interpolated ``refugees.csv`` total to get Flee ``run.py``'s "Total error".
        rescale: first scale the simulated camps on each day so that they hold the observed
            number of people in camps (Flee's "rescaled" error; days without simulated
            people in camps count as 0).

    Returns:
        Series indexed like ``sim``.

    Raises:
        ValueError: for missing camps or days, or missing values.
    """
    s, o, _ = _aligned(sim, observed, camps)
    if rescale:
        sim_total = s.sum(axis=1).to_numpy()
        obs_total = o.sum(axis=1).to_numpy()
        factor = np.divide(obs_total, sim_total, out=np.zeros_like(obs_total), where=sim_total > 0)
        s = s.mul(factor, axis=0)
    if denominator is None:
        den = o.sum(axis=1)
    else:
        missing = sim.index.difference(denominator.index)
        if len(missing) > 0:
            raise ValueError(f"denominator lacks {len(missing)} simulated day(s)")
        den = denominator.loc[sim.index].astype(float)
        if den.isna().any():
            raise ValueError("the denominator contains missing values")
    diff = (s - o).abs().sum(axis=1)
    result = diff / np.maximum(den.to_numpy(), 1.0)
    return result.rename("relative_difference")


def ard(
    sim: pd.DataFrame,
    observed: pd.DataFrame,
    *,
    camps: Sequence[str] | None = None,
    denominator: pd.Series | None = None,
    rescale: bool = False,
) -> float:
    """Averaged relative difference: :func:`daily_relative_difference` averaged over days.

    See :func:`daily_relative_difference` for the arguments.
    """
    return float(
        daily_relative_difference(
            sim, observed, camps=camps, denominator=denominator, rescale=rescale
        ).mean()
    )


def camp_curves(
    sim: pd.DataFrame, observed: pd.DataFrame, *, camps: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per-camp simulated and observed curves with their differences.

    Returns:
        DataFrame indexed by day with two column levels ``(camp, quantity)``, quantity in
        ``sim``, ``obs``, ``abs_diff`` and ``rel_diff`` (``|sim/obs - 1|``, 0 where the
        observed count is 0, as Flee's ``rel_error``).
    """
    s, o, names = _aligned(sim, observed, camps)
    frames = {}
    for name in names:
        sv = s[name].to_numpy()
        ov = o[name].to_numpy()
        rel = np.divide(np.abs(sv - ov), ov, out=np.zeros_like(ov), where=ov >= 0.00001)
        frames[name] = pd.DataFrame(
            {"sim": sv, "obs": ov, "abs_diff": np.abs(sv - ov), "rel_diff": rel},
            index=s.index,
        )
    out = pd.concat(frames, axis=1, names=["camp", "quantity"])
    return out
