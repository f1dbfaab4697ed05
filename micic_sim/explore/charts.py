"""Charts of an exploration, in the house style (micic_sim.plots.style): which assumptions
matter most for a lever's effect, which policy is most robust, and where a lever fails.

Every title states the finding in words, every count is in people, and the footnote gives the
number of runs and the agent scale the people rest on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from micic_sim.analysis.outcomes import outcome_label
from micic_sim.explore.uncertainties import Uncertainty
from micic_sim.plots.style import (
    GREY,
    LIGHT_GREY,
    OKABE_ITO,
    figure,
    headline,
    styled,
    thousands_axis,
)
from micic_sim.plots.words import policy_label


def _label(items: list[Uncertainty]) -> dict[str, str]:
    """'child_share [A43]' for each uncertainty name."""
    return {u.name: f"{u.name.replace('_', ' ')} [{u.source}]" for u in items}


@styled
def sensitivity_chart(
    indices: pd.DataFrame,
    items: list[Uncertainty],
    *,
    index: str,
    spread: str | None,
    title: str,
    unit: str,
    footnote: str,
    top: int = 10,
) -> Figure:
    """Horizontal bars of one quantity's index for its `top` assumptions (largest on top),
    with a second, lighter bar for `spread` (Morris sigma, Sobol ST) when given."""
    d = indices.sort_values(index, ascending=False).head(top).iloc[::-1]
    names = _label(items)
    fig, ax = figure(size=(12, 1.2 + 0.55 * len(d) + 2.2))
    y = np.arange(len(d))
    if spread is not None:
        ax.barh(y + 0.2, d[spread], height=0.38, color=LIGHT_GREY, label=_SPREAD[spread])
    ax.barh(
        y - 0.2 if spread else y,
        d[index],
        height=0.38,
        color=OKABE_ITO["blue"],
        label=_INDEX[index],
    )
    ax.set_yticks(y, [names.get(n, n) for n in d["uncertainty"]])
    ax.set_xlabel(unit)
    if unit.startswith("people"):
        thousands_axis(ax.xaxis)
    ax.legend(loc="lower right")
    lead = d["uncertainty"].iloc[-1] if len(d) else "none"
    finding = title.format(lead=names.get(lead, lead))
    headline(fig, finding[:1].upper() + finding[1:], None, footnote)
    return fig


_INDEX = {
    "mu_star": "mean change when the assumption moves (mu*)",
    "S1": "share of the spread it explains alone (S1)",
}
_SPREAD = {
    "sigma": "how much that change depends on other assumptions (sigma)",
    "ST": "share with its interactions (ST)",
}


@styled
def regret_chart(table: pd.DataFrame, outcome: str, footnote: str) -> Figure:
    """Bars of each policy's largest and 90th-percentile regret (people), most robust on top."""
    d = table.iloc[::-1]
    fig, ax = figure(size=(12, 1.2 + 0.6 * len(d) + 2.2))
    y = np.arange(len(d))
    ax.barh(
        y + 0.2,
        d["max_regret"],
        height=0.38,
        color=OKABE_ITO["vermillion"],
        label="worst case over all samples",
    )
    ax.barh(
        y - 0.2,
        d["p90_regret"],
        height=0.38,
        color=OKABE_ITO["orange"],
        label="9 samples in 10 do better than this",
    )
    ax.set_yticks(y, [policy_label(p) for p in d["policy"]])
    for k, (worst, p90) in enumerate(zip(d["max_regret"], d["p90_regret"], strict=True)):
        for off, v in ((0.2, worst), (-0.2, p90)):
            ax.text(v, k + off, f" {v:,.0f}", va="center", fontsize=12, color=GREY)
    verb = "fewer" if outcome == "reached_safety" else "worse off"
    ax.set_xlabel(
        f"people {verb} than with the best policy in the same world "
        f"({outcome_label(outcome, with_unit=False).lower()})"
    )
    thousands_axis(ax.xaxis)
    ax.margins(x=0.12)
    ax.legend(loc="upper right")  # the most robust policy, on top, has the shortest bars
    best = policy_label(table["policy"].iloc[0])
    headline(
        fig,
        f"{best} is the most robust choice: the fewest people lost against the best policy "
        "in the worst of the sampled worlds",
        f"Regret of each policy for '{outcome_label(outcome, with_unit=False)}' across "
        "every sampled combination of assumptions",
        footnote,
    )
    return fig


