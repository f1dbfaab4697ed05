"""The key-numbers table of a brief: one row per policy, the outcomes a planner asks about
first, each a mean over seeds with its 95% interval.

Kept apart from the report so a notebook can show the same table the brief prints.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from micic_sim.analysis.outcomes import is_share, outcome_label
from micic_sim.analysis.stats import mean_ci
from micic_sim.units import MIN_AGENTS

KEY_METRICS = (
    "reached_safety_share",
    "median_days_to_safety",
    "left_behind",
    "stranded",
    "detained",
    "harmed",
    "still_home",
    "informed_share",
    "equity_gap_status",
    "equity_gap_nationality",
)
SHORT = {
    "reached_safety_share": "Reached safety",
    "median_days_to_safety": "Median days to safety",
    "left_behind": "Left behind (people)",
    "stranded": "Stranded (people)",
    "detained": "Detained (people)",
    "harmed": "Harmed (people)",
    "still_home": "Still at home (people)",
    "informed_share": "Informed",
    "equity_gap_status": "Gap by status",
    "equity_gap_nationality": "Gap by nationality",
}


def key_numbers(
    outcomes: pd.DataFrame,
    policies: Sequence[str] | None = None,
    metrics: Sequence[str] = KEY_METRICS,
) -> pd.DataFrame:
    """Long table: policy, metric, n, mean, ci_low, ci_high (overall rows only), and agents:
    the mean number of simulated agents a count (or the numerator of a share) rests on."""
    df = outcomes[outcomes["group_type"].astype(str) == "overall"]
    policies = (
        list(policies) if policies is not None else list(dict.fromkeys(df["policy"].astype(str)))
    )
    rows = []
    for p in policies:
        sub = df[df["policy"].astype(str) == p]
        for m in metrics:
            if m not in sub.columns:
                continue
            iv = mean_ci(sub[m].to_numpy(np.float64))
            ev = m.removesuffix("_share") + "_agents"  # the agents a count or share rests on
            rows.append(
                {
                    "policy": p,
                    "metric": m,
                    "n": iv.n,
                    "mean": iv.mean,
                    "ci_low": iv.low,
                    "ci_high": iv.high,
                    "agents": float(sub[ev].mean()) if ev in sub.columns else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=[*COLUMNS])


COLUMNS = ("policy", "metric", "n", "mean", "ci_low", "ci_high", "agents")
FEW_MARK = "*"  # after a number resting on fewer than MIN_AGENTS simulated agents
FEW_NOTE = f"* rests on fewer than {MIN_AGENTS} simulated agents: indicative only."


def format_value(
    metric: str, mean: float, low: float = np.nan, high: float = np.nan, *, interval: bool = True
) -> str:
    """'96.1% (95.4-96.8)', '1,234 (1,100-1,370)', '9.5 days' - shares as %, counts as
    whole people, intervals only where there are several seeds."""
    if not np.isfinite(mean):
        return "-"
    if is_share(metric):
        text, f = f"{mean * 100:.1f}%", (lambda v: f"{v * 100:.1f}")
    elif "days" in metric:
        text, f = f"{mean:.1f}", (lambda v: f"{v:.1f}")
    else:
        text, f = f"{mean:,.0f}", (lambda v: f"{max(v, 0):,.0f}")
    if interval and np.isfinite(low):
        if is_share(metric):  # a t-interval can overshoot: a share stays within 0-100%
            low, high = max(low, 0.0), min(high, 1.0)
        text += f" ({f(low)}\u2013{f(high)})"
    return text


def _mark(text: str, few: bool) -> str:
    """'71* (1-142)': the mark goes on the number, before its interval."""
    if not few:
        return text
    value, sep, rest = text.partition(" (")
    return f"{value}{FEW_MARK}{sep}{rest}"


def key_numbers_wide(
    outcomes: pd.DataFrame,
    policies: Sequence[str] | None = None,
    metrics: Sequence[str] = KEY_METRICS,
    *,
    labels: bool = True,
) -> pd.DataFrame:
    """The printed table: rows = policies, columns = metrics, cells formatted as text."""
    long = key_numbers(outcomes, policies, metrics)
    if long.empty:
        return pd.DataFrame()
    long["text"] = [
        _mark(format_value(m, a, lo, hi), 0 < k < MIN_AGENTS)
        for m, a, lo, hi, k in zip(
            long["metric"],
            long["mean"],
            long["ci_low"],
            long["ci_high"],
            long["agents"],
            strict=True,
        )
    ]
    wide = long.pivot(index="policy", columns="metric", values="text")
    wide = wide.reindex(
        index=list(dict.fromkeys(long["policy"])), columns=[m for m in metrics if m in wide.columns]
    )
    if labels:
        wide.columns = [SHORT.get(m, outcome_label(m)) for m in wide.columns]
    return wide
