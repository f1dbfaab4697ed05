# ruff: noqa: E501  (the table of broken inputs reads best one case per line)
"""Tests of micic_sim.scenario.flee_import on small hand-made Flee folders and the shipped cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from micic_sim.scenario import ScenarioError, load_scenario
from micic_sim.scenario.flee_import import (
    CROSSING_KM,
    UNLIMITED_CROSSING,
    conflict_states,
    import_flee,
    read_flee_input,
)
from micic_sim.validation import read_validation_folder

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "flee-conflicts"

LOCATIONS = """\
#name,region,country,lat,lon,location_type,conflict_date,population
A,R,Home,10,10,conflict_zone,0,3000
B,R,Home,10.5,10.5,conflict_zone,2,1000
T,R,Home,11,11,town,,500
C,R,Abroad,12,12,camp,,5000
H,R,Abroad,12.5,12.5,forwarding_hub,,0
D,R,Other,13,13,camp,,0
"""
ROUTES = """\
#name1,name2,distance,forced_redirection
A,T,100,0
B,T,50,0
T,C,80,0
T,H,60
H,D,40,0
"""
CLOSURES = """\
#closure_type,name1,name2,closure_start,closure_end
country,Home,Abroad,1,3
"""
CONFLICTS = """\
#Day,A,B
0,1,0
1,1,0
2,1,0.5
3,1,0.5
4,0,0.5
"""
SIM_PERIOD = "StartDate,2020-01-01\nLength,5\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_input(tmp_path: Path, **override: str | None) -> Path:
    """A tiny Flee case; keyword arguments replace a file's text (None leaves it out)."""
    folder = tmp_path / "input"
    files = {
        "locations": LOCATIONS,
        "routes": ROUTES,
        "closures": CLOSURES,
        "conflicts": CONFLICTS,
        "sim_period": SIM_PERIOD,
    }
    files.update(override)
    for name, text in files.items():
        if text is not None:
            write(folder / f"{name}.csv", text)
    return folder


def import_route_to_camp_abroad(
    tmp_path: Path, name: str, days: int, per_day: int, km: int = 30
) -> Path:
    """Flee's smallest case with a border: route A - C (`km`, default 30), A a conflict zone at
    home, C a camp abroad (the importer puts a border post on the route), `per_day` people
    displaced from A each day; imported as scenario `name`."""
    locations = (
        "#name,region,country,lat,lon,location_type,conflict_date,population\n"
        "A,R,Home,10,10,conflict_zone,0,100000\nC,R,Abroad,10.2,10.2,camp,,0\n"
    )
    folder = make_input(
        tmp_path,
        locations=locations,
        routes=f"#name1,name2,distance\nA,C,{km}\n",
        closures=None,
        conflicts=None,
        sim_period=f"StartDate,2020-01-01\nLength,{days}\n",
    )
    return import_flee(folder, tmp_path, name, displaced_per_conflict_day=per_day)


def make_validation(tmp_path: Path) -> Path:
    folder = tmp_path / "validation"
    write(folder / "data_layout.csv", "total,refugees.csv\nC,c.csv\nD,d.csv\n")
    # total 100, 200, 300, 400, 500 on days 0..4: 100 new people on each of days 1..4
    write(folder / "refugees.csv", "Date,Refugee_numbers\n2020-01-01,100\n2020-01-05,500\n")
    write(folder / "c.csv", "#Date,count\n2020-01-01,60\n")
    write(folder / "d.csv", "2020-01-01,40\n")
    return folder


def counts(root: Path) -> dict[tuple[str, int], int]:
    pop = pd.read_csv(root / "population.csv")
    return {
        (p, int(d)): int(c) for p, d, c in zip(pop["place"], pop["day"], pop["count"], strict=True)
    }


# ------------------------------------------------------------------ good input


def test_import_data_driven(tmp_path: Path) -> None:
    root = import_flee(
        make_input(tmp_path), tmp_path / "out", "tiny", validation=make_validation(tmp_path)
    )
    assert root == tmp_path / "out" / "tiny"
    # day 0: camps hold their observed counts; days 1-4: 100 new people each, split over the
    # active conflict zones by population x intensity (A 3000 x 1, B 1000 x 0.5 from day 2,
    # A stops on day 4): 100 | 86 + 14 | 86 + 14 | 100 (largest remainder)
    assert counts(root) == {
        ("C", 0): 60,
        ("D", 0): 40,
        ("A", 1): 100,
        ("A", 2): 86,
        ("B", 2): 14,
        ("A", 3): 86,
        ("B", 3): 14,
        ("B", 4): 100,
    }
    sc = load_scenario(root)
    assert sc.name == "tiny"
    assert sc.start_date.isoformat() == "2020-01-01"
    assert sc.days == 5
    assert sc.host_country == "Home"
    assert [n.id for n in sc.nationalities] == ["Home"]
    places = sc.places.set_index("id")
    assert places.loc["A", "kind"] == "city"
    assert places.loc["T", "kind"] == "city"
    assert places.loc["C", "kind"] == "reception"
    assert places.loc["C", "capacity"] == 5000
    assert places.loc["D", "capacity"] == -1  # Flee: capacity 0 means unlimited
    assert places.loc["H", "kind"] == "transit"
    assert places.loc["exit_T_C", "kind"] == "border_exit"
    assert places.loc["exit_T_C", "country"] == "Home"
    assert places.loc["exit_T_C", "lat"] == pytest.approx(11.5)
    links = sc.links.set_index("id")
    assert set(links.index) == {
        "A--T",
        "B--T",
        "T--exit_T_C",
        "T--exit_T_H",
        "H--D",
        "C--T",
        "H--T",
    }
    # the whole route is on the road to the post: a crossing is served where it is reached
    assert links.loc["T--exit_T_C", "distance_km"] == 80
    assert (links["mode"] == "road").all()
    # Flee's routes are two-way: the way back from abroad is a one-way road of the full length
    assert links.loc["C--T", "distance_km"] == 80 and not links.loc["C--T", "two_way"]
    assert (links["two_way"] == ~links.index.isin(["C--T", "H--T"])).all()
    crossings = sc.crossings.set_index("id")
    assert crossings.loc["x_T--C", "entry_place"] == "C"
    assert crossings.loc["x_T--C", "distance_km"] == CROSSING_KM
    assert crossings.loc["x_T--H", "distance_km"] == CROSSING_KM
    assert (crossings["documents"] == "none").all()
    assert (crossings["daily_capacity"] == UNLIMITED_CROSSING).all()
    events = [
        (int(d), e, t, None if pd.isna(v) else float(v))
        for d, e, t, v in sc.timeline[["day", "event", "target", "value"]].itertuples(index=False)
    ]
    assert events == [
        (0, "hazard", "A", 1.0),
        (1, "close_crossing", "x_T--C", None),
        (1, "close_link", "C--T", None),
        (1, "close_crossing", "x_T--H", None),
        (1, "close_link", "H--T", None),
        (2, "hazard", "B", 0.5),
        (3, "open_crossing", "x_T--C", None),
        (3, "open_link", "C--T", None),
        (3, "open_crossing", "x_T--H", None),
        (3, "open_link", "H--T", None),
        (4, "hazard", "A", 0.0),
    ]
    notes = sc.extra["notes"]
    assert notes["camps"] == {"C": "C", "D": "D"}
    assert notes["people"] == 500
    assert "forced_redirection" not in " ".join(notes["warnings"])
    assert (root / "SOURCES.md").is_file()
    v = read_validation_folder(root / notes["observed"])
    assert v.camp_names == ["C", "D"]


