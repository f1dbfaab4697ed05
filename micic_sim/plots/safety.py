"""Chart: the share of each status group that had reached safety, day by day.

Speed matters as much as the end point: people still inside the crisis country are exposed
every day, so a group that gets out a week later is worse protected even if it gets out."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from micic_sim.analysis.load import Results
from micic_sim.analysis.series import first_day_reaching, share_band, share_over_time
from micic_sim.plots.common import policy_rows, reference_policy, seeds_note
from micic_sim.plots.style import (
    colour,
    end_labels,
    figure,
    headline,
    linestyle,
    pct,
    percent_axis,
    styled,
)
from micic_sim.plots.words import group_label, group_noun
from micic_sim.units import few_agents

MIN_GROUP_SHARE = 0.01


def _finding(shares, res: Results, group_type: str) -> str:
    """The headline, from groups of at least MIN_AGENTS agents (`shares` holds only those)."""
    if shares.shape[1] == 0:
        return f"Share of each {group_type} group that reached safety, by day"
    final = shares.iloc[-1].dropna()
    day_end = float(shares.index[-1])
    best, worst = final.idxmax(), final.idxmin()
    s = res.scenario
    best_n = group_noun(group_type, best, s, start=False)
    worst_n = group_noun(group_type, worst, s, start=False)
    if final[best] - final[worst] >= 0.05:
        if final[worst] < 0.005:
            return (
                f"By day {day_end:.0f}, {pct(final[best])} of {best_n} had reached "
                f"safety, but none of the {worst_n}"
            )
        return (
            f"By day {day_end:.0f}, {pct(final[best])} of {best_n} but only "
            f"{pct(final[worst])} of {worst_n} had reached safety"
        )
    half = {g: first_day_reaching(shares[g], 0.5) for g in shares.columns}
    half = {g: d for g, d in half.items() if np.isfinite(d)}
    if len(half) >= 2:
        fast, slow = min(half, key=half.get), max(half, key=half.get)
        if half[slow] - half[fast] >= 1:
            return (
                f"Half of {group_noun(group_type, fast, s, start=False)} were safe by day "
                f"{half[fast]:.0f}; {group_noun(group_type, slow, s, start=False)} took until "
                f"day {half[slow]:.0f}"
            )
    return (
        f"By day {day_end:.0f}, {pct(final.min())} to {pct(final.max())} of each "
        f"{group_type} group had reached safety: little difference between groups"
    )


@styled
def safety_over_time(
    res: Results, policy: str | None = None, group_type: str = "status"
) -> Figure | None:
    """Lines: share of each group (status by default) safe on each day, for one policy."""
    policy = reference_policy(res, policy)
    ts = policy_rows(res.timeseries, policy)
    shares = share_over_time(ts, group_type)
    if shares.empty:
        return None
    rows = res.outcomes[
        (res.outcomes["group_type"].astype(str) == group_type)
        & (res.outcomes["policy"].astype(str) == policy)
    ]
    sizes = rows.groupby("group", observed=True)["population"].mean()
    agents = rows.groupby("group", observed=True)["agents"].mean() if "agents" in rows else sizes
    overall = float(sizes.sum()) or 1.0
    keep = [g for g in shares.columns if sizes.get(g, 0) / overall >= MIN_GROUP_SHARE]
    shares = shares[keep]
    order = shares.iloc[-1].sort_values(ascending=False).index
    fig, ax = figure()
    low, high = share_band(ts, group_type) if len(res.runs_of(policy)) > 1 else (None, None)
    for i, g in enumerate(order):
        label = f"{group_label(group_type, g, res.scenario)} ({sizes.get(g, 0):,.0f} people"
        few = few_agents(agents.get(g, 0))
        label += f"; only {agents.get(g, 0):,.0f} agents)" if few else ")"
        ax.plot(shares.index, shares[g], color=colour(i), linestyle=linestyle(i), label=label)
        if low is not None and g in low.columns:  # the range across seeds
            ax.fill_between(low.index, low[g], high[g], color=colour(i), alpha=0.18, lw=0)
    ax.set_ylim(-0.015, 1.03)
    x_end = float(shares.index[-1])
    ax.set_xlim(0, x_end * 1.07)
    end_labels(
        ax,
        x_end * 1.01,
        [float(shares[g].iloc[-1]) for g in order],
        [pct(shares[g].iloc[-1]) for g in order],
        [colour(i) for i in range(len(order))],
    )
    percent_axis(ax.yaxis)
    ax.set_xlabel("Days since the crisis began (days)")
    ax.set_ylabel("Reached safety (% of the group)")
    # The legend goes where the lines are not: low curves leave the top free.
    low = float(shares.iloc[-1].max()) < 0.6
    ax.legend(title=group_type.capitalize(), loc="upper left" if low else "lower right")
    headline(
        fig,
        _finding(shares[[g for g in order if not few_agents(agents.get(g, 0))]], res, group_type),
        f"Share of each {group_type} group that had reached safety, by day"
        + (
            f" (line: mean; shaded: range across {len(res.runs_of(policy))} seeds)"
            if low is not None
            else ""
        ),
        seeds_note(res, policy),
    )
    return fig
