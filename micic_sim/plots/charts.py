"""The set of charts a brief shows, built in one place so the report, the experiment folders
and the notebook all produce the same charts with the same captions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from micic_sim.analysis.load import Results
from micic_sim.plots.flowmap import flow_map
from micic_sim.plots.left_behind import left_behind
from micic_sim.plots.levers import interaction_grid, lever_comparison
from micic_sim.plots.queues import queues_over_time
from micic_sim.plots.safety import safety_over_time
from micic_sim.plots.style import save

log = logging.getLogger(__name__)


@dataclass
class Chart:
    key: str
    caption: str  # how to read it (the finding is in the chart's own title)
    figure: Figure


# (key, caption, builder, needs several policies)
SPECS: list[tuple[str, str, Callable[..., Figure | None], bool]] = [
    (
        "lever_comparison",
        "Each policy against the baseline. Dots are means over seeds, bars 95% confidence "
        "intervals; a bar that crosses zero means the change could be seed-to-seed noise.",
        lambda res, policy: lever_comparison(res),
        True,
    ),
    (
        "interaction_grid",
        "Levers used together. Diagonal: each lever alone; below it: each pair. 'Synergy' is "
        "what the pair adds beyond the sum of the two single effects.",
        lambda res, policy: interaction_grid(res),
        True,
    ),
    (
        "safety_over_time",
        "How quickly each status group reached safety. A line that rises late means people "
        "stayed exposed longer, even if they got out in the end.",
        lambda res, policy: safety_over_time(res, policy),
        False,
    ),
    (
        "left_behind",
        "Who was still stranded (or queuing), detained or harmed at the end, by nationality and "
        "status. Each panel has its own scale.",
        lambda res, policy: left_behind(res, policy),
        False,
    ),
    (
        "queues",
        "People waiting at each border crossing, consular post, evacuation service and "
        "capacity-limited route, day by day: where capacity ran short, and when.",
        lambda res, policy: queues_over_time(res, policy),
        False,
    ),
    (
        "flow_map",
        "Ways out: roads drawn as wide as the number of people who used them, border crossings "
        "sized by people who crossed, evacuation routes dashed.",
        lambda res, policy: flow_map(res, policy),
        False,
    ),
]


def build(res: Results, policy: str | None = None) -> list[Chart]:
    """Every chart that the results can support (lever charts need several policies; the
    interaction grid needs runs of lever pairs)."""
    charts = []
    for key, caption, make, multi in SPECS:
        if multi and len(res.policies) < 2:
            continue
        try:
            fig = make(res, policy)
        except (KeyError, ValueError) as exc:  # a chart's data is missing: skip, say why
            log.warning("chart %s skipped: %s", key, exc)
            continue
        if fig is not None:
            charts.append(Chart(key, caption, fig))
    return charts


def write_pngs(res: Results, out_dir: str | Path, policy: str | None = None) -> list[Path]:
    """Build every chart and write it as <key>.png into out_dir."""
    out = Path(out_dir)
    return [save(c.figure, out / f"{c.key}.png") for c in build(res, policy)]