def test_import_conflict_driven(tmp_path: Path) -> None:
    root = import_flee(make_input(tmp_path), tmp_path, "cd", displaced_per_conflict_day=100)
    # A: 100 on days 0-3 (conflict ends on day 4); B: 50 (intensity 0.5) on days 2-4
    assert counts(root) == {
        ("A", 0): 100,
        ("A", 1): 100,
        ("A", 2): 100,
        ("B", 2): 50,
        ("A", 3): 100,
        ("B", 3): 50,
        ("B", 4): 50,
    }
    load_scenario(root)
    assert not (root / "observed").exists()


def test_conflict_driven_stops_at_population(tmp_path: Path) -> None:
    root = import_flee(make_input(tmp_path), tmp_path, "cd", displaced_per_conflict_day=1000)
    c = counts(root)
    assert sum(n for (p, _), n in c.items() if p == "A") == 3000
    assert sum(n for (p, _), n in c.items() if p == "B") == 1000
    assert c[("B", 2)] == 500


def test_without_conflicts_file_uses_conflict_date(tmp_path: Path) -> None:
    inp = read_flee_input(make_input(tmp_path, conflicts=None))
    states = conflict_states(inp)
    assert states[:, 0].tolist() == [1, 1, 1, 1, 1]  # A from day 0
    assert states[:, 1].tolist() == [-1, -1, 1, 1, 1]  # B from its conflict_date 2


def test_flee_quirks_tolerated(tmp_path: Path) -> None:
    """Quoted names, '#"name"' headers, short route rows, trailing commas, CRLF, spaces."""
    locations = LOCATIONS.replace("#name,region", '#"name","region"').replace(
        "A,R,Home", '"A","R","Home"'
    )
    conflicts = "#Day, A, B,\r\n" + "".join(
        f"{d}, {a}, {b}\r\n"
        for d, a, b in [(0, 1, 0), (1, 1, 0), (2, 1, 0.5), (3, 1, 0.5), (4, 0, 0.5)]
    )
    folder = make_input(
        tmp_path, locations=locations, conflicts=conflicts, routes=ROUTES.replace(",0\n", "\n")
    )
    root = import_flee(folder, tmp_path, "q", validation=make_validation(tmp_path))
    assert counts(root)[("B", 4)] == 100
    load_scenario(root)


def test_names_become_ids(tmp_path: Path) -> None:
    locations = LOCATIONS.replace("\nT,R", "\nKaga Bandoro,R").replace("\nC,R", "\nCamp Sé,R")
    routes = ROUTES.replace("T,", "Kaga Bandoro,").replace(",C,", ",Camp Sé,")
    root = import_flee(
        make_input(tmp_path, locations=locations, routes=routes),
        tmp_path,
        "n",
        displaced_per_conflict_day=10,
    )
    sc = load_scenario(root)
    places = sc.places.set_index("id")
    assert places.loc["Kaga_Bandoro", "name"] == "Kaga Bandoro"
    assert places.loc["Camp_Se", "name"] == "Camp Sé"
    assert "x_Kaga_Bandoro--Camp_Se" in set(sc.crossings["id"])
    assert sc.extra["notes"]["camps"]["Camp_Se"] == "Camp Sé"


def test_other_closures(tmp_path: Path) -> None:
    closures = (
        "#closure_type,name1,name2,closure_start,closure_end\n"
        "link,A,T,1,2\nlocation,B,,2,4\ncamp,D,,0,5\nremove_forced_redirection,A,T,0,1\n"
        "country,Abroad,Other,3,4\n"
    )
    root = import_flee(
        make_input(tmp_path, closures=closures), tmp_path, "c", displaced_per_conflict_day=10
    )
    sc = load_scenario(root)
    rows = set(zip(sc.timeline["day"], sc.timeline["event"], sc.timeline["target"], strict=True))
    assert {(1, "close_link", "A--T"), (2, "open_link", "A--T")} <= rows
    assert {(2, "close_link", "B--T"), (4, "open_link", "B--T")} <= rows
    assert {(0, "close_link", "H--D"), (5, "open_link", "H--D")} <= rows
    assert {(3, "close_link", "H--D"), (4, "open_link", "H--D")} <= rows
    warnings = " ".join(sc.extra["notes"]["warnings"])
    assert "remove_forced_redirection ignored" in warnings
    assert "camp closure of D" in warnings


def test_existing_folder_and_bad_name(tmp_path: Path) -> None:
    folder = make_input(tmp_path)
    import_flee(folder, tmp_path, "x", displaced_per_conflict_day=10)
    with pytest.raises(FileExistsError):
        import_flee(folder, tmp_path, "x", displaced_per_conflict_day=10)
    import_flee(folder, tmp_path, "x", displaced_per_conflict_day=10, overwrite=True)
    with pytest.raises(ValueError, match="scenario name"):
        import_flee(folder, tmp_path, "bad name")


