"""Chart: who is left behind - the share of each nationality and status group still stranded
(or queuing in the crisis country), detained or harmed at the end.

The guidelines ask for protection regardless of status; this chart shows which groups a plan
fails, and how (stranded, detained or harmed call for different levers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from micic_sim.analysis.equity import Contrast, contrast
from micic_sim.analysis.load import Results
from micic_sim.plots.common import policy_rows, reference_policy, seeds_note
from micic_sim.plots.style import (
    OUTCOME_COLOURS,
    figure,
    headline,
    pct,
    percent_axis,
    styled,
    times,
)
from micic_sim.plots.words import group_label, group_noun
from micic_sim.units import MIN_AGENTS, few_agents

PARTS = (
    ("stranded_share", "Stranded or still queuing", OUTCOME_COLOURS["stranded"], ""),
    ("detained_share", "Detained", OUTCOME_COLOURS["detained"], "//"),
    ("harmed_share", "Harmed", OUTCOME_COLOURS["harmed"], ".."),
)
GROUP_TYPES = ("nationality", "status")


def _pct(x: float) -> str:
    """As the bars are labelled: one decimal below 10% ('0.6%', not '1%')."""
    return pct(x, 1 if x < 0.1 else 0)


def finding_sentence(c: Contrast, res: Results, what: str = "left behind") -> str:
    """'Sahelians are 2.5x as likely as Kemetians to be left behind', or shares when a ratio
    would mislead (a comparison group near zero, or an extreme ratio)."""
    s = res.scenario
    worst = group_noun(c.group_type, c.worst, s)
    worst_in = group_noun(c.group_type, c.worst, s, start=False)
    best = group_noun(c.group_type, c.best, s, start=False)
    if c.best_value >= 0.005 and 1.5 <= c.ratio < 20 and c.reliable:
        return f"{worst} are {times(c.ratio)} as likely as {best} to be {what}"
    if not c.reliable:  # too few simulated agents for a ratio: the shares, marked as such
        return (
            f"{_pct(c.worst_value)} of {worst_in} were {what}, against {_pct(c.best_value)} of "
            f"{best} (few simulated agents: indicative only)"
        )
    if c.best_value < 0.005:
        return f"{pct(c.worst_value)} of {worst_in} were {what}, almost none of {best}"
    return (
        f"{_pct(c.worst_value)} of {worst_in} were {what}, against {_pct(c.best_value)} of {best}"
    )


def _means(res: Results, policy: str, group_type: str) -> pd.DataFrame:
    df = policy_rows(res.outcomes, policy)
    df = df[df["group_type"].astype(str) == group_type]
    cols = ["population", "agents", "left_behind", "left_behind_share"] + [p[0] for p in PARTS]
    return (
        df.groupby(df["group"].astype(str))[cols]
        .mean()
        .sort_values("left_behind_share", ascending=True)
    )


@styled
def left_behind(res: Results, policy: str | None = None) -> Figure | None:
    """Stacked horizontal bars by nationality and by status, for one policy."""
    policy = reference_policy(res, policy)
    panels = [(g, _means(res, policy, g)) for g in GROUP_TYPES]
    panels = [(g, m) for g, m in panels if len(m)]
    if not panels:
        return None
    heights = [max(len(m), 2) for _, m in panels]
    fig, axes = figure(
        len(panels), 1, size=(12, 2.2 + 0.55 * sum(heights)), gridspec_kw={"height_ratios": heights}
    )
    axes = np.atleast_1d(axes)
    for ax, (gtype, m) in zip(axes, panels, strict=True):
        # Each panel its own scale: a few percent must stay visible next to a 100% group.
        xmax = min(1.25, max(0.02, float(m["left_behind_share"].max()) * 1.3))
        y = np.arange(len(m))
        left = np.zeros(len(m))
        for col, label, col_colour, hatch in PARTS:
            ax.barh(
                y,
                m[col],
                left=left,
                color=col_colour,
                hatch=hatch,
                edgecolor="white",
                linewidth=0.5,
                label=label,
                height=0.7,
            )
            left += m[col].to_numpy()
        for yi, (_g, row) in zip(y, m.iterrows(), strict=True):
            ax.text(
                row["left_behind_share"] + xmax * 0.01,
                yi,
                f"{pct(row['left_behind_share'], 1)}  ({row['left_behind']:,.0f} people)",
                va="center",
                fontsize=12.5,
                color="#222222",
            )
        ax.set_yticks(
            y,
            [
                f"{group_label(gtype, g, res.scenario)} (n={row['population']:,.0f}"
                + (f"; only {row['agents']:,.0f} agents" if few_agents(row["agents"]) else "")
                + ")"
                for g, row in m.iterrows()
            ],
        )
        ax.set_xlim(0, xmax)
        ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= 1])
        ax.grid(axis="y", visible=False)
        percent_axis(ax.xaxis)
        # The first panel's title sits above the legend, which is drawn at its top right.
        ax.set_title(f"By {gtype}", loc="left", fontsize=16, pad=34 if ax is axes[0] else 6)
    axes[-1].set_xlabel("Left behind at the end of the period (% of the group)")
    axes[0].legend(loc="lower right", ncols=3, bbox_to_anchor=(1.0, 1.0), fontsize=12.5)
    found = [
        c
        for c in (
            contrast(policy_rows(res.outcomes, policy), g, "left_behind_share", against="largest")
            for g in GROUP_TYPES
        )
        if c is not None
    ]
    if found:
        c = max(found, key=lambda c: c.difference)
        title = finding_sentence(c, res)
    else:
        title = "Who is left behind at the end of the period"
    headline(
        fig,
        title,
        "Share of each group stranded (or still queuing) in the crisis "
        "country, detained or harmed at the end of the period",
        seeds_note(res, policy)
        + f" n = people in the group; groups of fewer than {MIN_AGENTS} agents are unreliable.",
    )
    return fig
