"""Tests of micic_sim.validation.flee_data on small hand-made Flee validation folders."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from micic_sim.validation import (
    RegistrationCorrection,
    apply_registration_corrections,
    ard,
    camp_curves,
    daily_relative_difference,
    interpolate_daily,
    read_count_file,
    read_registration_corrections,
    read_validation_folder,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "flee-conflicts"


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def make_folder(tmp_path: Path) -> Path:
    """Total plus camps A (one file) and B (two files), start date 2020-01-01."""
    folder = tmp_path / "val"
    write(folder / "data_layout.csv", "total,refugees.csv\nA,a.csv\nB,b1.csv,b2.csv\n")
    write(folder / "refugees.csv", "Date,Refugee_numbers\n2020-01-01,10\n2020-01-05,50\n")
    # A: 0 on day 2, 40 on day 6 -> day0..1 = 0, day 3 = 10, day 6+ = 40
    write(folder / "a.csv", "#DateTime,count\n2020-01-03,0\n2020-01-07,40\n")
    # B = b1 + b2: b1 constant 5; b2 from 0 (day 0) to 20 (day 4)
    write(folder / "b1.csv", ",\n2020-01-01,5\n")
    write(folder / "b2.csv", "2020-01-01,0\n# comment in the middle\n2020-01-05,20\n")
    return folder


# ------------------------------------------------------------------ count files


@pytest.mark.parametrize(
    "header",
    [
        "#DateTime,Refugees\n",
        "DateTime,Réfugiés maliens\n",
        "Date,Refugee_numbers\n",
        ",\n",
        ",\t\n",
        "\n",
        "#sep=,\t\n",
        "",
    ],
)
def test_count_file_headers(tmp_path: Path, header: str) -> None:
    path = write(tmp_path / "c.csv", header + "2020-01-01,3\n2020-01-11,13\n")
    s = read_count_file(path)
    assert list(s.index) == [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-11")]
    assert s.tolist() == [3.0, 13.0]


def test_count_file_crlf_tabs_bom_comments(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(
        "\ufeff,\r\n2020-01-01 ,\t7\r\n# note\t\r\n\r\n2020-02-01,9,extra\r\n".encode()
    )
    s = read_count_file(path)
    assert s.tolist() == [7.0, 9.0]
    assert s.index[-1] == pd.Timestamp("2020-02-01")


def test_count_file_without_rows_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", ",\n# excluded: only decreasing values\n")
    assert len(read_count_file(path)) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("2020-01-01,1\n2020-13-01,2\n", r"c\.csv: row 2: date '2020-13-01'"),
        ("2020-01-01,1\n01/02/2020,2\n", r"row 2: date '01/02/2020'"),
        ("2020-01-01,1\n2020-01-02,many\n", r"row 2: count 'many' is not a number"),
        ("2020-01-01,1\n2020-01-02,-4\n", r"row 2: count '-4' must be finite and >= 0"),
        ("2020-01-01,1\n2020-01-02,nan\n", r"row 2: count 'nan'"),
        ("2020-01-01,1\n2020-01-02\n", r"row 2: missing count"),
        ("Date,count\n2020-01-01,1\n\n2020-01-0x,2\n", r"row 4: date '2020-01-0x'"),
        # a malformed first row is data, not a header
        ("2020-01-01,many\n", r"row 1: count 'many' is not a number"),
        ("2020-13-01,5\n", r"row 1: date '2020-13-01'"),
    ],
)
def test_count_file_errors(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path / "c.csv", body)
    with pytest.raises(ValueError, match=message):
        read_count_file(path)


def _flee_reads(rows: list[tuple[int, float]], day: int) -> float:
    """Flee 3.1's rule (DataTable.get_interpolated_data), rows in *file* order: the first
    row's value on and before its day; else between the first row dated after ``day`` and
    the row before it in the file; the last row's value when no row is later."""
    if day <= rows[0][0]:
        return rows[0][1]
    for i in range(1, len(rows)):
        if day < rows[i][0]:
            (d0, v0), (d1, v1) = rows[i - 1], rows[i]
            return v0 + (day - d0) / (d1 - d0) * (v1 - v0)
    return rows[-1][1]