# ------------------------------------------------------------------ broken input

BAD = [
    # Flee's template traps
    (
        "locations",
        LOCATIONS.lstrip("#"),
        r"locations.csv, row 1: looks like a header row without '#'",
    ),
    ("routes", ROUTES.lstrip("#"), r"routes.csv, row 1: looks like a header row without '#'"),
    ("closures", CLOSURES.lstrip("#"), r"closures.csv, row 1: looks like a header row without"),
    (
        "routes",
        ROUTES + "A,Tx,10,0\n",
        r"routes.csv, row 7, field 'name2': unknown location 'Tx' \(did you mean 'T'\?\)",
    ),
    (
        "routes",
        ROUTES + "A,A,10,0\n",
        r"routes.csv, row 7, field 'name2': route from 'A' to itself",
    ),
    (
        "routes",
        ROUTES + "A,C,ten,0\n",
        r"routes.csv, row 7, field 'distance': 'ten' is not a number",
    ),
    ("routes", ROUTES + "A,C,-5,0\n", r"routes.csv, row 7, field 'distance': -5.0 must be > 0"),
    (
        "routes",
        ROUTES + "A,C,5,3\n",
        r"routes.csv, row 7, field 'forced_redirection': '3' is not 0, 1 or 2",
    ),
    ("routes", ROUTES + "A,C\n", r"routes.csv, row 7: has 2 cells"),
    (
        "locations",
        LOCATIONS + "E,R,Abroad,north,1,camp,,5\n",
        r"locations.csv, row 8, field 'lat': 'north' is not a number",
    ),
    (
        "locations",
        LOCATIONS + "E,R,Abroad,95,1,camp,,5\n",
        r"row 8, field 'lat': 95.0 is not a latitude",
    ),
    ("locations", LOCATIONS + "E,R,Abroad,,1,camp,,5\n", r"row 8, field 'lat': is empty"),
    (
        "locations",
        LOCATIONS + "E,R,Home,1,1,conflict_zone,,5\n",
        r"row 8, field 'conflict_date': is empty",
    ),
    (
        "locations",
        LOCATIONS + "E,R,Home,1,1,conflict_zone,x,5\n",
        r"row 8, field 'conflict_date': 'x' is not a number",
    ),
    (
        "locations",
        LOCATIONS + "E,R,Abroad,1,1,camp,,12.5\n",
        r"row 8, field 'population': '12.5' is not a whole number",
    ),
    (
        "locations",
        LOCATIONS + "E,R,Abroad,1,1,camp,,-2\n",
        r"row 8, field 'population': must be >= 0",
    ),
    (
        "locations",
        LOCATIONS + "A,R,Home,1,1,town,,5\n",
        r"row 8, field 'name': duplicate location 'A' \(first at row 2\)",
    ),
    ("locations", LOCATIONS + "E,R,,1,1,town,,5\n", r"row 8, field 'country': is empty"),
    ("locations", LOCATIONS + ",R,Home,1,1,town,,5\n", r"row 8, field 'name': is empty"),
    ("locations", LOCATIONS + "E,R,Home,1\n", r"row 8: has 4 cells"),
    ("locations", "#name,region\n", r"locations.csv: has no locations"),
    (
        "closures",
        CLOSURES + "country,Home,Abroad,x,2\n",
        r"row 3, field 'closure_start': 'x' is not a number",
    ),
    (
        "conflicts",
        CONFLICTS.split("\n", 1)[1],
        r"conflicts.csv, row 1: the first row must be the header",
    ),
    (
        "conflicts",
        CONFLICTS.replace("#Day,A,B", "#Day,A,,B"),
        r"row 1: column 3 has no location name",
    ),
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "3,1,high"),
        r"row 5, field 'B': 'high' is not a number",
    ),
    # a short row feeds only A: B has 4 values for 5 days (Flee: IndexError on day 4)
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "3,1"),
        r"conflicts.csv, field 'B': 4 values \(rows shorter than the header give it none\) but "
        r"sim_period.csv asks for 5 days \(Flee would fail with an IndexError on day 4\)",
    ),
    ("conflicts", CONFLICTS.replace("3,1,0.5", "3,1,"), r"row 5, field 'B': is empty"),
    (
        "conflicts",
        CONFLICTS.replace("#Day,A,B\n", "#Day,A,B\n# from ACLED, weekly\n"),
        r"row 2, field 'A': 'weekly' is not a number \(Flee reads every row with values after "
        r"the header as a day, even one starting with '#'\)",
    ),
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "3,1,0.5,1"),
        r"row 5: has 4 cells but the header names 2",
    ),
    (
        "conflicts",
        CONFLICTS.replace("4,0,0.5\n", ""),
        r"conflicts.csv: has 4 day rows but sim_period.csv asks for 5",
    ),
    ("sim_period", "StartDate,2020-01-01\n", r"sim_period.csv, field 'Length': missing row"),
    (
        "sim_period",
        "StartDate,01/01/2020\nLength,5\n",
        r"sim_period.csv, row 1, field 'StartDate': '01/01/2020' is not",
    ),
    (
        "sim_period",
        "StartDate,2020-01-01\nLength,five\n",
        r"row 2, field 'Length': 'five' is not a number",
    ),
    ("sim_period", "StartDate,2020-01-01\nLength,0\n", r"row 2, field 'Length': must be > 0"),
    ("sim_period", "Start,2020-01-01\nLength,5\n", r"field 'StartDate': missing row"),
    ("locations", None, r"locations.csv: file is missing"),
]


@pytest.mark.parametrize(("file", "text", "message"), BAD)
def test_broken_input(tmp_path: Path, file: str, text: str | None, message: str) -> None:
    folder = make_input(tmp_path, **{file: text})
    with pytest.raises(ScenarioError, match=message) as info:
        import_flee(folder, tmp_path / "out", "broken", displaced_per_conflict_day=10)
    assert isinstance(info.value, ValueError)
    assert not (tmp_path / "out" / "broken").exists()


