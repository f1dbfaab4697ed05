"""Analysis functions checked against numbers computed by hand, on small synthetic run folders
(no simulation): replicate means and t-intervals, paired and unpaired differences from the
baseline, equity gaps and contrasts, the bottleneck finder, interactions, shares over time."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from micic_sim.analysis.bottlenecks import bottlenecks, pretty_id, queue_peaks, worst_bottleneck
from micic_sim.analysis.compare import compare_levers, outcomes_by_group, replicate_stats
from micic_sim.analysis.equity import contrast, equity_gap, equity_gap_by_policy
from micic_sim.analysis.interactions import interactions, missing_pairs, pair_grid
from micic_sim.analysis.keynumbers import format_value, key_numbers
from micic_sim.analysis.load import load
from micic_sim.analysis.outcomes import change_phrase, outcome_rows
from micic_sim.analysis.runs import derived_policy, lever_label, run_info
from micic_sim.analysis.series import first_day_reaching, share_over_time
from micic_sim.analysis.stats import mean_ci, paired_diff_ci, welch_diff_ci

T2 = 4.302652729911275  # Student t, 97.5% quantile, 2 degrees of freedom


def group(n: int, safe: int, stranded: int = 0, detained: int = 0, harmed: int = 0) -> dict:
    return {
        "population": n,
        "reached_safety": {"count": safe, "share": safe / n},
        "median_days_to_safety": 5.0,
        "harmed": harmed,
        "stranded": stranded,
        "detained": detained,
        "in_shelter": 0,
        "still_home": 0,
        "evacuated": 0,
        "repatriated": 0,
        "informed_share": 1.0,
        "median_days_to_informed": 1.0,
    }


def summary(
    regular: tuple[int, int], irregular: tuple[int, int], stranded_irregular: int = 0
) -> dict:
    """Two status groups (n, safe each); overall is their sum."""
    (nr, sr), (ni, si) = regular, irregular
    s = group(nr + ni, sr + si, stranded=stranded_irregular)
    s["by_status"] = {
        "regular": group(nr, sr),
        "irregular": group(ni, si, stranded=stranded_irregular),
    }
    s["by_documentation"] = {"passport": group(nr + ni, sr + si, stranded=stranded_irregular)}
    s["by_nationality"] = {"AAA": group(nr, sr), "BBB": group(ni, si, stranded=stranded_irregular)}
    s["equity_gap"] = {
        "by_status": {"gap": sr / nr - si / ni, "best": "regular", "worst": "irregular"}
    }
    s["scenario"], s["days"] = "synthetic", 3
    return s


def write_run(
    root: Path,
    policy: str,
    seed: int,
    levers: list[str],
    summ: dict,
    queues: dict[str, list[float]] | None = None,
) -> Path:
    d = root / "synthetic" / policy / f"seed{seed}"
    d.mkdir(parents=True)
    cfg = {
        "scenario": "synthetic",
        "seed": seed,
        "levers": {name: {"enabled": True} for name in levers},
    }
    (d / "config.yaml").write_text(yaml.safe_dump(cfg))
    rows = []
    days = [0.0, 0.25, 0.5]
    for k, day in enumerate(days):
        # 10 regular people: 0, 5, 10 safe; 10 irregular: 0, 0, 5 safe.
        rows += [
            (day, "state:crossed", "status:regular", [0, 5, 10][k]),
            (day, "state:home", "status:regular", [10, 5, 0][k]),
            (day, "state:crossed", "status:irregular", [0, 0, 5][k]),
            (day, "state:home", "status:irregular", [10, 10, 5][k]),
        ]
        for label, values in (queues or {}).items():
            if values[k]:
                rows.append((day, "queue", label, values[k]))
    pd.DataFrame(rows, columns=["day", "metric", "group", "value"]).to_parquet(
        d / "timeseries.parquet"
    )
    (d / "summary.json").write_text(json.dumps(summ))
    return d


@pytest.fixture
def sweep(tmp_path: Path) -> Path:
    """baseline and 'a' at seeds 0-2 (paired), 'b' at seeds 5-6 (unpaired), pair a+b."""
    safe_base = [50, 60, 70]  # of 100 -> 0.5, 0.6, 0.7
    safe_a = [60, 80, 70]  # diffs 0.1, 0.2, 0.0
    for seed, sb, sa in zip(range(3), safe_base, safe_a, strict=True):
        write_run(
            tmp_path,
            "baseline",
            seed,
            [],
            summary((80, sb), (20, 0)),
            queues={"crossing:north_gate": [0, 10, 4]} if seed == 0 else None,
        )
        write_run(
            tmp_path,
            "firewall",
            seed,
            ["firewall"],
            summary((80, sa - 10), (20, 10), stranded_irregular=5),
        )
        write_run(tmp_path, "hotline", seed, ["hotline"], summary((80, sb + 10), (20, 0)))
        write_run(
            tmp_path, "firewall+hotline", seed, ["firewall", "hotline"], summary((80, sa), (20, 10))
        )
    for seed, s in zip((5, 6), (72, 78), strict=True):  # 0.72, 0.78
        write_run(tmp_path, "open_borders", seed, ["open_borders"], summary((80, s), (20, 0)))
    return tmp_path


def test_stats_by_hand():
    iv = mean_ci([0.5, 0.6, 0.7])
    assert iv.mean == pytest.approx(0.6)
    assert iv.sd == pytest.approx(0.1)
    assert iv.high - iv.mean == pytest.approx(T2 * 0.1 / math.sqrt(3))
    one = mean_ci([0.4])
    assert one.n == 1 and math.isnan(one.low)
    d = paired_diff_ci([0.6, 0.8, 0.7], [0.5, 0.6, 0.7])
    assert d.mean == pytest.approx(0.1) and d.low == pytest.approx(0.1 - T2 * 0.1 / 3**0.5)
    assert not d.excludes_zero
    # Welch: a = [0.72, 0.78] (var 0.0018), b = [0.5, 0.6, 0.7] (var 0.01)
    w = welch_diff_ci([0.72, 0.78], [0.5, 0.6, 0.7])
    va, vb = 0.0018 / 2, 0.01 / 3
    df = (va + vb) ** 2 / (va**2 / 1 + vb**2 / 2)
    from scipy import stats

    half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    assert w.mean == pytest.approx(0.15)
    assert (w.low, w.high) == pytest.approx((0.15 - half, 0.15 + half))


def test_outcome_rows_flatten_summary():
    rows = outcome_rows(summary((80, 40), (20, 5), stranded_irregular=3))
    overall = rows[0]
    assert (overall["group_type"], overall["group"]) == ("overall", "all")
    assert overall["reached_safety"] == 45 and overall["reached_safety_share"] == 0.45
    assert overall["left_behind"] == 3 and overall["left_behind_share"] == 0.03
    assert overall["equity_gap_status"] == pytest.approx(0.5 - 0.25)
    assert math.isnan(overall["equity_gap_nationality"])
    kinds = [(r["group_type"], r["group"]) for r in rows]
    assert ("status", "irregular") in kinds and ("nationality", "BBB") in kinds
    assert len(rows) == 1 + 2 + 1 + 2


def test_run_identity(sweep: Path):
    info = run_info(sweep / "synthetic" / "firewall+hotline" / "seed2", sweep)
    assert (info.policy, info.seed, info.scenario) == ("firewall+hotline", 2, "synthetic")
    assert info.levers == ("firewall", "hotline") and info.levers_label == "firewall+hotline"
    assert info.run_id == "synthetic/firewall+hotline/seed2"
    assert derived_policy(()) == "baseline"
    assert lever_label("open_borders") == "Open borders"


def test_compare_levers_paired_and_unpaired(sweep: Path):
    res = load(sweep, write_collection=False)
    assert res.policies[0] == "baseline" and len(res.runs) == 14
    t = compare_levers(res.outcomes, "reached_safety_share").set_index("policy")
    # firewall overall safe = (sa - 10 + 10) / 100 = sa / 100: diffs 0.1, 0.2, 0.0 vs baseline.
    fw = t.loc["firewall"]
    assert bool(fw["paired"]) and fw["n"] == 3
    assert fw["diff"] == pytest.approx(0.1)
    assert fw["diff_high"] == pytest.approx(0.1 + T2 * 0.1 / 3**0.5)
    assert not fw["significant"]
    # hotline: +0.1 at every seed -> zero spread, interval collapses on 0.1: significant.
    assert t.loc["hotline", "diff"] == pytest.approx(0.1)
    assert bool(t.loc["hotline", "significant"])
    # open_borders: seeds 5, 6 not in the baseline -> Welch.
    ob = t.loc["open_borders"]
    assert not bool(ob["paired"]) and ob["diff"] == pytest.approx(0.75 - 0.6)
    base = t.loc["baseline"]
    assert base["diff"] == 0 and base["mean"] == pytest.approx(0.6)
    assert base["ci_low"] == pytest.approx(0.6 - T2 * 0.1 / 3**0.5)


def test_replicate_stats_and_groups(sweep: Path):
    res = load(sweep, write_collection=False)
    st = replicate_stats(
        res.outcomes, "reached_safety_share", group_type="status", groups=["irregular"]
    )
    fw = st[st["policy"] == "firewall"].iloc[0]
    assert fw["mean"] == pytest.approx(0.5) and fw["n"] == 3 and fw["sd"] == 0
    by = outcomes_by_group(res.outcomes, "nationality", "stranded_share", ["firewall"])
    assert by.set_index("group").loc["BBB", "mean"] == pytest.approx(5 / 20)
    assert by.set_index("group").loc["BBB", "population"] == 20


def test_equity(sweep: Path):
    res = load(sweep, write_collection=False)
    # The irregular group is 20 agents: below MIN_AGENTS, it is not ranked by default ...
    assert equity_gap(res.outcomes, "status").empty
    assert contrast(res.outcomes, "status", "reached_safety_share", policy="firewall") is None
    # ... and with the minimum lowered, the hand-computed gaps and ratios:
    gaps = equity_gap(res.outcomes, "status", min_agents=1)
    base0 = gaps[(gaps["policy"] == "baseline") & (gaps["seed"] == 0)].iloc[0]
    # baseline seed 0: regular 50/80 = 0.625, irregular 0/20 = 0.
    assert (base0["best"], base0["worst"]) == ("regular", "irregular")
    assert base0["gap"] == pytest.approx(0.625)
    by_policy = equity_gap_by_policy(res.outcomes, "status", min_agents=1).set_index("policy")
    assert by_policy.loc["baseline", "gap"] == pytest.approx(np.mean([50, 60, 70]) / 80)
    c = contrast(res.outcomes, "nationality", "stranded_share", policy="firewall", min_agents=1)
    assert (c.worst, c.best) == ("BBB", "AAA") and c.worst_value == pytest.approx(0.25)
    assert c.ratio == math.inf and c.difference == pytest.approx(0.25)
    c2 = contrast(res.outcomes, "status", "reached_safety_share", policy="firewall", min_agents=1)
    # regular (sa - 10)/80 = 50, 70, 60 of 80: mean 0.75; irregular 10/20 = 0.5.
    assert c2.best == "regular" and c2.ratio == pytest.approx(0.75 / 0.5)
    # 10 of 20 irregular agents reached safety: too few agents to state a ratio on
    assert c2.worst_agents == pytest.approx(10) and not c2.reliable


def test_bottlenecks_by_hand(sweep: Path):
    res = load(sweep, write_collection=False)
    peaks = queue_peaks(res.timeseries)
    row = peaks.iloc[0]
    assert len(peaks) == 1 and row["label"] == "crossing:north_gate"
    assert (row["peak"], row["peak_day"]) == (10, 0.25)
    assert row["person_days"] == pytest.approx((10 + 4) * 0.25)
    t = bottlenecks(res.timeseries).set_index("policy").loc["baseline"]
    assert t["runs"] == 3 and t["peak"] == pytest.approx(10 / 3)  # two runs had no queue
    assert t["person_days"] == pytest.approx(3.5 / 3)
    assert t["kind_name"] == "Border crossing"
    top = worst_bottleneck(res.timeseries, policy="baseline")
    assert top["label"] == "crossing:north_gate"
    assert top["runs"] == 3 and top["person_days"] == pytest.approx(3.5 / 3)  # per run
    assert worst_bottleneck(res.timeseries, policy="hotline") is None
    assert pretty_id("crossing:bng_consulate", ["BNG"]) == "BNG consulate"


def test_interactions_by_hand(sweep: Path):
    res = load(sweep, write_collection=False)
    t = interactions(res.outcomes, "reached_safety_share")
    pair = t[(t["a"] == "firewall") & (t["b"] == "hotline")].iloc[0]
    # per seed: pair = sa + 10, firewall = sa, hotline = sb + 10, base = sb (all /100)
    # interaction = (sa+10) - sa - (sb+10) + sb = 0; effect = (sa + 10 - sb)/100 = .2,.3,.1
    assert pair["interaction"] == pytest.approx(0.0)
    assert pair["effect"] == pytest.approx(0.2)
    grid = pair_grid(t)
    assert grid.loc["hotline", "firewall"] == pytest.approx(0.2)
    assert grid.loc["firewall", "firewall"] == pytest.approx(0.1)
    assert missing_pairs(["firewall", "hotline", "open_borders"], t) == [
        ("firewall", "open_borders"),
        ("hotline", "open_borders"),
    ]


def test_share_over_time(sweep: Path):
    res = load(sweep, write_collection=False)
    ts = res.timeseries[res.timeseries["policy"] == "baseline"]
    shares = share_over_time(ts, "status")
    assert shares["regular"].tolist() == pytest.approx([0, 0.5, 1.0])
    assert shares["irregular"].tolist() == pytest.approx([0, 0, 0.5])
    assert first_day_reaching(shares["regular"], 0.5) == 0.25
    assert math.isnan(first_day_reaching(shares["irregular"], 0.9))


def test_key_numbers_and_words(sweep: Path):
    res = load(sweep, write_collection=False)
    k = key_numbers(res.outcomes, ["baseline"], ["reached_safety_share"]).iloc[0]
    assert k["mean"] == pytest.approx(0.6)
    assert format_value("reached_safety_share", 0.6, 0.35, 0.85) == "60.0% (35.0\u201385.0)"
    assert format_value("reached_safety_share", 0.99, 0.97, 1.02) == "99.0% (97.0\u2013100.0)"
    assert format_value("left_behind", 1234.4) == "1,234"
    assert (
        change_phrase("reached_safety_share", 0.031)
        == "3.1 more in every 100 people reached safety"
    )
    assert change_phrase("detained", -120) == "120 fewer people were detained"


def test_single_run_loads(sweep: Path):
    res = load(sweep / "synthetic" / "baseline" / "seed1")
    assert not res.is_sweep and res.policies == ["baseline"]
    assert set(res.outcomes["group_type"]) == {"overall", "status", "documentation", "nationality"}
