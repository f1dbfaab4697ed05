"""The dashboard's engine without a browser: choices generated from the catalogue, a live run
read in people beside a true baseline, bounded redraws, stopping, and the downloaded folder."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml

from micic_sim.codes import State
from micic_sim.dashboard import choices, parse
from micic_sim.dashboard.live import SAFE, LiveRun, Settings
from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.model import EvacuationModel

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
AGENTS = 2000


def test_every_lever_is_offered_with_a_seed_citation():
    offered = choices.levers()
    assert [lv.name for lv in offered] == list(CATALOGUE)
    for lv in offered:
        assert lv.seeds, f"{lv.name}: no seed document cited in docs/levers.md"
        assert lv.summary and "\n" not in lv.line and "`" not in lv.line
        if SEEDS.is_dir():
            for name in lv.seeds:
                assert (SEEDS / name).is_file(), f"{lv.name} cites {name}, not in shared/seeds"


def test_presets_come_from_the_policy_configs():
    p = choices.presets()
    assert list(p)[:2] == ["baseline", "guidelines"]
    assert p["baseline"] == frozenset() and p["guidelines"] == frozenset(CATALOGUE)
    assert p["firewall"] == {"firewall"}
    assert choices.policy_name(set()) == "baseline"
    assert choices.policy_name({"hotline"}) == "hotline"
    assert choices.policy_name({"hotline", "firewall"}) == "firewall+hotline"
    assert "demo" in choices.scenarios() and "libya_2011" in choices.scenarios()


@pytest.fixture(scope="module")
def live() -> LiveRun:
    run = LiveRun(Settings("demo", frozenset({"exit_waiver", "open_borders"}), AGENTS, seed=3))
    run.run(12, lambda s: None)
    return run


def test_numbers_are_people_and_the_baseline_is_a_plain_run_with_the_same_seed(live):
    s = live.snapshot()
    assert s.steps == 12 and len(s.days) == 13  # day 0 and 12 steps
    per = 1.0 / live.model.scale
    assert s.people_per_agent == pytest.approx(per) and s.agents == AGENTS
    base = EvacuationModel("demo", seed=3, population_total=AGENTS)
    for _ in range(12):
        base.step()
    harmed = base.state_count(State.HARMED) * per
    assert dict((k, b) for k, _, b in s.key)["Harmed"] == pytest.approx(harmed)
    assert s.states_base[SAFE][-1] == pytest.approx(base.records[-1].safe * per)
    # the policy run is the model with the levers, not the baseline
    mine = live.model.records[-1]
    assert s.states[SAFE][-1] == pytest.approx(mine.safe * per)
    assert s.at_place.sum() == pytest.approx(mine.at_place.sum() * per)
    # every person is in one situation: the groups (and those not displaced yet) add up
    not_yet = live.model.state_count(State.NOT_YET) * per
    total = sum(v[-1] for k, v in s.states.items() if k != SAFE) + not_yet
    safe_states = sum(live.model.state_count(x) for x in State if x.name in (
        "CROSSED", "EVACUATED", "REPATRIATED", "WAITING")) * per  # fmt: skip
    assert total + safe_states == pytest.approx(AGENTS * per)


def test_queues_are_split_into_borders_and_consulates(live):
    s = live.snapshot()
    assert set(s.queues) == {"crossing", "consulate"}
    assert all(k.startswith("crossing:") for k in s.queues["crossing"])
    assert all(len(v) == len(s.days) for v in s.queues["consulate"].values())


def test_redraws_are_bounded_and_a_stop_is_obeyed():
    run = LiveRun(Settings("demo", frozenset(), 500, seed=1))
    assert run.baseline is run.model  # no lever: the run is its own baseline
    seen = []
    assert run.run(6, seen.append, every=3600.0) == 6
    assert len(seen) == 1  # only the closing snapshot within the hour
    seen.clear()
    assert run.run(3, seen.append, every=0.0) == 3
    assert len(seen) == 4  # every step, plus the closing one
    calls = iter(range(100))
    assert run.run(None, lambda s: None, stop=lambda: next(calls) >= 2) == 2


def test_download_holds_both_run_folders_and_the_charts(live, tmp_path):
    data = live.zip(tmp_path)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    folder = live.folder(tmp_path)
    assert folder == tmp_path / "demo" / "exit_waiver+open_borders" / "seed3"
    for name in ("summary.json", "config.yaml", "timeseries.parquet", "baseline/summary.json"):
        assert f"seed3/{name}" in names
    for chart in ("states", "queues", "flow_map"):
        png = folder / "charts" / f"{chart}.png"
        assert png.read_bytes()[:4] == b"\x89PNG"
    cfg = yaml.safe_load((folder / "config.yaml").read_text())
    assert cfg["levers"]["exit_waiver"]["enabled"] and cfg["levers"]["open_borders"]["enabled"]
    assert not yaml.safe_load((folder / "baseline" / "config.yaml").read_text())["levers"][
        "exit_waiver"
    ]["enabled"]
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["agents"] == AGENTS  # "population" is in people (agents x scale)


def test_command_line_checks_its_input():
    assert parse([]).scenario == "libya_2011" and parse([]).host == "127.0.0.1"
    assert parse(["scenario=demo", "--port", "9000"]).scenario == "demo"
    with pytest.raises(SystemExit):
        parse(["seed=3"])
    r = subprocess.run(
        [sys.executable, "-m", "micic_sim", "dashboard", "scenario=no_such_place"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2 and "no_such_place" in r.stderr and "no such scenario" in r.stderr


def test_charts_render_at_day_zero_and_later(live):
    from micic_sim.dashboard import figures

    fresh = LiveRun(Settings("demo", frozenset({"firewall"}), 500, seed=1))
    first = figures.all_pngs(fresh.snapshot(), fresh.model.case)
    later = figures.all_pngs(live.snapshot(), live.model.case)
    assert set(first) == set(later) == {"states", "queues", "flow_map"}
    assert all(first[k] != later[k] for k in first)
    assert np.isfinite(live.snapshot().at_place).all()