def test_id_collision(tmp_path: Path) -> None:
    locations = LOCATIONS + "Kaga Bandoro,R,Home,1,1,town,,5\nKaga_Bandoro,R,Home,1,1,town,,5\n"
    folder = make_input(tmp_path, locations=locations)
    with pytest.raises(
        ScenarioError,
        match=r"row 9, field 'name': 'Kaga_Bandoro' and 'Kaga "
        r"Bandoro' \(row 8\) both become the place id",
    ):
        import_flee(folder, tmp_path, "x", displaced_per_conflict_day=10)


def test_data_driven_needs_a_conflict(tmp_path: Path) -> None:
    conflicts = "#Day,A,B\n" + "".join(f"{d},0,0\n" for d in range(5))
    locations = LOCATIONS.replace("conflict_zone,0,3000", "conflict_zone,1,3000")
    folder = make_input(tmp_path, conflicts=conflicts, locations=locations)
    with pytest.raises(ScenarioError, match=r"day 1: 100 people must appear but no conflict"):
        import_flee(folder, tmp_path, "x", validation=make_validation(tmp_path))


def test_nobody_displaced(tmp_path: Path) -> None:
    conflicts = "#Day,A,B\n" + "".join(f"{d},0,0\n" for d in range(5))
    locations = LOCATIONS.replace("conflict_zone,0,3000", "conflict_zone,1,3000")
    folder = make_input(tmp_path, conflicts=conflicts, locations=locations)
    with pytest.raises(ScenarioError, match="nobody is displaced"):
        import_flee(folder, tmp_path, "x")


def test_malformed_validation(tmp_path: Path) -> None:
    validation = make_validation(tmp_path)
    write(validation / "c.csv", "2020-01-01,sixty\n")
    with pytest.raises(ValueError, match=r"c.csv: row 1: count 'sixty' is not a number"):
        import_flee(make_input(tmp_path), tmp_path, "x", validation=validation)


# ------------------------------------------------------------------ shipped cases


@pytest.mark.parametrize(
    ("case", "validation", "days", "camps", "crossings", "people"),
    [
        # people: Flee 3.1's own run of these folders ends with exactly this many agents
        ("mali", "mali2012", 300, 7, 9, 148063),
        ("car", "car2013", 820, 14, 13, 481934),
    ],
)
def test_shipped_cases(
    tmp_path: Path,
    case: str,
    validation: str,
    days: int,
    camps: int,
    crossings: int,
    people: int | None,
) -> None:
    if not (SHARED / "input" / case).is_dir():
        pytest.skip("shared flee-conflicts data not available")
    root = import_flee(
        SHARED / "input" / case,
        tmp_path,
        f"flee_{case}",
        validation=SHARED / "validation" / validation,
    )
    sc = load_scenario(root)
    assert sc.days == days
    assert len(sc.crossings) == crossings
    notes = sc.extra["notes"]
    assert len(notes["camps"]) == camps
    total = int(sc.population["count"].sum())
    assert total == notes["people"]
    if people is not None:
        assert total == people
    assert (sc.timeline["event"] == "hazard").sum() > 0
    assert sc.timeline["event"].str.startswith("close_").sum() > 0
    assert sc.population["day"].max() > 0
    meta = yaml.safe_load((root / "scenario.yaml").read_text(encoding="utf-8"))
    assert meta["host_country"] == {"mali": "Mali", "car": "CAR"}[case]
    observed = read_validation_folder(
        root / "observed" / "flee",
        corrections=root / "observed" / "flee" / "registration_corrections.csv",
    )
    assert set(notes["camps"].values()) <= set(observed.camps)
    # conflict-driven import of the same input also loads
    load_scenario(import_flee(SHARED / "input" / case, tmp_path, f"flee_{case}_cd"))


CASES = Path(__file__).resolve().parents[1] / "experiments" / "flee_validation" / "cases"


@pytest.mark.parametrize(
    ("case", "host", "camps"),
    [
        ("mali2022_2024", "Mali", 10),
        ("ethiopia2020", "Ethiopia", 4),
        ("nigeria2022_2024", "Nigeria", 4),
        ("mali2017", "Mali", 14),
        ("nigeria2016", "Nigeria", 3),
    ],
)
def test_stored_fabflee_case_imports_without_manual_edits(
    tmp_path: Path, case: str, host: str, camps: int
) -> None:
    """Each FabFlee case stored in experiments/flee_validation/cases imports from its files as
    published (issue 12), in the country of its conflict zones, with every camp of its
    validation data present, in Flee's country and reached along Flee's route (import.json's
    self-check). Fast (at most about a second each), so not marked slow."""
    import json

    root = import_flee(
        CASES / case / "input", tmp_path, case, validation=CASES / case / "validation"
    )
    report = json.loads((root / "import.json").read_text())
    assert report["host_country"] == host
    sc = load_scenario(root)
    assert sc.host_country == host
    assert len(report["self_check"]) == camps
    assert [c["camp"] for c in report["self_check"] if not c["ok"]] == []
    assert not [w for w in import_warnings(root) if w.startswith("self-check")]
    assert len(sc.extra["notes"]["camps"]) == camps
    assert int(sc.population["count"].sum()) == sc.extra["notes"]["people"] > 0


# ------------------------------------------------------------------ what Flee 3.1 runs


def import_warnings(root: Path) -> list[str]:
    """The import's warnings, checked to be the same in scenario.yaml and import.json."""
    import json

    report = json.loads((root / "import.json").read_text())
    notes = yaml.safe_load((root / "scenario.yaml").read_text())["notes"]["warnings"]
    assert report["warnings"] == notes
    return notes