@pytest.mark.parametrize(
    "rows",
    [
        # FabFlee's Mali 2017 refugees.csv pattern: a block of earlier dates, then later ones
        [(0, 10), (30, 20), (90, 25), (40, 15), (60, 17), (10, 12), (30, 22), (90, 40), (120, 41)],
        [(5, 1), (2, 2)],  # goes back, never forward again: the last row holds after day 5
        [(0, 0), (10, 10), (10, 30), (4, 7), (20, 50), (20, 55)],  # repeats and a step back
        [(3, 9), (1, 4), (8, 20), (2, 6), (9, 21)],  # before the first date; bounds from behind
    ],
)
def test_count_file_rows_out_of_date_order_read_as_flee_reads_them(
    tmp_path: Path, rows: list[tuple[int, float]]
) -> None:
    start = pd.Timestamp("2020-01-01")
    body = "".join(f"{(start + pd.Timedelta(days=d)).date()},{v}\n" for d, v in rows)
    series = read_count_file(write(tmp_path / "c.csv", body))
    back = [i + 1 for i in range(1, len(rows)) if rows[i][0] < max(d for d, _ in rows[:i])]
    assert series.attrs["rows_out_of_order"] == back
    assert series.tolist() == [v for _, v in rows]  # kept in file order, as Flee keeps them
    days = max(d for d, _ in rows) + 5
    got = interpolate_daily(series, start, days).to_numpy()
    want = [_flee_reads(rows, day) for day in range(days)]
    np.testing.assert_allclose(got, want, atol=1e-9)


