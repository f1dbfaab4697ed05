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
    assert report_main([str(tmp_path / "nope")]) == 2  # an input to fix


# -- The brief as a reader sees it: a browser at 1280 px, the PDF's pages as images --------

PROBE = """<script>
window.addEventListener('load', () => {
  const vw = document.documentElement.clientWidth;
  const box = document.body.getBoundingClientRect();
  const right = box.right - parseFloat(getComputedStyle(document.body).paddingRight);
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.right > right + 0.5)) {
      wide.push(el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40));
    }
  }
  const pre = document.createElement('pre');
  pre.id = 'overflow-probe';
  pre.textContent = JSON.stringify({vw: vw, scroll: document.documentElement.scrollWidth, wide});
  document.body.appendChild(pre);
});
</script></body>"""


def _tool(name: str) -> str:
    """A rendering tool's path; CI installs them (.ci/run) and sets MICIC_REQUIRE_RENDER_TOOLS
    so a missing one fails there instead of skipping."""
    import os
    import shutil

    path = shutil.which(name)
    if path is None:
        if os.environ.get("MICIC_REQUIRE_RENDER_TOOLS"):
            pytest.fail(f"{name} is not installed (apt-get install chromium poppler-utils)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def brief(sweep: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief")
    assert report_main([str(sweep), "--out", str(out)]) == 0
    return out


def overflow_at(html_file: Path, width: int, tmp: Path) -> dict:
    """Render in headless Chromium at `width` px; what sticks out to the right of the page or
    of the text column (the body's content box)."""
    import json
    import re
    import subprocess

    probe = tmp / "probe.html"
    probe.write_text(html_file.read_text().replace("</body>", PROBE))
    r = subprocess.run(
        [
            _tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={width},900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'<pre id="overflow-probe">(.*?)</pre>', r.stdout, re.S)
    assert found, f"chromium rendered nothing: {r.stderr[-500:]}"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_brief_html_fits_1280px(brief: Path, tmp_path: Path):
    result = overflow_at(brief / "report.html", 1280, tmp_path)
    assert result["vw"] == 1280
    assert result["scroll"] <= result["vw"] and not result["wide"], result
    # The probe sees overflow: a table forced wider than the page is caught.
    wide = tmp_path / "wide.html"
    wide.write_text(
        (brief / "report.html")
        .read_text()
        .replace("<h2>Scenario</h2>", '<h2>Scenario</h2><table style="width:2000px"><tr><td>x')
    )
    assert overflow_at(wide, 1280, tmp_path)["wide"]


def test_brief_pdf_pages(brief: Path, tmp_path: Path):
    """Every page of the PDF the same (A4 landscape) size, none blank or nearly so."""
    import subprocess

    subprocess.run(
        [_tool("pdftoppm"), "-r", "30", "-png", str(brief / "report.pdf"), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 2 + len(SPECS)  # text pages, then one page per chart
    sizes = set()
    for page in pages:
        img = imread(page)
        sizes.add(img.shape[:2])
        ink = (img[..., :3].mean(axis=2) < 0.9).mean()  # share of pixels that are not paper
        assert ink > 0.01, f"{page.name} is (nearly) blank: {ink:.3%} ink"
    assert len(sizes) == 1, f"pages of several sizes: {sizes}"
    h, w = sizes.pop()
    assert abs(w / h - 11.69 / 8.27) < 0.02  # A4 landscape


def test_brief_words_are_for_people(brief: Path, sweep: Path):
    """Human labels for every id and no internal text: no `code`, file names or raw ids."""
    import re

    from micic_sim.analysis.load import load as load_results

    html = (brief / "report.html").read_text()
    text = re.sub(r"<[^>]+>", " ", re.sub(r"data:image/png;base64,[^\"]+", "", html))
    text = text.split("source:")[0] + text.split("source:", 1)[1].split("\n", 1)[1]
    assert "`" not in text and ".csv" not in text
    assert not re.search(r"\b(crossing|evacuation|consulate|link|status|nationality):\w", text)
    res = load_results(sweep, write_collection=False)
    for nat in res.scenario.nationalities:  # nationality ids are shown by name
        assert not re.search(rf"\b{nat.id}\b", text), nat.id
    assert "simulated agents" in text.lower() and "people per agent" in text.lower()


@pytest.mark.parametrize("scenario", ["demo", "libya_2011", "thailand_2011_floods"])
def test_every_service_point_has_a_human_name(scenario: str):
    """Bottleneck tables and chart legends name service points in words, never by id."""
    from micic_sim.plots.words import resource_name
    from micic_sim.scenario import load_scenario

    s = load_scenario(scenario)
    labels = [
        *(f"evacuation:{i}" for i in s.evacuations["id"]),
        *(f"crossing:{i}" for i in s.crossings["id"]),
        *(f"consulate:{i}" for i in s.consulates["id"]),
        *(f"link:{i}" for i in s.links["id"]),
    ]
    for label in labels:
        name = resource_name(label, s)
        assert "_" not in name and label.split(":")[0] + ":" not in name, (label, name)