TOLERATED = [
    # (file, text Flee 3.1 runs, warning)
    ("closures", CLOSURES + "border,Home,Abroad,1,2\n", "closure type 'border' is not one Flee"),
    ("closures", CLOSURES + "Country,Home,Abroad,1,2\n", "did you mean 'country'"),
    ("closures", CLOSURES + "country,Home,Abroda,1,2\n", "no location is in country 'Abroda'"),
    ("closures", CLOSURES + "link,A,C,1,2\n", "no route between 'A' and 'C'"),
    ("closures", CLOSURES + "location,Q,,1,2\n", "unknown location 'Q'"),
    ("closures", CLOSURES + "camp,Q,,1,2\n", "Flee would close its first location instead"),
    ("closures", CLOSURES + "camp,T,,1,2\n", "'T' is a town, not a camp"),
    ("closures", CLOSURES + "country,Home,Abroad,-1,2\n", "closure_start -1 is never reached"),
    (
        "closures",
        CLOSURES + "remove_forced_redirection,A,T,101,0\n",
        "remove_forced_redirection ignored",
    ),
    ("closures", CLOSURES + "foo,,,101,0\n", "closure type 'foo' is not one Flee"),
    (
        "conflicts",
        "#Day,A,B,Nowhere\n0,1,0,0\n1,1,0,0\n2,1,0.5,0\n3,1,0.5,0\n4,0,0.5,0\n",
        "column 'Nowhere' names no location",
    ),
    ("sim_period", SIM_PERIOD + "Comment,anything\n", "key 'Comment' ignored"),
    ("routes", ROUTES + "T,A,90,0\n", "duplicated route T - A (first at row 2)"),
    (
        "locations",
        LOCATIONS + "E,R,Abroad,1,1,flood_zone,0,5\n",
        "type 'flood_zone' is not one Flee knows; 'E' becomes a camp without capacity",
    ),
    (
        "conflicts",
        CONFLICTS.replace("#Day,A,B", "#Day,B,B"),
        "'B' appears 2 times in the header",
    ),
    ("closures", None, "no closures.csv"),
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "5,1,0.5"),
        "conflicts.csv row 5: day column '5' where this row gives day 3 (the only such row); "
        "as in Flee, which never reads that column, rows are days in file order",
    ),
    (
        "conflicts",
        CONFLICTS.replace("#Day,A,B\n", "#Day,A,B\n# a comment\n"),
        "conflicts.csv row 2: nothing after its first cell '# a comment' (the only such row): "
        "as in Flee, it gives no day",
    ),
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "#3,1,0.5"),
        "conflicts.csv row 5: starts with '#' but has values: it is day 3",
    ),
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "3,1,-1"),
        "conflicts.csv row 5: column 'B': intensity -1 (the only one); Flee takes a conflict "
        "for intensity > 0.000001, so a negative one is no conflict: read as 0",
    ),
    (
        "conflicts",
        CONFLICTS.replace("2,1,0.5", "2,1") + "5,0,0.5\n",
        "conflicts.csv row 4: 1 values for 2 columns (no 'B') (the only such row)",
    ),
    ("conflicts", CONFLICTS + ",,\n", "conflicts.csv row 7: only empty cells (the only such row)"),
    (
        "conflicts",
        "\n" + CONFLICTS,
        "conflicts.csv row 2: the header follows blank lines; Flee 3.1 takes the first line",
    ),
    (
        "conflicts",
        CONFLICTS.replace("3,1,0.5", "3,1,0.5,"),
        "conflicts.csv row 5: empty cells after the last named column",
    ),
    ("demographics_age", "Value,Default\n30,1\n", "demographics_age.csv: not used"),
]


@pytest.mark.parametrize(("file", "text", "warning"), TOLERATED)
def test_input_flee_runs_is_imported_with_a_warning(
    tmp_path: Path, file: str, text: str | None, warning: str
) -> None:
    folder = make_input(tmp_path, **{file: text})
    root = import_flee(folder, tmp_path / "out", "ok", validation=make_validation(tmp_path))
    assert any(warning in w for w in import_warnings(root)), import_warnings(root)
    load_scenario(root)


def test_unknown_conflict_column_is_ignored_even_when_active(tmp_path: Path) -> None:
    conflicts = "#Day,A,B,Nowhere\n" + "".join(
        f"{d},{a},{b},1\n"
        for d, a, b in [(0, 1, 0), (1, 1, 0), (2, 1, 0.5), (3, 1, 0.5), (4, 0, 0.5)]
    )
    root = import_flee(
        make_input(tmp_path, conflicts=conflicts),
        tmp_path,
        "c",
        validation=make_validation(tmp_path),
    )
    assert any("its conflict is ignored, as Flee does" in w for w in import_warnings(root))
    # the same people appear where they would without the column
    plain = import_flee(
        make_input(tmp_path / "p"), tmp_path / "out", "p", validation=make_validation(tmp_path)
    )
    assert counts(root) == counts(plain)


def test_closure_ending_before_it_starts_is_never_lifted(tmp_path: Path) -> None:
    closures = "#closure_type,name1,name2,closure_start,closure_end\ncountry,Home,Abroad,2,0\n"
    root = import_flee(
        make_input(tmp_path, closures=closures), tmp_path, "c", validation=make_validation(tmp_path)
    )
    timeline = pd.read_csv(root / "timeline.csv")
    shut = timeline[timeline["event"].str.startswith("close_")]
    assert set(shut["day"]) == {2} and len(shut) > 0
    assert not timeline["event"].str.startswith("open_").any()
    assert any("applies from day 2 and is never lifted" in w for w in import_warnings(root))


def test_period_from_conflict_period_file(tmp_path: Path) -> None:
    folder = make_input(tmp_path, sim_period=None)
    write(folder / "conflict_period.csv", "StartDate,2020-01-01\nLength,4\n")
    root = import_flee(folder, tmp_path, "p", validation=make_validation(tmp_path))
    assert load_scenario(root).days == 4
    assert any("period read from conflict_period.csv" in w for w in import_warnings(root))
    # with both files, sim_period.csv wins (Flee's run scripts) and the difference is reported
    write(folder / "sim_period.csv", SIM_PERIOD)
    root = import_flee(folder, tmp_path, "p", validation=make_validation(tmp_path), overwrite=True)
    assert load_scenario(root).days == 5
    assert any("differs from sim_period.csv" in w for w in import_warnings(root))
    (folder / "sim_period.csv").unlink()
    (folder / "conflict_period.csv").unlink()
    with pytest.raises(ScenarioError, match="sim_period.csv or conflict_period.csv"):
        import_flee(folder, tmp_path, "q", validation=make_validation(tmp_path))