def test_registration_correction_acts_on_rows_in_file_order_as_flee(tmp_path: Path) -> None:
    """Flee scales every row *above* each row dated on the correction day (file order),
    then reads the rows as above: FabFlee's Nigeria 2016 Cameroon file has its correction
    day twice, once out of order."""
    rows = [(0, 10.0), (30, 20.0), (60, 40.0), (20, 30.0), (60, 50.0), (90, 55.0)]
    start = pd.Timestamp("2020-01-01")
    body = "".join(f"{(start + pd.Timedelta(days=d)).date()},{v:g}\n" for d, v in rows)
    camps = {"A": read_count_file(write(tmp_path / "a.csv", body))}
    day60 = (start + pd.Timedelta(days=60)).date()
    corrected = apply_registration_corrections(
        camps, [RegistrationCorrection("A", pd.Timestamp(day60))]
    )["A"]
    want = [list(r) for r in rows]
    for i in (2, 4):  # Flee's correctLevel1Registrations, row by row
        factor = want[i][1] / want[i - 1][1]
        for row in want[:i]:
            row[1] *= factor
    got = interpolate_daily(corrected, start, 95).to_numpy()
    expected = [_flee_reads([tuple(r) for r in want], day) for day in range(95)]
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_validation_folder_notes_rows_out_of_order(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    assert read_validation_folder(folder).notes == []
    total = folder / "refugees.csv"
    write(total, total.read_text() + "2020-01-02,99\n")
    notes = read_validation_folder(folder).notes
    assert len(notes) == 1 and notes[0].startswith("refugees.csv: rows ")
    assert "dated before an earlier row" in notes[0]


def test_count_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nope.csv: file not found"):
        read_count_file(tmp_path / "nope.csv")


# ------------------------------------------------------------------ interpolation


def test_interpolation_follows_flee_convention() -> None:
    s = pd.Series([10.0, 30.0], index=pd.to_datetime(["2020-01-03", "2020-01-07"]))
    d = interpolate_daily(s, "2020-01-01", 10)
    # before the first observation: the first value (Flee's get_interpolated_data)
    assert d.tolist() == [10, 10, 10, 15, 20, 25, 30, 30, 30, 30]
    assert d.index.name == "day"
    assert list(d.index) == list(range(10))


def test_interpolation_truncates_like_flee() -> None:
    s = pd.Series([0.0, 10.0], index=pd.to_datetime(["2020-01-01", "2020-01-04"]))
    assert interpolate_daily(s, "2020-01-01", 5).round(6).tolist() == [
        0,
        3.333333,
        6.666667,
        10,
        10,
    ]
    assert interpolate_daily(s, "2020-01-01", 5, truncate=True).tolist() == [0, 3, 6, 10, 10]


def test_interpolation_start_after_observations_and_jump() -> None:
    s = pd.Series(
        [0.0, 10.0, 50.0, 60.0],
        index=pd.to_datetime(["2020-01-01", "2020-01-03", "2020-01-03", "2020-01-05"]),
    )
    d = interpolate_daily(s, "2020-01-02", 4)
    # day0 = 01-02 halfway to the first 01-03 value; 01-03 takes the last repeated value
    assert d.tolist() == [5, 50, 55, 60]


@pytest.mark.parametrize("n_days", [0, -1, 2.5, True])
def test_interpolation_bad_days(n_days: object) -> None:
    s = pd.Series([1.0], index=pd.to_datetime(["2020-01-01"]))
    with pytest.raises(ValueError, match="n_days"):
        interpolate_daily(s, "2020-01-01", n_days)  # type: ignore[arg-type]


def test_interpolation_bad_start_and_empty() -> None:
    s = pd.Series([1.0], index=pd.to_datetime(["2020-01-01"]))
    with pytest.raises(ValueError, match="start_date '2020/01/01'"):
        interpolate_daily(s, "2020/01/01", 3)
    empty = pd.Series([], index=pd.DatetimeIndex([]), dtype=float, name="x.csv")
    with pytest.raises(ValueError, match="'x.csv' has no observations"):
        interpolate_daily(empty, "2020-01-01", 3)


# ------------------------------------------------------------------ folders


def test_read_folder_and_daily(tmp_path: Path) -> None:
    v = read_validation_folder(make_folder(tmp_path))
    assert v.camp_names == ["A", "B"]
    obs = v.daily("2020-01-01", 8)
    assert obs["A"].tolist() == [0, 0, 0, 10, 20, 30, 40, 40]
    # B = 5 + (0, 5, 10, 15, 20, 20, ...)
    assert obs["B"].tolist() == [5, 10, 15, 20, 25, 25, 25, 25]
    assert v.daily_total("2020-01-01", 6).tolist() == [10, 20, 30, 40, 50, 50]
    assert list(v.daily("2020-01-01", 2, camps=["B"]).columns) == ["B"]
    with pytest.raises(ValueError, match="no camp named 'C'"):
        v.daily("2020-01-01", 2, camps=["C"])


def test_empty_camp_skipped_unless_requested(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    write(folder / "data_layout.csv", "total,refugees.csv\nA,a.csv\nE,e.csv\n")
    write(folder / "e.csv", ",\n# no data\n")
    v = read_validation_folder(folder)
    assert v.camp_names == ["A"]
    assert any("e.csv: no observations" in n and "'E'" in n for n in v.notes)  # a warning
    with pytest.raises(ValueError, match="camp 'E' has no observations in .*e.csv"):
        v.daily("2020-01-01", 3, camps=["E"])


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("A,a.csv\n", r"data_layout.csv: no row 'total,<file>'"),
        ("total,refugees.csv\nA\n", r"data_layout.csv: row 2: 'A' names no count file"),
        ("total,refugees.csv\nA,a.csv\nA,a.csv\n", r"row 3: 'A' is listed twice"),
        ("total,refugees.csv\nA,missing.csv\n", r"row 2: count file .*missing.csv not found"),
        ("total,refugees.csv\ntotal,a.csv\n", r"row 2: 'total' is listed twice"),
        ("# only a comment\n", r"empty layout"),
    ],
)
def test_layout_errors(tmp_path: Path, layout: str, message: str) -> None:
    folder = make_folder(tmp_path)
    write(folder / "data_layout.csv", layout)
    with pytest.raises(ValueError, match=message):
        read_validation_folder(folder)


def test_missing_layout(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="data_layout.csv: file not found"):
        read_validation_folder(tmp_path)


