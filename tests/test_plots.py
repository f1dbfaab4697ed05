"""Every chart renders to a non-empty PNG from a small demo sweep, titles state a finding, and
`micic-sim report` writes a self-contained HTML and a PDF carrying the safeguard quote."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from matplotlib.image import imread

from micic_sim.analysis.load import load
from micic_sim.model import EvacuationModel
from micic_sim.plots import style
from micic_sim.plots.charts import SPECS, build, write_pngs
from micic_sim.plots.flowmap import flow_map
from micic_sim.plots.left_behind import left_behind
from micic_sim.plots.levers import interaction_grid, lever_comparison
from micic_sim.plots.queues import queues_over_time
from micic_sim.plots.report import main as report_main
from micic_sim.plots.safety import safety_over_time
from micic_sim.results import write_run

N = 1500
POLICIES = {
    "baseline": {},
    "firewall": {"firewall": {"enabled": True}},
    "hotline": {"hotline": {"enabled": True}},
    "firewall+hotline": {"firewall": {"enabled": True}, "hotline": {"enabled": True}},
}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plots")
    for policy, levers in POLICIES.items():
        for seed in (0, 1):
            m = EvacuationModel("demo", seed=seed, population_total=N, levers=levers).run()
            write_run(
                m,
                root / "demo" / policy / f"seed{seed}",
                {"scenario": "demo", "seed": seed, "levers": levers},
            )
    return root


@pytest.fixture(scope="module")
def res(sweep: Path):
    return load(sweep)


def check_png(path: Path) -> None:
    assert path.is_file() and path.stat().st_size > 10_000
    img = imread(path)
    assert img.shape[0] > 300 and img.shape[1] > 500
    assert img[..., :3].std() > 0.05  # not a blank canvas


@pytest.mark.parametrize(
    "chart",
    [safety_over_time, left_behind, queues_over_time, flow_map, lever_comparison, interaction_grid],
)
def test_chart_renders(res, chart, tmp_path: Path):
    fig = chart(res)
    assert fig is not None
    title = fig.texts[0].get_text()
    assert len(title) > 20 and any(ch.isdigit() for ch in title) or "add up" in title
    check_png(style.save(fig, tmp_path / f"{chart.__name__}.png"))


def test_single_policy_charts_for_another_policy(res, tmp_path: Path):
    for chart in (safety_over_time, left_behind, queues_over_time, flow_map):
        check_png(style.save(chart(res, "firewall"), tmp_path / f"{chart.__name__}.png"))
    with pytest.raises(KeyError):
        safety_over_time(res, "no_such_policy")


def test_lever_charts_need_several_policies(sweep: Path):
    single = load(sweep / "demo" / "baseline" / "seed0")
    assert lever_comparison(single) is None and interaction_grid(single) is None
    assert [c.key for c in build(single)] == [k for k, _, _, multi in SPECS if not multi]


def test_interaction_grid_needs_pairs(res):
    only_singles = res.outcomes[res.outcomes["policy"].astype(str) != "firewall+hotline"]
    res2 = type(res)(
        res.root,
        res.timeseries,
        only_singles,
        [r for r in res.runs if r.policy != "firewall+hotline"],
    )
    assert interaction_grid(res2) is None


def test_write_pngs(res, tmp_path: Path):
    paths = write_pngs(res, tmp_path / "charts")
    assert {p.stem for p in paths} == {k for k, *_ in SPECS}
    for p in paths:
        check_png(p)


def test_style_does_not_leak(res):
    import matplotlib

    before = matplotlib.rcParams["font.size"]
    safety_over_time(res)
    assert matplotlib.rcParams["font.size"] == before
    assert style.times(3.04) == "3x" and style.times(1.46) == "1.5x"


def test_report_sweep(sweep: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "brief"
    assert report_main([str(sweep), "--out", str(out)]) == 0
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == len(SPECS)
    assert "<img" in html and 'src="http' not in html  # self-contained
    first = html.split("data:image/png;base64,")[1].split('"')[0]
    assert base64.b64decode(first)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "not used as an enforcement tool" in html and "Challenges" in html
    assert "A planning aid, not a prediction" in html and "Firewall" in html
    pdf = (out / "report.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-" and len(pdf) > 50_000
    assert "html:" in capsys.readouterr().out


def test_report_single_run(sweep: Path):
    run = sweep / "demo" / "hotline" / "seed1"
    assert report_main([str(run), "--no-pdf"]) == 0
    html = (run / "report" / "report.html").read_text()
    assert html.count("data:image/png;base64,") == sum(1 for s in SPECS if not s[3])
    assert not (run / "report" / "report.pdf").exists()


def test_report_missing_folder(tmp_path: Path):
    assert report_main([str(tmp_path / "nope")]) == 1