def test_host_country_is_the_conflict_zones_not_the_first_row(tmp_path: Path) -> None:
    lines = LOCATIONS.splitlines()
    camp_first = "\n".join([lines[0], lines[4], *lines[1:4], *lines[5:]]) + "\n"
    assert camp_first.splitlines()[1].startswith("C,R,Abroad")
    root = import_flee(
        make_input(tmp_path, locations=camp_first),
        tmp_path,
        "h",
        validation=make_validation(tmp_path),
    )
    sc = load_scenario(root)
    assert sc.host_country == "Home"
    places = sc.places.set_index("id")
    assert places.loc["C", "kind"] == "reception"
    assert "x_T--C" in set(sc.crossings["id"])
    assert any("host country 'Home'" in w and "'Abroad'" in w for w in import_warnings(root))
    import json

    check = {c["camp"]: c for c in json.loads((root / "import.json").read_text())["self_check"]}
    assert check["C"]["ok"] and check["C"]["crossings"] == 1
    assert check["C"]["route"] == ["A", "T", "C"] or check["C"]["route"] == ["B", "T", "C"]


def test_camps_and_idp_camps_at_home_as_flee_treats_them(tmp_path: Path) -> None:
    locations = LOCATIONS + "K,R,Home,11,12,camp,,0\nI,R,Home,11,13,idpcamp,,0\n"
    routes = ROUTES + "T,K,10,0\nT,I,10,0\n"
    root = import_flee(
        make_input(tmp_path, locations=locations, routes=routes),
        tmp_path,
        "k",
        displaced_per_conflict_day=10,
    )
    places = load_scenario(root).places.set_index("id")
    assert places.loc["K", "kind"] == "reception"  # a Flee camp ends the journey
    assert places.loc["I", "kind"] == "shelter"  # an IDP camp is left with its own chance


def test_self_check_reports_camps_flee_cannot_fill(tmp_path: Path) -> None:
    import json

    validation = make_validation(tmp_path)
    locations = LOCATIONS + "E,R,Other,14,14,camp,,0\n"
    write(
        validation / "data_layout.csv", "total,refugees.csv\nC,c.csv\nD,d.csv\nZ,d.csv\nE,d.csv\n"
    )
    root = import_flee(
        make_input(tmp_path, locations=locations), tmp_path, "s", validation=validation
    )
    check = {c["camp"]: c for c in json.loads((root / "import.json").read_text())["self_check"]}
    assert check["C"]["ok"] and check["D"]["ok"]
    assert not check["Z"]["ok"] and "not in locations.csv" in check["Z"]["problems"][0]
    assert not check["E"]["ok"] and "no route leads" in check["E"]["problems"][0]
    warnings = import_warnings(root)
    assert any("'Z'" in w for w in warnings) and any("'E'" in w for w in warnings)


def test_way_back_from_abroad_as_flee_routes_are_two_way(tmp_path: Path) -> None:
    """The only way from A to camp C leaves the host for hub H, comes back to town T and leaves
    again (Ethiopia 2020: Midre_Genet - Abderafi - Metema - Um_Rakuba). Flee walks it; so
    must the import, or everyone who crosses to H is stuck there."""
    import json

    from micic_sim.model import EvacuationModel

    locations = (
        "#name,region,country,lat,lon,location_type,conflict_date,population\n"
        "A,R,Home,10,10,conflict_zone,0,3000\nH,R,Abroad,10.1,10.1,forwarding_hub,,0\n"
        "T,R,Home,10.2,10.2,town,,500\nC,R,Abroad,10.3,10.3,camp,,0\n"
    )
    routes = "#name1,name2,distance\nA,H,10\nH,T,20\nT,C,30\n"
    period = "StartDate,2020-01-01\nLength,20\n"
    folder = make_input(
        tmp_path,
        locations=locations,
        routes=routes,
        closures=None,
        conflicts=None,
        sim_period=period,
    )
    root = import_flee(folder, tmp_path, "back", displaced_per_conflict_day=20)
    check = {c["camp"]: c for c in json.loads((root / "import.json").read_text())["self_check"]}
    assert check["C"]["ok"], check["C"]["problems"]
    assert check["C"]["route"] == ["A", "H", "T", "C"] and check["C"]["km"] == 60
    links = load_scenario(root).links.set_index("id")
    assert not links.loc["H--T", "two_way"] and links.loc["H--T", "to"] == "T"
    model = EvacuationModel(root, seed=1).run()
    place = model.population.place[model.population.state == 13]  # waiting abroad
    at = {pid: int((place == i).sum()) for pid, i in model.case.place_index.items()}
    assert at["C"] > 0  # reached only through the host country again


def test_repeated_conflict_column_is_read_as_flee_reads_it(tmp_path: Path) -> None:
    # Flee appends both B columns to one list, 0, 1, 0, 1, ...: B's day t is entry t of it,
    # so B flickers in and out of conflict although neither column does
    conflicts = "#Day,A,B,B\n0,1,0,1\n1,1,0,1\n2,1,0,1\n3,1,0,1\n4,1,0,1\n"
    inp = read_flee_input(make_input(tmp_path, conflicts=conflicts))
    b = [loc.name for loc in inp.locations].index("B")
    assert conflict_states(inp)[:, b].tolist() == [-1, 1, -1, 1, -1]


def states_of(tmp_path: Path, name: str, conflicts: str) -> np.ndarray:
    """Flee's conflict state of every location on every day, with `conflicts` as conflicts.csv."""
    return conflict_states(read_flee_input(make_input(tmp_path / name, conflicts=conflicts)))


def test_conflict_rows_are_days_in_file_order_whatever_the_day_column_says(
    tmp_path: Path,
) -> None:
    # Flee never reads the first cell: dates, or days out of order, change nothing
    dated = "".join(
        f"2020-01-0{5 - i},{row.split(',', 1)[1]}\n"
        for i, row in enumerate(CONFLICTS.splitlines()[1:])
    )
    odd = states_of(tmp_path, "odd", "#Day,A,B\n" + dated)
    assert (odd == states_of(tmp_path, "plain", CONFLICTS)).all()
    root = import_flee(
        make_input(tmp_path / "i", conflicts="#Day,A,B\n" + dated),
        tmp_path / "out",
        "d",
        validation=make_validation(tmp_path),
    )
    plain = import_flee(
        make_input(tmp_path / "p"), tmp_path / "out", "p", validation=make_validation(tmp_path)
    )
    assert counts(root) == counts(plain)
    assert any(
        "row 2: day column '2020-01-05' where this row gives day 0 (5 such rows)" in w
        for w in import_warnings(root)
    )


