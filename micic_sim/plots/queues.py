"""Chart: how many people were waiting at each border crossing, consular post and evacuation
service, day by day.

A queue is people exposed to the crisis while they wait, and at some posts at risk of
detention; the panel shows where and when capacity ran short."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from micic_sim.analysis.bottlenecks import bottlenecks, queue_band, queue_over_time
from micic_sim.analysis.load import Results
from micic_sim.plots.common import policy_rows, reference_policy, seeds_note
from micic_sim.plots.style import colour, figure, headline, linestyle, styled, thousands_axis
from micic_sim.plots.words import resource_name, waiting_phrase

PANELS = (
    ("crossing", "Border crossings"),
    ("consulate", "Consular posts"),
    ("evacuation", "Evacuation transport"),
    ("link", "Capacity-limited routes"),
)
MAX_LINES = 5  # more lines than this are unreadable: the rest are summed as "others"


def bottleneck_sentence(top, res: Results) -> str:
    where = waiting_phrase(str(top["label"]), res.scenario)
    return (
        f"Most time lost waiting {where}: up to {top['peak']:,.0f} people in the queue, "
        f"worst on day {top['peak_day']:.0f}"
    )


@styled
def queues_over_time(res: Results, policy: str | None = None) -> Figure | None:
    """One panel per kind of service point that had a queue, one line per service point."""
    policy = reference_policy(res, policy)
    ts = policy_rows(res.timeseries, policy)
    wide = queue_over_time(ts, kinds=[k for k, _ in PANELS])
    if wide.shape[1] == 0:
        return None
    panels = [(k, title, [c for c in wide.columns if c.startswith(k + ":")]) for k, title in PANELS]
    panels = [p for p in panels if p[2]]
    seeds = len(res.runs_of(policy))
    low, high = queue_band(ts, kinds=[k for k, _ in PANELS]) if seeds > 1 else (None, None)
    fig, axes = figure(len(panels), 1, size=(15, 2.0 + 3.0 * len(panels)), sharex=True)
    axes = np.atleast_1d(axes)
    for ax, (_, title, cols) in zip(axes, panels, strict=True):
        cols = sorted(cols, key=lambda c: -wide[c].max())
        shown, rest = cols[:MAX_LINES], cols[MAX_LINES:]
        for i, c in enumerate(shown):
            ax.plot(
                wide.index,
                wide[c],
                color=colour(i),
                linestyle=linestyle(i),
                lw=2.6,
                label=resource_name(c, res.scenario),
            )
            if low is not None and c in low.columns:  # the range across seeds
                ax.fill_between(low.index, low[c], high[c], color=colour(i), alpha=0.18, lw=0)
        if rest:
            ax.plot(
                wide.index,
                wide[rest].sum(axis=1),
                color="#8C8C8C",
                lw=2,
                label=f"{len(rest)} other{'s' if len(rest) > 1 else ''} (together)",
            )
        ax.set_title(title, loc="left", fontsize=16)
        ax.set_ylabel("People waiting")
        ax.set_ylim(bottom=0)
        thousands_axis(ax.yaxis)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=12, borderaxespad=0)
    axes[-1].set_xlabel("Days since the crisis began (days)")
    axes[-1].set_xlim(0, float(wide.index.max()))
    table = bottlenecks(ts, by=())
    title = bottleneck_sentence(table.iloc[0], res) if len(table) else "Queues at service points"
    headline(
        fig,
        title,
        "People waiting at each service point, by day (zero when there is no line"
        + (f"; line: mean, shaded: range across {seeds} seeds)" if low is not None else ")"),
        seeds_note(res, policy) + " Most time lost = most person-days spent queuing.",
    )
    return fig