@styled
def prim_chart(
    limits: pd.DataFrame,
    items: list[Uncertainty],
    *,
    lever: str,
    coverage: float,
    density: float,
    threshold: float,
    footnote: str,
) -> Figure:
    """For each restricted assumption: its whole sampled range (grey) and the box's range
    (coloured): 'the lever helps least when these assumptions are in these ranges'."""
    names = _label(items)
    declared = {u.name: (u.low, u.high) for u in items}
    n = max(len(limits), 1)
    fig, ax = figure(size=(12, 1.2 + 0.7 * n + 2.6))
    for k, row in enumerate(limits.itertuples(index=False)):
        lo, hi = declared[row.uncertainty]
        span = hi - lo or 1.0
        ax.barh(k, 1.0, left=0.0, color=LIGHT_GREY, height=0.5)
        ax.barh(
            k,
            (row.high - row.low) / span,
            left=(row.low - lo) / span,
            color=OKABE_ITO["vermillion"],
            height=0.5,
        )
        ax.text(
            1.01,
            k,
            f"{number(row.low)} to {number(row.high)}  (of {number(lo)} to {number(hi)})",
            va="center",
            fontsize=12,
            color=GREY,
        )
    ax.set_yticks(range(len(limits)), [names.get(u, u) for u in limits["uncertainty"]])
    ax.set_xlim(0, 1.6)
    ax.set_xticks([0, 0.5, 1], ["low end", "middle", "high end"])
    ax.set_xlabel("position in the assumption's range")
    headline(
        fig,
        f"{policy_label(lever)} helps least when the assumptions in red hold"
        if len(limits)
        else f"No simple set of conditions singles out where {policy_label(lever)} helps least",
        (
            "Worlds where it brings no more people to safety than the baseline"
            if threshold <= 0
            else f"Worlds where it brings at most {threshold:,.0f} more people to safety"
        )
        + f": this box holds {coverage:.0%} of them (coverage), and {density:.0%} of the "
        "worlds in the box are such worlds (density)",
        footnote,
    )
    return fig


@styled
def never_helps_chart(lever: str, threshold: float, footnote: str, *, no_effect: bool) -> Figure:
    """A lever that gained at most `threshold` people in every sample (or changed nothing at
    all): no box to draw, the finding is that sentence."""
    fig, ax = figure(size=(12, 3.5))
    ax.axis("off")
    name = policy_label(lever)
    if no_effect:
        words = "What it changes does not arise in this scenario, whatever the assumptions."
        title = f"{name} made no difference in any sampled world"
        sub = "Every outcome was the same as the baseline's in every sample"
    else:
        words = "No assumption range singles out where it fails: it fails everywhere."
        title = (
            f"{name} did not bring more people to safety in any sampled world"
            if threshold <= 0
            else f"{name} brought at most {threshold:,.0f} more people to safety in every world"
        )
        sub = f"Its gain in people reaching safety was {threshold:,.0f} people or less everywhere"
    ax.text(0.0, 0.5, words, fontsize=15, va="center", wrap=True)
    headline(fig, title, sub, footnote)
    return fig


def number(v: float) -> str:
    """1,000 / 0.75 / -0.2: whole numbers with separators, small ones with 3 significant
    digits (tables and labels a planner reads: no 1.2e+04)."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def save_all(figs: dict[str, Figure], folder: Path) -> dict[str, Path]:
    from micic_sim.plots.style import save

    return {name: save(fig, folder / f"{name}.png") for name, fig in figs.items()}