def test_conflict_comment_rows_are_read_as_flee_reads_them(tmp_path: Path) -> None:
    lines = CONFLICTS.splitlines()
    # comments without values give no day; a '#' row with values is a day, as in Flee
    commented = "\n".join(
        [lines[0], "# from ACLED", lines[1], lines[2], "#", "#2," + lines[3][2:], *lines[4:]]
    )
    assert (states_of(tmp_path, "c", commented + "\n") == states_of(tmp_path, "p", CONFLICTS)).all()
    # the '#' row is not skipped: without it the days after it would come a day early
    skipped = "\n".join([lines[0], lines[1], lines[2], *lines[4:], "5,0,0.5"])
    assert not (
        states_of(tmp_path, "s", skipped + "\n") == states_of(tmp_path, "p2", CONFLICTS)
    ).all()


def test_negative_conflict_intensity_is_no_conflict_as_in_flee(tmp_path: Path) -> None:
    # B -1 where it was 0, A -1 where it drops from 1 (Flee removes the zone, as for 0)
    negative = CONFLICTS.replace(",0\n", ",-1\n").replace("4,0,", "4,-2,")
    assert negative.count("-") == 3
    inp = read_flee_input(make_input(tmp_path / "n", conflicts=negative))
    assert (conflict_states(inp) == states_of(tmp_path, "p", CONFLICTS)).all()
    assert min(min(v) for v in inp.conflicts.values()) == 0
    a = [loc.name for loc in inp.locations].index("A")
    assert conflict_states(inp)[:, a].tolist() == [1, 1, 1, 1, -1]
    assert any("intensity -1 (3 negative values)" in w for w in inp.notes), inp.notes


def test_short_conflict_row_feeds_only_the_columns_it_reaches_as_in_flee(
    tmp_path: Path,
) -> None:
    # Flee appends only A's value of row "2,1", so B's values of the rows of days 3-6 are
    # its days 2-5 (A keeps its days; B needs the extra rows to last 5 days)
    short = "#Day,A,B\n0,1,0\n1,1,0\n2,1\n3,1,1\n4,0,0\n5,0,1\n6,0,1\n"
    inp = read_flee_input(make_input(tmp_path, conflicts=short))
    assert inp.conflicts == {"A": [1, 1, 1, 1, 0, 0, 0], "B": [0, 0, 1, 0, 1, 1]}
    b = [loc.name for loc in inp.locations].index("B")
    # B enters conflict on day 2 (row 3's value), leaves on day 3 (row 4's), back on day 4
    assert conflict_states(inp)[:, b].tolist() == [-1, -1, 1, -1, 1]


def test_odd_conflicts_file_gives_the_lists_flee_3_1_reads(tmp_path: Path) -> None:
    """Checked against Flee itself where it is installed (the `bench` extra): a day column out
    of order, a comment row, a '#' row with values, a blank line, a short row, a negative value
    (read as 0, which every test of Flee's replay takes as Flee takes the negative value)."""
    geography = pytest.importorskip("flee.InputGeography")
    text = "#Day,A,B,\n# a comment\n10,1,0\n11,1,-1\n#x,1,0.5\n\n3,1\n4,0,0.5\n5,0,0.5\n"
    folder = make_input(tmp_path, conflicts=text)
    flee = geography.InputGeography()
    flee.ReadConflictInputCSV(str(folder / "conflicts.csv"))
    assert flee.conflicts["B"] == [0, -1, 0.5, 0.5, 0.5]  # the short row: B has one day less
    expected = {name: [max(v, 0.0) for v in values] for name, values in flee.conflicts.items()}
    assert read_flee_input(folder).conflicts == expected


def test_demographics_files_are_reported_unused(tmp_path: Path, capsys) -> None:
    from micic_sim.scenario.flee_import import main

    folder = make_input(tmp_path)
    write(folder / "demographics_age.csv", "age,Default,A\n10,1,0\n40,1,1\n")
    write(folder / "demographics_gender.csv", "gender,Default\nmale,1\nfemale,1\n")
    validation = make_validation(tmp_path)
    args = [str(folder), "dem", "--validation", str(validation), "--out", str(tmp_path / "o")]
    assert main(args) == 0
    out = capsys.readouterr().out
    for attribute in ("age", "gender"):
        expected = f"warning: demographics_{attribute}.csv: not used; Flee 3.1 gives each agent "
        assert expected + f"it creates a '{attribute}' drawn from this table" in out
    warnings = import_warnings(tmp_path / "o" / "dem")
    assert sum(w.startswith("demographics_") for w in warnings) == 2
    # nothing else changes: the scenario is the one imported without them
    plain = import_flee(make_input(tmp_path / "p"), tmp_path / "o", "p", validation=validation)
    assert counts(tmp_path / "o" / "dem") == counts(plain)


