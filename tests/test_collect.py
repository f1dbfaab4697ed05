"""`collect` on real (small) demo runs: the tidy tables, incremental re-collection with the
manifest, the CLI entry point, and skipping complete runs when a sweep is resumed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import micic_sim.analysis.collect as collect_mod
from micic_sim.analysis.collect import (
    MANIFEST_FILE,
    OUTCOMES_FILE,
    TIMESERIES_FILE,
    collect,
    main,
)
from micic_sim.analysis.resume import already_complete, load_summary
from micic_sim.model import EvacuationModel
from micic_sim.results import write_run
from tests.conftest import cli_config

N = 1500


def make_run(
    root: Path, policy: str, seed: int, levers: dict | None = None, population: int = N
) -> Path:
    levers = levers or {}
    out = root / "demo" / policy / f"seed{seed}"
    m = EvacuationModel("demo", seed=seed, population_total=population, levers=levers).run()
    config = {
        "scenario": "demo",
        "seed": seed,
        "population": {"total": population},
        "run": {"out_dir": str(out), "progress": True, "write_agents": True},
        "levers": levers,
    }
    write_run(m, out, config)
    return out


@pytest.fixture(scope="module")
def base_sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sweep")
    for seed in (0, 1):
        make_run(root, "baseline", seed)
        make_run(root, "firewall", seed, {"firewall": {"enabled": True}})
    return root


@pytest.fixture
def sweep(base_sweep: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "sweep"
    shutil.copytree(base_sweep, dst)
    return dst


def test_collect_tables(sweep: Path):
    (sweep / "demo" / "firewall" / "seed9").mkdir(parents=True)  # interrupted: no summary
    ts, out = collect(sweep)
    assert collect.last_read == 4
    for name in (TIMESERIES_FILE, OUTCOMES_FILE, MANIFEST_FILE):
        assert (sweep / name).is_file()
    assert sorted(out["run_id"].astype(str).unique()) == [
        "demo/baseline/seed0",
        "demo/baseline/seed1",
        "demo/firewall/seed0",
        "demo/firewall/seed1",
    ]
    overall = out[out["group_type"] == "overall"].set_index("run_id")
    assert overall.loc["demo/firewall/seed1", "policy"] == "firewall"
    assert overall.loc["demo/firewall/seed1", "seed"] == 1
    assert bool(overall.loc["demo/firewall/seed1", "lever_firewall"])
    assert not bool(overall.loc["demo/baseline/seed0", "lever_firewall"])
    assert overall.loc["demo/baseline/seed0", "levers"] == "none"
    # Counts in people, with the agents they rest on and the scale beside them.
    assert (overall["agents"] == N).all()
    ppa = overall["people_per_agent"]
    assert (ppa > 1).all() and (overall["population"] == (N * ppa).round()).all()
    # One row per run x group; groups as in summary.json.
    summary = json.loads((sweep / "demo/baseline/seed0/summary.json").read_text())
    n_groups = 1 + sum(len(summary[k]) for k in ("by_status", "by_documentation", "by_nationality"))
    assert (out["run_id"] == "demo/baseline/seed0").sum() == n_groups
    safe = overall.loc["demo/baseline/seed0", "reached_safety"]
    assert safe == summary["reached_safety"]["count"]
    # Time series: the run's own rows, with identity columns.
    own = pd.read_parquet(sweep / "demo/baseline/seed0/timeseries.parquet")
    mine = ts[ts["run_id"] == "demo/baseline/seed0"]
    assert len(mine) == len(own)
    assert {"scenario", "policy", "seed", "levers", "day", "metric", "group", "value"} <= set(
        ts.columns
    )
    assert mine["value"].sum() == own["value"].sum()
    assert mine["people"].to_numpy() == pytest.approx(
        mine["value"].to_numpy() * ppa["demo/baseline/seed0"]
    )
    # Written tables equal the returned ones.
    again = pd.read_parquet(sweep / OUTCOMES_FILE)
    assert len(again) == len(out)


def test_collect_is_incremental(sweep: Path, monkeypatch: pytest.MonkeyPatch):
    ts1, out1 = collect(sweep)
    assert collect.last_read == 4
    read = []
    real = collect_mod.read_run
    monkeypatch.setattr(
        collect_mod, "read_run", lambda info: read.append(info.run_id) or real(info)
    )
    ts2, out2 = collect(sweep)
    assert read == [] and collect.last_read == 0
    pd.testing.assert_frame_equal(
        out1.reset_index(drop=True), out2.reset_index(drop=True), check_categorical=False
    )
    assert len(ts2) == len(ts1)

    make_run(sweep, "firewall", 2, {"firewall": {"enabled": True}})  # the sweep grew
    ts3, out3 = collect(sweep)
    assert read == ["demo/firewall/seed2"]
    assert out3["run_id"].nunique() == 5 and len(ts3) > len(ts1)

    # A re-run replaces its rows; a deleted run disappears.
    read.clear()
    summary = sweep / "demo/baseline/seed1/summary.json"
    data = json.loads(summary.read_text())
    data["reached_safety"]["count"] = -1
    summary.write_text(json.dumps(data))
    os.utime(summary, ns=(1, 1))
    shutil.rmtree(sweep / "demo/firewall/seed0")
    _, out4 = collect(sweep)
    assert read == ["demo/baseline/seed1"]
    overall = out4[out4["group_type"] == "overall"].set_index("run_id")
    assert overall.loc["demo/baseline/seed1", "reached_safety"] == -1
    assert "demo/firewall/seed0" not in overall.index and len(overall) == 4


def test_collect_rebuilds_from_a_broken_cache(sweep: Path):
    collect(sweep)
    (sweep / MANIFEST_FILE).write_text("{not json")
    collect(sweep)
    assert collect.last_read == 4


def test_collect_cli(sweep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main([str(sweep)]) == 0
    text = capsys.readouterr().out
    assert "collected 4 runs" in text and "firewall" in text
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty)]) == 2  # input errors: exit status 2, as every subcommand
    assert main([str(tmp_path / "missing")]) == 2


def test_already_complete(sweep: Path, tmp_path: Path):
    run = sweep / "demo" / "baseline" / "seed0"
    config = yaml.safe_load((run / "config.yaml").read_text())
    assert already_complete(run) and already_complete(run, config)
    # Settings that do not change results are ignored ...
    same = {
        **config,
        "run": {**config["run"], "progress": False, "threads": 4, "out_dir": "elsewhere"},
    }
    assert already_complete(run, same)
    # ... anything else is a different run.
    assert not already_complete(run, {**config, "seed": 7})
    assert not already_complete(run, {**config, "levers": {"firewall": {"enabled": True}}})
    assert load_summary(run)["agents"] == N
    # Agent table asked for but missing; no summary; no config.
    (run / "agents.parquet").unlink()
    assert not already_complete(run, config)
    assert not already_complete(tmp_path / "nothing", config)
    run2 = sweep / "demo" / "firewall" / "seed0"
    (run2 / "config.yaml").unlink()
    assert already_complete(run2) and not already_complete(run2, config)


def test_already_complete_matches_a_cli_config(tmp_path: Path):
    """The resolved Hydra config the CLI runs with compares equal to the config.yaml it wrote
    (the check run_from_config makes before running)."""
    from omegaconf import OmegaConf

    from micic_sim import cli

    out = tmp_path / "run"
    cfg = cli_config(
        "scenario=demo",
        "population.total=400",
        "policy=firewall",
        "seed=3",
        f"run.out_dir={out}",
        "run.progress=false",
    )
    assert not already_complete(out, OmegaConf.to_container(cfg, resolve=True))
    cli.run_from_config(cfg)
    assert already_complete(out, OmegaConf.to_container(cfg, resolve=True))
    cfg.seed = 4
    assert not already_complete(out, OmegaConf.to_container(cfg, resolve=True))


def test_a_run_of_a_scenario_edited_since_is_not_complete(tmp_path: Path):
    """Resuming a sweep after the scenario's files changed (a re-fit, an edited timeline)
    runs it again: the config names the scenario only, the fingerprint sees its files."""
    from micic_sim.resources import available_scenarios

    scenario = tmp_path / "demo_copy"
    shutil.copytree(available_scenarios()["demo"], scenario)
    config = {"scenario": str(scenario), "seed": 0, "population": {"total": N}}
    run = tmp_path / "run"
    model = EvacuationModel(str(scenario), seed=0, population_total=N, days=5)
    write_run(model.run(), run, config, agents=False)
    assert already_complete(run, config)
    timeline = (scenario / "timeline.csv").read_text()
    (scenario / "timeline.csv").write_text(timeline + "3,hazard,capital,0.9\n")
    assert not already_complete(run, config)
    (scenario / "timeline.csv").write_text(timeline)
    assert already_complete(run, config)  # the same files again: the same run


def test_a_run_made_by_other_code_is_not_complete(tmp_path: Path):
    """Resuming a sweep after upgrading micic-sim (another version, another commit) runs it
    again: the same config and scenario files give other numbers from another model."""
    config = {"scenario": "demo", "seed": 0, "population": {"total": N}}
    run = tmp_path / "run"
    write_run(EvacuationModel("demo", seed=0, population_total=N, days=5).run(), run, config)
    assert already_complete(run, config)
    path = run / "provenance.json"
    made_from = json.loads(path.read_text())
    for key, other in [("micic_sim", "0.0.1"), ("git_commit", "0" * 40)]:
        path.write_text(json.dumps({**made_from, key: other}))
        assert not already_complete(run, config), key
    path.write_text(json.dumps(made_from))
    assert already_complete(run, config)


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("summary.json", "{not json", "is not a readable run summary"),
        ("summary.json", "[1, 2]", "is not a run summary (a JSON object)"),
        ("config.yaml", "seed: [\n", "row 2: is not valid YAML"),
    ],
)
def test_a_damaged_run_file_is_an_error_naming_it(tmp_path: Path, capsys, name, text, words):
    """`collect` over a sweep with a run file edited by hand (or damaged) says which file and
    what to do, in one line, instead of a traceback."""
    from micic_sim.cli import main

    run = tmp_path / "sweep" / "run"
    write_run(EvacuationModel("demo", seed=0, population_total=N, days=3).run(), run, {"seed": 0})
    (run / name).write_text(text)
    with pytest.raises(SystemExit) as code:
        main(["collect", str(tmp_path / "sweep")])
    assert code.value.code == 2
    err = capsys.readouterr().err
    assert f"{run / name}" in err and words in err and "run that run again" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