def test_malformed_count_file_in_folder(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    write(folder / "a.csv", "2020-01-03,0\n2020-01-07,forty\n")
    with pytest.raises(ValueError, match=r"a.csv: row 2: count 'forty'"):
        read_validation_folder(folder)


# ------------------------------------------------------------------ corrections


def test_registration_corrections(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    # A: 100 on 01-01, 200 on 01-03 (last level-1 count), 50 on 01-05 (first level-2 count)
    write(folder / "a.csv", "2020-01-01,100\n2020-01-03,200\n2020-01-05,50\n")
    corr = write(tmp_path / "registration_corrections.csv", '"A","2020-01-05","normalize"\n')
    v = read_validation_folder(folder, corrections=corr)
    # earlier counts scaled by 50/200
    assert v.camps["A"].tolist() == [25, 50, 50]
    assert v.daily("2020-01-01", 5)["A"].tolist() == [25, 37.5, 50, 50, 50]
    assert read_validation_folder(folder).camps["A"].tolist() == [100, 200, 50]


def test_registration_correction_errors(tmp_path: Path) -> None:
    camps = {"A": pd.Series([0.0, 5.0], index=pd.to_datetime(["2020-01-01", "2020-01-02"]))}
    day = pd.Timestamp("2020-01-02")
    with pytest.raises(ValueError, match="camp 'Z' is not in the validation data"):
        apply_registration_corrections(camps, [RegistrationCorrection("Z", day)])
    with pytest.raises(ValueError, match="no observation on 2020-01-03"):
        apply_registration_corrections(
            camps, [RegistrationCorrection("A", pd.Timestamp("2020-01-03"))]
        )
    with pytest.raises(ValueError, match="before 2020-01-02 is 0"):
        apply_registration_corrections(camps, [RegistrationCorrection("A", day)])
    with pytest.raises(ValueError, match="first observation"):
        apply_registration_corrections(
            camps, [RegistrationCorrection("A", pd.Timestamp("2020-01-01"))]
        )
    bad = write(tmp_path / "rc.csv", "A,2020-01-02\nB,2020-02-30\n")
    with pytest.raises(ValueError, match=r"rc.csv: row 2: date '2020-02-30'"):
        read_registration_corrections(bad)
    bad = write(tmp_path / "rc.csv", "A,2020-01-02,double\n")
    with pytest.raises(ValueError, match=r"row 1: unknown correction mode 'double'"):
        read_registration_corrections(bad)
    bad = write(tmp_path / "rc.csv", "#name,date\nA\n")
    with pytest.raises(ValueError, match=r"row 2: expected 'camp,YYYY-MM-DD'"):
        read_registration_corrections(bad)


# ------------------------------------------------------------------ ARD


def frame(data: dict[str, list[float]]) -> pd.DataFrame:
    df = pd.DataFrame(data)
    df.index.name = "day"
    return df


OBS = frame({"A": [10, 20, 30], "B": [0, 10, 10]})
SIM = frame({"A": [5, 20, 40], "B": [0, 0, 10]})


def test_ard_hand_computed() -> None:
    # day0: 5/10; day1: 10/30; day2: 10/40
    daily = daily_relative_difference(SIM, OBS)
    assert daily.tolist() == pytest.approx([0.5, 1 / 3, 0.25])
    assert ard(SIM, OBS) == pytest.approx((0.5 + 1 / 3 + 0.25) / 3)


def test_ard_with_total_denominator() -> None:
    total = pd.Series([20.0, 40.0, 50.0])
    assert ard(SIM, OBS, denominator=total) == pytest.approx((0.25 + 0.25 + 0.2) / 3)


def test_ard_rescaled() -> None:
    # sim totals 5, 20, 50 -> scaled by 2, 1.5, 0.8: A 10, 30, 32; B 0, 0, 8
    assert ard(SIM, OBS, rescale=True) == pytest.approx((0 + 20 / 30 + 4 / 40) / 3)


def test_ard_subset_and_zero_denominator() -> None:
    assert ard(SIM, OBS, camps=["B"]) == pytest.approx((0 + 10 / 10 + 0) / 3)
    zero = frame({"A": [0.0, 0.0]})
    assert ard(frame({"A": [3.0, 0.0]}), zero) == pytest.approx((3 / 1 + 0) / 2)


def test_ard_only_simulated_days() -> None:
    sim = SIM.iloc[1:]
    assert ard(sim, OBS) == pytest.approx((1 / 3 + 0.25) / 2)


def test_ard_errors() -> None:
    with pytest.raises(ValueError, match=r"missing from the observed table: \['C'\]"):
        ard(SIM.assign(C=1.0), OBS)
    with pytest.raises(ValueError, match="missing from the simulated table"):
        ard(SIM, OBS, camps=["Z"])
    with pytest.raises(ValueError, match="lacks 1 simulated day"):
        ard(frame({"A": [1.0, 2, 3, 4]}), OBS)
    with pytest.raises(ValueError, match="missing values"):
        ard(frame({"A": [1.0, np.nan, 3]}), OBS)
    with pytest.raises(ValueError, match="no days"):
        ard(SIM.iloc[:0], OBS)
    with pytest.raises(ValueError, match="denominator lacks"):
        ard(SIM, OBS, denominator=pd.Series([1.0]))


def test_ard_from_folder(tmp_path: Path) -> None:
    v = read_validation_folder(make_folder(tmp_path))
    obs = v.daily("2020-01-01", 4)  # A 0,0,0,10; B 5,10,15,20
    sim = frame({"A": [0, 5, 0, 10], "B": [5, 10, 10, 10]})
    # day0 0/5, day1 5/10, day2 5/15, day3 10/30
    assert ard(sim, obs) == pytest.approx((0 + 0.5 + 1 / 3 + 1 / 3) / 4)
    total = v.daily_total("2020-01-01", 4)  # 10, 20, 30, 40
    assert ard(sim, obs, denominator=total) == pytest.approx((0 + 5 / 20 + 5 / 30 + 10 / 40) / 4)


def test_camp_curves() -> None:
    curves = camp_curves(SIM, OBS)
    assert curves["A"]["sim"].tolist() == [5, 20, 40]
    assert curves["A"]["obs"].tolist() == [10, 20, 30]
    assert curves["A"]["abs_diff"].tolist() == [5, 0, 10]
    assert curves["A"]["rel_diff"].tolist() == pytest.approx([0.5, 0, 1 / 3])
    # observed 0 gives relative difference 0, as Flee's rel_error
    assert curves["B"]["rel_diff"].tolist() == [0, 1, 0]
    assert list(curves.columns.names) == ["camp", "quantity"]


# ------------------------------------------------------------------ shipped cases


@pytest.mark.parametrize(
    ("case", "folder", "start", "days", "n_camps"),
    [("mali", "mali2012", "2012-02-29", 300, 7), ("car", "car2013", "2013-12-01", 820, 15)],
)
def test_shipped_validation_folders(
    case: str, folder: str, start: str, days: int, n_camps: int
) -> None:
    root = SHARED / "validation" / folder
    if not root.is_dir():
        pytest.skip("shared flee-conflicts data not available")
    corrections = SHARED / "input" / case / "registration_corrections.csv"
    v = read_validation_folder(root, corrections=corrections)
    obs = v.daily(start, days)
    assert obs.shape == (days, n_camps)
    assert (obs.to_numpy() >= 0).all()
    assert ard(obs, obs) == 0.0
    assert v.daily_total(start, days).iloc[-1] > 0


def test_total_row_anywhere_in_the_layout(tmp_path: Path) -> None:
    """Flee finds the total by its name (FabFlee's mali2017 lists it last)."""
    folder = make_folder(tmp_path)
    first = read_validation_folder(folder)
    lines = (folder / "data_layout.csv").read_text().splitlines()
    write(folder / "data_layout.csv", "\n".join([*lines[1:], lines[0]]) + "\n")
    last = read_validation_folder(folder)
    assert last.camp_names == first.camp_names
    pd.testing.assert_series_equal(last.total, first.total)