def test_import_command_prints_warnings_and_self_check(tmp_path: Path, capsys) -> None:
    from micic_sim.scenario.flee_import import main

    folder = make_input(tmp_path, closures=CLOSURES + "border,Home,Abroad,1,2\n")
    validation = make_validation(tmp_path)
    args = [str(folder), "cli", "--validation", str(validation), "--out", str(tmp_path / "o")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "warning: closures.csv row 3: closure type 'border'" in out
    assert "self-check: 2 of 2 camps as in Flee" in out
    assert "import.json" in out


def test_border_post_is_passed_within_the_days_travel_as_on_a_flee_route(tmp_path: Path) -> None:
    """Flee's route A - C (30 km, C a camp abroad) has no stop half way: people leaving A reach
    C the same day. The importer's border post must not hold them with a town's move chance
    (before the fix 70 % stopped there a day or more, 2-3 days late at Ethiopia 2020's camps);
    only the crossing's queue (served the same step when it has room) stands between them and
    the camp."""
    from micic_sim.kernels.common import S_HARMED, S_WAITING
    from micic_sim.model import EvacuationModel

    root = import_route_to_camp_abroad(tmp_path, "post", days=12, per_day=200)
    places = load_scenario(root).places.set_index("id")
    assert places.loc["exit_A_C", "move_chance"] == 1
    # nobody leaves the camp again (Flee's 0.001 a day would move a few of 2,000)
    model = EvacuationModel(root, seed=3, behaviour={"camp_move_chance": 0.0}).run()
    p = model.population
    camp = model.case.place_index["C"]
    # out two steps or more before the end (and not harmed on the way, which Flee does not do)
    early = (p.appear_day <= model.days - 3) & (p.state != S_HARMED)
    assert early.sum() >= 1000
    at_camp = (p.state == S_WAITING) & (p.place == camp)
    assert at_camp[early].all(), f"{int((~at_camp[early]).sum())} still on the way"


def test_the_whole_route_to_a_border_is_travelled_as_on_a_flee_route(tmp_path: Path) -> None:
    """Flee's route A - C is 500 km: at 360 km a day its agents reach camp C abroad on the day
    after they leave A, never the same day. A crossing is served where it is reached (nobody
    travels its own length), so the importer's border post half way (250 km) let everyone skip
    the other half and arrive on the day they left; the road to the post now has the route's
    whole length."""
    from micic_sim.kernels.common import S_HARMED
    from micic_sim.model import EvacuationModel

    root = import_route_to_camp_abroad(tmp_path, "far", days=10, per_day=200, km=500)
    links = load_scenario(root).links.set_index("id")
    assert links.loc["A--exit_A_C", "distance_km"] == 500
    model = EvacuationModel(root, seed=4, behaviour={"camp_move_chance": 0.0}).run()
    p = model.population
    done = ~np.isnan(p.safe_day) & (p.state != S_HARMED)
    assert done.sum() >= 1000
    np.testing.assert_array_equal(p.safe_day[done] - p.left_day[done], 1.0)


def test_people_go_on_from_a_hub_abroad_the_step_they_cross(tmp_path: Path) -> None:
    """A - H - C: H a forwarding hub abroad (10 km), C a camp beyond it (20 km). Flee's agents
    pass H within the day; micic-sim's are let across in the step they reach the border post
    (stages._arrivals) and must go on from H in that same step with the time left (they used
    to wait there a step more, CROSSED, for kernels.decide to set them moving: two steps per
    border, Ethiopia 2020's way to Um Rakuba crosses two)."""
    from micic_sim.kernels.common import S_HARMED, S_WAITING
    from micic_sim.model import EvacuationModel

    locations = (
        "#name,region,country,lat,lon,location_type,conflict_date,population\n"
        "A,R,Home,10,10,conflict_zone,0,100000\nH,R,Abroad,10.1,10.1,forwarding_hub,,0\n"
        "C,R,Abroad,10.2,10.2,camp,,0\n"
    )
    folder = make_input(
        tmp_path,
        locations=locations,
        routes="#name1,name2,distance\nA,H,10\nH,C,20\n",
        closures=None,
        conflicts=None,
        sim_period="StartDate,2020-01-01\nLength,12\n",
    )
    root = import_flee(folder, tmp_path, "hub", displaced_per_conflict_day=200)
    model = EvacuationModel(root, seed=5, behaviour={"camp_move_chance": 0.0}).run()
    p = model.population
    hub, camp = model.case.place_index["H"], model.case.place_index["C"]
    assert ((p.state == S_WAITING) & (p.place == camp)).sum() >= 1000
    # The hub's move chance is 1: whoever crossed on the last step went on (to C, or back
    # towards A as Flee's two-way route allows); nobody is left standing at H.
    at_hub = (p.place == hub) & (p.link < 0) & (p.state != S_HARMED)
    assert not at_hub.any(), f"{int(at_hub.sum())} still at the hub"


def test_nobody_is_harmed_in_an_imported_case_as_no_one_is_in_flee(tmp_path: Path) -> None:
    """Flee's agents never die nor get hurt; an imported case keeps everyone (harm would take
    people out of the camp counts). Two conflict zones 3,000 km apart on the way to a camp
    abroad: about 17 days on roads in conflict."""
    from micic_sim.kernels.common import S_HARMED
    from micic_sim.model import EvacuationModel

    locations = (
        "#name,region,country,lat,lon,location_type,conflict_date,population\n"
        "A,R,Home,10,10,conflict_zone,0,100000\nB,R,Home,20,20,conflict_zone,0,100000\n"
        "C,R,Abroad,30,30,camp,,0\n"
    )
    folder = make_input(
        tmp_path,
        locations=locations,
        routes="#name1,name2,distance\nA,B,3000\nB,C,3000\n",
        closures=None,
        conflicts=None,
        sim_period="StartDate,2020-01-01\nLength,40\n",
    )
    root = import_flee(folder, tmp_path, "noharm", displaced_per_conflict_day=500)
    behaviour = yaml.safe_load((root / "scenario.yaml").read_text())["behaviour"]
    assert behaviour["harm_rate"] == 0 and behaviour["queue_hardship_rate"] == 0
    model = EvacuationModel(root, seed=1).run()
    assert model.population.n > 10_000
    assert int((model.population.state == S_HARMED).sum()) == 0
    # the same case with micic-sim's own harm rate does harm people on those roads
    harmed = EvacuationModel(root, seed=1, behaviour={"harm_rate": 0.0005}).run()
    assert int((harmed.population.state == S_HARMED).sum()) > 0


def test_a_days_camp_count_is_taken_at_the_end_of_that_day_as_flee_does(tmp_path: Path) -> None:
    """Flee's run.py compares its camps after the day's `evolve()` with that day's count.
    micic-sim's day d is therefore the record after the day's step (time d + 1), not the one
    before it: on route A - C (30 km) the people displaced on day 0 are in camp C at the end of
    day 0, and the day-0 value of the scored series must count them (it read the start of the
    run, an empty camp, so every day lagged Flee's by one)."""
    from micic_sim.model import EvacuationModel
    from micic_sim.validation.cli import daily_at_places

    root = import_route_to_camp_abroad(tmp_path, "eod", days=5, per_day=200)
    model = EvacuationModel(root, seed=1, behaviour={"camp_move_chance": 0.0}).run()
    k = model.world.place_ids.index("C")
    assert [r.day for r in model.records] == [0, 1, 2, 3, 4, 5]
    series = daily_at_places(model, ["C"])["C"].tolist()
    assert series == [float(r.at_place[k]) for r in model.records[1:]]
    assert series[0] > 0  # day 0's arrivals, counted on day 0
    assert series == sorted(series)  # nobody leaves C: the count only grows
