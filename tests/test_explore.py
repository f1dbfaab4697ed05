"""`micic-sim explore`: uncertainty ranges checked with errors naming file, row and field;
samples and results deterministic; indices right on functions whose answer is known; regret
ranks the right way round; PRIM finds a planted box."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from micic_sim.explore import analysis
from micic_sim.explore.runner import RunSettings, run_samples
from micic_sim.explore.sampling import to_values, unit_design
from micic_sim.explore.uncertainties import (
    Uncertainty,
    apply,
    check_uncertainties,
    load_uncertainties,
    read_uncertainties,
)
from micic_sim.resources import available_scenarios, bundled_scenarios
from micic_sim.scenario import ScenarioError, load_scenario

HEADER = "name,sets,how,low,high,distribution,source,note\n"


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "uncertainties.csv"
    path.write_text("# a comment line\n" + HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo():
    return load_scenario("demo")


@pytest.mark.parametrize(
    "name", ["demo", "libya_2011", "lebanon_2006", "thailand_2011_floods", "flee_car", "flee_mali"]
)
def test_bundled_scenarios_declare_valid_uncertainties(name):
    case = load_scenario(name)
    items = load_uncertainties(case)
    assert items and len({u.name for u in items}) == len(items)
    for u in items:
        assert u.low < u.high and u.source


def test_every_bundled_scenario_has_an_uncertainties_file():
    folders = [d for d in bundled_scenarios().iterdir() if (d / "scenario.yaml").is_file()]
    assert len(folders) >= 6
    for folder in folders:
        assert (folder / "uncertainties.csv").is_file(), folder.name


def test_libya_declares_every_swept_assumption_it_can_set():
    """The [A..] tags with a single number to sweep are all there."""
    tags = {u.source for u in load_uncertainties("libya_2011")}
    for tag in [
        "A01",
        "A02",
        "A03",
        "A04",
        "A05",
        "A06",
        "A07",
        "A12",
        "A20",
        "A21",
        "A30",
        "A43",
        "A45",
        "A50",
        "A51",
        "A64",
        "A65",
        "A67",
        "A70",
        "A71",
        "A72",
        "A73",
        "A80",
        "A81",
        "A82",
        "A83",
        "A84",
        "A90",
    ]:
        assert tag in tags, tag


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("x,behaviour.leave_rate,value,2,1,uniform,A1,\n", "low", "must be below high"),
        ("x,behaviour.leave_rat,value,0.5,2,uniform,A1,\n", "sets", "did you mean 'leave_rate'"),
        ("x,behaviour.harm_rate,value,0.1,0.2,uniform,A1,\n", "low", "outside the range"),
        ("x,behaviour.harm_rate,value,0,0.0001,uniform,A1,\n", "high", "outside the range"),
        ("x,crossings.daily_capacty,scale,0.5,2,uniform,A1,\n", "sets", "not a numeric column"),
        ("x,crossings.daily_capacity[id=nowhere],scale,0.5,2,uniform,A1,\n", "sets", "no row"),
        (
            "x,attributes.registered[nationality=ZZZ],scale,0.5,2,uniform,A1,\n",
            "sets",
            "unknown nationality",
        ),
        (
            "x,crossings.daily_capacity,scale,0.5,2,uniform,A1,\n"
            "x,behaviour.harm_rate,scale,0.5,2,uniform,A1,\n",
            "name",
            "already the name of row 3",
        ),
        ("x,behaviour.harm_rate,multiply,0.5,2,uniform,A1,\n", "how", "not one of"),
        ("x,behaviour.harm_rate,scale,0,2,loguniform,A1,\n", "low", "loguniform"),
        ("x,behaviour.harm_rate,scale,a,2,uniform,A1,\n", "low", "not a number"),
        ("x,behaviour.harm_rate,scale,0.5,2,uniform,,\n", "source", "is empty"),
        ("x,crossings.daily_capacity,value,0,2000,uniform,A1,\n", "sets", "different values"),
        (
            "x,timeline.value[event=hazard;target=portville;day=0],value,0.2,1.5,uniform,A1,\n",
            "high",
            "at most 1",
        ),
        ("x,attributes.phone[nationality=BNG],value,0.5,1.2,uniform,A1,\n", "high", "share"),
        (
            "x,places.capacity,scale,0.5,2,uniform,A1,\n"
            "y,nowhere.capacity,scale,0.5,2,uniform,"
            "A1,\n",
            "sets",
            "is not one of",
        ),
    ],
)
def test_bad_rows_name_file_row_and_field(tmp_path, demo, row, field, words):
    path = _write(tmp_path, row)
    with pytest.raises(ScenarioError) as err:
        check_uncertainties(demo, read_uncertainties(path), path)
    message = str(err.value)
    assert str(path) in message and f"field '{field}'" in message and words in message
    assert "row " in message


def test_check_command_reports_a_bad_uncertainties_file(tmp_path, capsys):
    from micic_sim.cli import main

    folder = tmp_path / "demo"
    shutil.copytree(available_scenarios()["demo"], folder)
    (folder / "uncertainties.csv").write_text(
        HEADER + "x,behaviour.leave_rate,value,2,1,uniform,A1,\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit) as code:
        main(["check", str(folder)])
    assert code.value.code == 2
    err = capsys.readouterr().err
    assert "uncertainties.csv, row 2, field 'low'" in err


def test_apply_changes_only_what_a_row_selects(demo):
    items = [
        Uncertainty("cap", "crossings.daily_capacity[id=north_gate]", "scale", 0.5, 2),
        Uncertainty("haz", "timeline.value[event=hazard]", "shift", -0.2, 0.2),
        Uncertainty("reg", "attributes.registered", "scale", 0.5, 3),
        Uncertainty("leave", "behaviour.leave_rate", "scale", 0.5, 2),
    ]
    before = demo.crossings.copy(), demo.timeline.copy()
    case, behaviour = apply(demo, items, {"cap": 2.0, "haz": 0.2, "reg": 3.0, "leave": 2.0})
    cap = case.crossings.set_index("id")["daily_capacity"]
    old = demo.crossings.set_index("id")["daily_capacity"]
    assert cap["north_gate"] == 2 * old["north_gate"]
    assert (cap.drop("north_gate") == old.drop("north_gate")).all()
    hazard = case.timeline[case.timeline["event"] == "hazard"]["value"]
    old_h = demo.timeline[demo.timeline["event"] == "hazard"]["value"]
    assert np.allclose(hazard, np.minimum(old_h + 0.2, 1.0)) and hazard.max() <= 1.0
    assert all(case.attributes_for(n.id)["registered"] <= 1.0 for n in case.nationalities)
    assert behaviour["leave_rate"] == pytest.approx(2 * (demo.behaviour.get("leave_rate", 1.0)))
    # the scenario given is untouched
    pd.testing.assert_frame_equal(demo.crossings, before[0])
    pd.testing.assert_frame_equal(demo.timeline, before[1])


@pytest.mark.parametrize("method,n", [("morris", 4), ("sobol", 8), ("lhs", 20)])
def test_same_seed_same_samples(method, n):
    items = load_uncertainties("demo")
    a = unit_design(method, items, n, seed=3)
    b = unit_design(method, items, n, seed=3)
    c = unit_design(method, items, n, seed=4)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    values = to_values(items, a)
    for u in items:
        assert values[u.name].between(u.low, u.high).all()


def test_loguniform_is_uniform_in_the_logarithm():
    u = Uncertainty("x", "behaviour.leave_rate", "scale", 0.25, 4, "loguniform")
    assert u.from_unit(np.array([0.0, 0.5, 1.0])) == pytest.approx([0.25, 1.0, 4.0])


def test_morris_known_answer_on_a_linear_function():
    """Elementary effects of y = 10 a + b (+ 0 c) are exact: mu* = coefficient x range."""
    items = [
        Uncertainty(n, "behaviour.leave_rate", "value", 0, hi)
        for n, hi in [("a", 1.0), ("b", 2.0), ("c", 1.0)]
    ]
    unit = unit_design("morris", items, 10, seed=1)
    x = to_values(items, unit)
    y = pd.DataFrame({"y": 10 * x["a"] + x["b"]})
    idx = analysis.morris_indices(items, unit, y).set_index("uncertainty")
    assert idx.loc["a", "mu_star"] == pytest.approx(10.0)
    assert idx.loc["b", "mu_star"] == pytest.approx(2.0)
    assert idx.loc["c", "mu_star"] == pytest.approx(0.0)
    assert idx.loc["a", "sigma"] == pytest.approx(0.0, abs=1e-9)
    top = analysis.top_drivers(idx.reset_index().assign(quantity="y"), "mu_star", 2)
    assert list(top["uncertainty"]) == ["a", "b"]


def test_sobol_known_answer_on_ishigami():
    """Ishigami (a=7, b=0.1): S1 = .314, .442, 0; ST = .558, .442, .244 (Saltelli et al.)."""
    items = [Uncertainty(n, "behaviour.leave_rate", "value", -np.pi, np.pi) for n in "xyz"]
    unit = unit_design("sobol", items, 1024, seed=0)
    v = to_values(items, unit)
    y = np.sin(v.x) + 7 * np.sin(v.y) ** 2 + 0.1 * v.z**4 * np.sin(v.x)
    idx = analysis.sobol_indices(items, pd.DataFrame({"y": y})).set_index("uncertainty")
    assert idx["S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.0], abs=0.05)
    assert idx["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.05)


def test_regret_ranks_the_dominant_policy_first_either_direction():
    rng = np.random.default_rng(0)
    base = rng.normal(1000, 100, 50)
    good = pd.DataFrame({"baseline": base, "lever": base + 30, "worse": base - 10})
    table = analysis.regret(good, higher_is_better=True)
    assert list(table["policy"]) == ["lever", "baseline", "worse"]
    assert table.loc[0, "max_regret"] == 0 and table.loc[0, "best_in_share"] == 1
    assert table.set_index("policy").loc["baseline", "max_regret"] == pytest.approx(30)
    # fewer is better (e.g. people harmed): the same numbers rank the other way round
    harm = analysis.regret(good, higher_is_better=False)
    assert list(harm["policy"]) == ["worse", "baseline", "lever"]
    assert harm.set_index("policy").loc["lever", "p90_regret"] == pytest.approx(40)


def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((600, 4)), columns=["a", "b", "c", "d"])
    x["d"] = (x["d"] * 4).round().astype(int)  # an integer column (cast to float for PRIM)
    y = ((x["a"] > 0.6) & (x["c"] < 0.3)).to_numpy()
    box = analysis.prim_box(x, y, min_density=0.8)
    lims = box.limits.set_index("uncertainty")
    assert set(lims.index) >= {"a", "c"}
    assert lims.loc["a", "low"] == pytest.approx(0.6, abs=0.05)
    assert lims.loc["c", "high"] == pytest.approx(0.3, abs=0.1)
    assert box.density >= 0.8 and box.coverage >= 0.8
    assert box.n_cases == y.sum()


def test_fails_to_help_threshold():
    gain = pd.Series(np.arange(-5.0, 95.0))  # 5% at or below 0: use the lowest fifth
    y, t = analysis.fails_to_help(gain, None)
    assert t == pytest.approx(gain.quantile(0.2)) and y.sum() == 20
    y, t = analysis.fails_to_help(gain - 20, None)  # a quarter at or below 0
    assert t == 0.0 and y.sum() == 26
    assert analysis.fails_to_help(gain, 10.0)[0].sum() == 16


def test_runs_identical_whatever_the_worker_count():
    items = load_uncertainties("demo")
    samples = to_values(items, unit_design("lhs", items, 3, seed=0))
    settings = RunSettings("demo", agents=300, days=8, threads=1)
    one = run_samples(settings, items, samples, ["baseline", "guidelines"], [0, 1], workers=1)
    two = run_samples(settings, items, samples, ["baseline", "guidelines"], [0, 1], workers=2)
    pd.testing.assert_frame_equal(one, two)
    assert len(one) == 12 and (one["people_per_agent"] > 0).all()
    again = run_samples(settings, items, samples, ["baseline"], [0], workers=1)
    pd.testing.assert_frame_equal(
        again.drop(columns="policy"),
        one[(one.policy == "baseline") & (one.seed == 0)]
        .drop(columns="policy")
        .reset_index(drop=True),
    )


def test_explore_command_writes_its_folder(tmp_path, capsys):
    from micic_sim.cli import main

    out = tmp_path / "ex"
    with pytest.raises(SystemExit) as code:
        main(
            [
                "explore",
                "scenario=demo",
                "explore.n=2",
                "agents=300",
                "days=8",
                "workers=1",
                f"out_dir={out}",
            ]
        )
    assert code.value.code == 0
    for name in [
        "samples.csv",
        "runs.csv",
        "indices.csv",
        "top.csv",
        "regret.csv",
        "prim.csv",
        "report.md",
        "charts/regret_reached_safety.png",
    ]:
        assert (out / name).is_file(), name
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 2 * (len(load_uncertainties("demo")) + 1) * 2  # trajectories x policies
    report = (out / "report.md").read_text()
    assert "agents, 1 agent =" in report and "![drivers_guidelines_reached_safety]" in report
    assert not (tmp_path / "ex.runs.csv").exists()  # kept runs removed once written


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["explore.nn=3"], "explore.nn"),
        (["seeeds=[1]"], "did you mean 'seeds'"),
        (["explore=sobl"], "sobl"),
        (["policies=[baseline,firewal]"], "did you mean 'firewall'"),
        (["outcomes=[reached]"], "unknown outcome"),
        (["explore=sobol", "explore.n=10"], "power of 2"),
    ],
)
def test_explore_errors_name_the_key(capsys, args, words, tmp_path):
    from micic_sim.cli import main

    with pytest.raises(SystemExit) as code:
        main(["explore", "scenario=demo", "agents=300", "days=8", f"out_dir={tmp_path}/x", *args])
    assert code.value.code == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(("method", "n", "index"), [("sobol", 4, "ST"), ("lhs", 10, None)])
def test_sobol_and_lhs_explorations_analyse_and_chart(tmp_path, method, n, index):
    from micic_sim.explore.cli import compose
    from micic_sim.explore.study import explore, make_figures

    csv = _write(
        tmp_path,
        "leave,behaviour.leave_rate,scale,0.5,2,loguniform,default,\n"
        "cap,crossings.daily_capacity,scale,0.5,2,uniform,demo,\n",
    )
    cfg = compose(
        [
            "scenario=demo",
            f"explore={method}",
            f"explore.n={n}",
            "agents=300",
            "days=8",
            "workers=1",
            f"uncertainties={csv}",
        ]
    )
    x = explore(cfg)
    runs_per_sample = 2  # policies x seeds
    assert len(x.runs) == len(x.samples) * runs_per_sample
    assert len(x.samples) == (n * 4 if method == "sobol" else n)
    figs = make_figures(x)
    assert "regret_reached_safety" in figs and any(k.startswith("prim_") for k in figs)
    if index:
        assert {"S1", "ST", "agents", "people_per_agent"} <= set(x.indices.columns)
        assert set(x.top["uncertainty"]) <= {"leave", "cap"}
        assert any(k.startswith("drivers_") for k in figs)
    else:
        assert x.indices.empty and not any(k.startswith("drivers_") for k in figs)
