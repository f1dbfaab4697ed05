"""`micic-sim export`: CSV files and an Excel workbook a planner opens, one sheet per table,
units in every header, counts in people with the agent counts beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from micic_sim.analysis.export import main, unit_of
from micic_sim.model import EvacuationModel
from micic_sim.results import write_run

SHEETS = ["outcomes", "key_numbers", "over_time", "bottlenecks", "service_points", "about"]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    for seed in (0, 1):
        m = EvacuationModel("demo", seed=seed, population_total=600, days=8).run()
        write_run(m, root / "demo" / "baseline" / f"seed{seed}", {"scenario": "demo"})
    return root


def test_export_writes_csv_and_excel_with_units(sweep: Path, tmp_path: Path, capsys):
    out = tmp_path / "x"
    assert main([str(sweep), "--out", str(out)]) == 0
    assert str(out / "results.xlsx") in capsys.readouterr().out
    book = load_workbook(out / "results.xlsx", read_only=True)
    assert book.sheetnames == SHEETS
    for name in SHEETS:
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        csv_header = list(pd.read_csv(out / f"{name}.csv", nrows=0).columns)
        assert list(header) == csv_header, name
    outcomes = pd.read_csv(out / "outcomes.csv")
    assert "stranded [people]" in outcomes and "stranded_agents [agents]" in outcomes
    assert "reached_safety_share [share 0-1]" in outcomes
    overall = outcomes[outcomes["group_type"] == "overall"].iloc[0]
    summary = json.loads((sweep / "demo/baseline/seed0/summary.json").read_text())
    assert overall["stranded [people]"] == summary["stranded"]
    assert overall["agents [agents]"] == 600
    over = pd.read_csv(out / "over_time.csv")
    assert "home [people]" in over and "day [days]" in over
    everyone = over[(over["group"] == "all") & (over["run_id"] == "demo/baseline/seed0")]
    states = [c for c in over.columns if c.endswith("[people]")]
    # everyone, in people, on every day: the scenario's people (agents x people per agent)
    assert everyone[states].sum(axis=1).to_numpy() == pytest.approx(summary["population"], 1e-6)
    about = pd.read_csv(out / "about.csv").set_index("item")["value"]
    assert float(about["people per agent"]) == pytest.approx(summary["people_per_agent"])


def test_export_one_format_and_bad_format(sweep: Path, tmp_path: Path):
    assert main([str(sweep), "--out", str(tmp_path / "c"), "--format", "csv"]) == 0
    assert not (tmp_path / "c" / "results.xlsx").exists()
    assert (tmp_path / "c" / "outcomes.csv").is_file()
    with pytest.raises(SystemExit):
        main([str(sweep), "--format", "ods"])
    assert main([str(tmp_path / "missing")]) == 2  # an input to fix


def test_units():
    assert unit_of("stranded") == "people" and unit_of("stranded_agents") == "agents"
    assert unit_of("median_days_to_safety") == "days" and unit_of("policy") == ""
    assert unit_of("informed_share") == "share 0-1"
