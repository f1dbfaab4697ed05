"""Charts: each lever's effect against the baseline with 95% confidence intervals, and the
lever x lever interaction grid.

Planners choose between levers; these charts put every lever on one scale (percentage points
of people, versus doing nothing extra) with the seed-to-seed uncertainty visible, so a lever
is not chosen on noise."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from micic_sim.analysis.compare import baseline_name, compare_levers
from micic_sim.analysis.equity import higher_is_better
from micic_sim.analysis.interactions import interactions, pair_grid
from micic_sim.analysis.load import Results
from micic_sim.analysis.outcomes import change_phrase, is_share, outcome_label
from micic_sim.plots.style import GREY, OKABE_ITO, figure, headline, styled
from micic_sim.plots.words import policy_label

BETTER, WORSE = OKABE_ITO["blue"], OKABE_ITO["vermillion"]


def _scale(metric: str) -> tuple[float, str]:
    """Multiplier and unit for differences: shares in percentage points."""
    return (100.0, "percentage points") if is_share(metric) else (1.0, "people")


def _signed(x: float, decimals: int) -> str:
    """'+0.05', never '-0.00' (a rounded zero has no sign)."""
    return f"{round(float(x), decimals) + 0.0:+.{decimals}f}"


def _colour(row: pd.Series, metric: str) -> str:
    if not row["significant"]:
        return GREY
    good = (row["diff"] > 0) == higher_is_better(metric)
    return BETTER if good else WORSE


def lever_sentence(table: pd.DataFrame, metric: str, n_seeds: int) -> str:
    """The finding: the most helpful lever (if any beats noise), and any that did harm."""
    words = outcome_label(metric, with_unit=False).lower()
    t = table.dropna(subset=["diff"])
    sig = t[t["significant"]]
    good = higher_is_better(metric)
    helpful = sig[(sig["diff"] > 0) == good]
    harmful = sig[(sig["diff"] > 0) != good]
    k, unit = _scale(metric)
    if helpful.empty:
        text = (
            f"No policy improved '{words}' beyond seed-to-seed noise "
            f"({n_seeds} seed{'s' if n_seeds != 1 else ''})"
        )
    else:
        best = helpful.loc[helpful["diff"].abs().idxmax()]
        small = is_share(metric) and abs(best["diff"]) < 0.01  # real but too small to plan on
        d = 2 if small else 1
        ci = f"95% CI {best['diff_low'] * k:+.{d}f} to {best['diff_high'] * k:+.{d}f}"
        if small:
            text = (
                f"No policy moved '{words}' by even 1 in 100 people (largest: "
                f"{policy_label(str(best['policy']))}, {best['diff'] * k:+.2f} points, "
                f"{ci})"
            )
        else:
            text = (
                f"{policy_label(str(best['policy']))} did most: "
                f"{change_phrase(metric, best['diff'])} ({ci})"
            )
    if not harmful.empty:
        worst = harmful.loc[harmful["diff"].abs().idxmax()]
        text += (
            f"; with {policy_label(str(worst['policy']))}, {change_phrase(metric, worst['diff'])}"
        )
    return text


@styled
def lever_comparison(
    res: Results,
    metrics: Sequence[str] = ("reached_safety_share", "left_behind_share"),
    baseline: str = "baseline",
) -> Figure | None:
    """Dots and 95% CIs: each policy's difference from the baseline, one panel per metric,
    policies sorted by their effect on the first metric."""
    ref = baseline_name(res.outcomes, baseline)
    if ref is None or len(res.policies) < 2:
        return None
    tables = [compare_levers(res.outcomes, m, baseline=ref) for m in metrics]
    first = tables[0][tables[0]["policy"].astype(str) != ref]
    sign = 1 if higher_is_better(metrics[0]) else -1
    order = first.assign(_k=first["diff"] * sign).sort_values("_k")["policy"].astype(str)
    order = list(order)
    n_seeds = int(first["n"].max()) if len(first) else 0
    fig, axes = figure(1, len(metrics), size=(14, max(5.0, 2.6 + 0.5 * len(order))), sharey=True)
    axes = np.atleast_1d(axes)
    y = np.arange(len(order))
    for ax, metric, table in zip(axes, metrics, tables, strict=True):
        k, unit = _scale(metric)
        t = table.set_index(table["policy"].astype(str)).reindex(order)
        for yi, (_, row) in zip(y, t.iterrows(), strict=True):
            c = _colour(row, metric)
            if np.isfinite(row["diff_low"]):
                ax.plot(
                    [row["diff_low"] * k, row["diff_high"] * k],
                    [yi, yi],
                    color=c,
                    lw=3.5,
                    solid_capstyle="round",
                )
            ax.scatter(
                [row["diff"] * k], [yi], color=c, s=110, zorder=3, edgecolor="white", linewidth=1.2
            )
        ax.axvline(0, color="#333333", lw=1.2)
        ax.set_title(outcome_label(metric, with_unit=False), loc="left", fontsize=15)
        ax.grid(axis="y", visible=False)
        lo, hi = ax.get_xlim()
        span = max(abs(lo), abs(hi))
        ax.set_xlim(-span * 1.05, span * 1.05)
        hint = (
            "\u2190 worse    better \u2192"
            if higher_is_better(metric)
            else "\u2190 better    worse \u2192"
        )
        ax.set_xlabel(f"Change vs baseline ({unit})\n{hint}")
    axes[0].set_yticks(y, [policy_label(p) for p in order])
    base_mean = tables[0].loc[tables[0]["policy"].astype(str) == ref, "mean"]
    base_txt = (
        f" Baseline: {base_mean.iloc[0] * 100:.1f}% reached safety."
        if len(base_mean) and is_share(metrics[0])
        else ""
    )
    base_rows = res.outcomes[
        (res.outcomes["group_type"].astype(str) == "overall")
        & (res.outcomes["policy"].astype(str) == ref)
    ]
    home = (
        float((base_rows["still_home"] / base_rows["population"]).mean())
        if len(base_rows) and "still_home" in base_rows
        else 0.0
    )
    if home >= 0.2:  # most people never tried to leave: levers on the way out cannot act
        base_txt += f" {home * 100:.0f}% were still at home at the end."
    headline(
        fig,
        lever_sentence(first, metrics[0], n_seeds),
        f"Each policy's difference from the baseline: mean over {n_seeds} seeds with its "
        "95% confidence interval (paired by seed)",
        "Blue: better than baseline beyond noise; orange-red: worse; grey: the interval "
        "includes no change." + base_txt + " People neither safe nor left behind were in "
        "shelters, at home or still travelling at the end. A planning aid, not a "
        "prediction.",
    )
    return fig


def interaction_sentence(table: pd.DataFrame, metric: str) -> str:
    pairs = table[table["a"] != table["b"]].dropna(subset=["interaction"])
    if pairs.empty:
        return "Lever pairs"
    sig = pairs[(pairs["interaction_low"] > 0) | (pairs["interaction_high"] < 0)]
    if sig.empty:
        return (
            "The levers add up: no pair's effect differs from the sum of its parts beyond "
            "seed-to-seed noise"
        )
    r = sig.loc[sig["interaction"].abs().idxmax()]
    return (
        f"{policy_label(r['a'])} and {policy_label(r['b']).lower()} together: "
        f"{change_phrase(metric, r['interaction'])} than their separate effects add up to"
    )


@styled
def interaction_grid(
    res: Results, metric: str = "reached_safety_share", baseline: str = "baseline"
) -> Figure | None:
    """Heat map: effect of each pair of levers (diagonal: each lever alone), annotated with
    the pair's interaction. None when the results hold no pair runs."""
    table = interactions(res.outcomes, metric, baseline=baseline)
    grid = pair_grid(table, "effect")
    inter = pair_grid(table, "interaction")
    if not table.empty:
        table = table.assign(
            sig=((table["interaction_low"] > 0) | (table["interaction_high"] < 0)).astype(float)
        )
    sig = pair_grid(table, "sig").fillna(0.0).astype(bool) if not table.empty else inter
    if grid.empty:
        return None
    k, unit = _scale(metric)
    values = grid.to_numpy(float) * k
    values_c = values if higher_is_better(metric) else -values  # colour: green = better
    # At least +-1 point (or 1 person): tiny effects stay pale instead of filling the scale.
    lim = max(float(np.nanmax(np.abs(values_c))), 1.0)
    d = 2 if np.nanmax(np.abs(values)) < 1 else 1  # decimals: tiny effects stay visible
    n = len(grid)
    fig, ax = figure(size=(4.5 + 1.7 * n, 3.5 + 1.4 * n))
    masked = np.ma.masked_invalid(np.where(np.triu(np.ones((n, n), bool), 1), np.nan, values_c))
    im = ax.imshow(masked, cmap="BrBG", norm=TwoSlopeNorm(0, -lim, lim), aspect="equal")
    ax.grid(False)
    for i in range(n):
        for j in range(i + 1):
            v = values[i, j]
            if not np.isfinite(v):
                ax.text(j, i, "no runs", ha="center", va="center", fontsize=11, color=GREY)
                continue
            txt = _signed(v, d) if unit == "percentage points" else f"{v:+,.0f}"
            if i != j and np.isfinite(inter.iat[i, j]):
                star = "*" if sig.iat[i, j] else ""
                txt += f"\n(synergy {_signed(inter.iat[i, j] * k, d)}{star})"
            dark = abs(values_c[i, j]) > 0.6 * lim
            ax.text(
                j,
                i,
                txt,
                ha="center",
                va="center",
                fontsize=12.5,
                color="white" if dark else "#111111",
                fontweight="bold" if i == j else None,
            )
    labels = [policy_label(x) for x in grid.index]
    ax.set_xticks(range(n), labels, rotation=30, ha="right")
    ax.set_yticks(range(n), labels)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    cbar = fig.colorbar(im, ax=ax, shrink=0.8)
    cbar.set_label(f"Change vs baseline ({unit}); green = better")
    if not higher_is_better(metric):
        cbar.ax.invert_yaxis()
    seeds = int(table["n"].max()) if len(table) else 0
    headline(
        fig,
        interaction_sentence(table, metric),
        f"{outcome_label(metric, with_unit=False)}: change vs baseline with each lever "
        "alone (diagonal) and each pair together (below it)",
        f"Synergy = the pair's effect minus the two single effects (mean of {seeds} "
        "seeds); * = its 95% interval excludes zero. Positive synergy on a harm means the "
        "pair does worse than expected. A planning aid, not a prediction.",
    )
    return fig
