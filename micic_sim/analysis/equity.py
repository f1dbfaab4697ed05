"""Equity: how far apart groups end up, and which group fares worst.

The guidelines' promise is protection for every migrant regardless of status; these functions
turn that into numbers a chart title can state ("Irregular migrants are 3x as likely to be
stranded as regular migrants") and a lever can be judged by (does it narrow the gap?).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from micic_sim.analysis.outcomes import check_selection
from micic_sim.analysis.stats import mean_ci
from micic_sim.units import MIN_AGENTS, few_agents

GOOD = {"reached_safety_share", "informed_share"}  # higher is better; everything else lower
MIN_SHARE = 0.01  # groups smaller than 1% of the population are too noisy to rank
# ... and so are groups of fewer than MIN_AGENTS simulated agents (units.MIN_AGENTS)


def higher_is_better(metric: str) -> bool:
    return metric in GOOD


def _large_groups(
    outcomes: pd.DataFrame, group_type: str, min_share: float, min_agents: int = MIN_AGENTS
) -> pd.DataFrame:
    """Groups of at least `min_share` of the population and at least `min_agents` agents."""
    df = outcomes[outcomes["group_type"].astype(str) == group_type].copy()
    total = outcomes[outcomes["group_type"].astype(str) == "overall"].set_index("run_id")[
        "population"
    ]
    df["_share_pop"] = df["population"] / df["run_id"].map(total).astype(float)
    enough = df["agents"] >= min_agents if "agents" in df.columns else True
    return df[(df["_share_pop"] >= min_share) & enough]


def events_column(metric: str) -> str:
    """The agent-count column behind a share ('left_behind_share' -> 'left_behind_agents')."""
    return metric.removesuffix("_share") + "_agents"


def equity_gap(
    outcomes: pd.DataFrame,
    group_type: str,
    metric: str = "reached_safety_share",
    *,
    min_share: float = MIN_SHARE,
    min_agents: int = MIN_AGENTS,
) -> pd.DataFrame:
    """Per run: the best- and worst-off group on `metric` and the gap between them
    (worst minus best for harms, best minus worst for good outcomes: always >= 0).

    Columns: run_id, scenario, policy, seed, best, worst, best_value, worst_value, gap."""
    check_selection(outcomes, metric, group_type)
    df = _large_groups(outcomes, group_type, min_share, min_agents)
    good = higher_is_better(metric)
    rows = []
    for rid, sub in df.groupby("run_id", observed=True):
        if len(sub) < 2:
            continue
        sub = sub.sort_values(metric, ascending=not good, kind="stable")
        best, worst = sub.iloc[0], sub.iloc[-1]
        rows.append(
            {
                "run_id": rid,
                "scenario": best["scenario"],
                "policy": best["policy"],
                "seed": best["seed"],
                "best": best["group"],
                "worst": worst["group"],
                "best_value": best[metric],
                "worst_value": worst[metric],
                "gap": abs(float(best[metric]) - float(worst[metric])),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "run_id",
            "scenario",
            "policy",
            "seed",
            "best",
            "worst",
            "best_value",
            "worst_value",
            "gap",
        ],
    )


def equity_gap_by_policy(
    outcomes: pd.DataFrame,
    group_type: str,
    metric: str = "reached_safety_share",
    *,
    min_agents: int = MIN_AGENTS,
) -> pd.DataFrame:
    """Mean gap and 95% CI across seeds, per policy (does a lever narrow the gap?)."""
    gaps = equity_gap(outcomes, group_type, metric, min_agents=min_agents)
    rows = []
    for policy, sub in gaps.groupby("policy", observed=True, sort=False):
        iv = mean_ci(sub["gap"].to_numpy(np.float64))
        rows.append(
            {
                "policy": policy,
                "n": iv.n,
                "gap": iv.mean,
                "ci_low": iv.low,
                "ci_high": iv.high,
                "worst": sub["worst"].mode().iloc[0],
                "best": sub["best"].mode().iloc[0],
            }
        )
    return pd.DataFrame(rows, columns=["policy", "n", "gap", "ci_low", "ci_high", "worst", "best"])


@dataclass(frozen=True)
class Contrast:
    """The worst- and best-off groups on a metric, averaged over a policy's seeds."""

    metric: str
    group_type: str
    worst: str
    best: str
    worst_value: float
    best_value: float
    # Mean agents counted by the metric in each group (NaN if unknown): a ratio resting on
    # fewer than MIN_AGENTS of them is not stated (see `reliable`).
    worst_agents: float = np.nan
    best_agents: float = np.nan

    @property
    def reliable(self) -> bool:
        """Both groups' numbers rest on at least MIN_AGENTS counted agents."""
        return not (few_agents(self.worst_agents) or few_agents(self.best_agents))

    @property
    def ratio(self) -> float:
        """How many times as likely (harms: worst/best; good outcomes: best/worst)."""
        num, den = (
            (self.best_value, self.worst_value)
            if higher_is_better(self.metric)
            else (self.worst_value, self.best_value)
        )
        return float(num / den) if den > 0 else np.inf

    @property
    def difference(self) -> float:
        return abs(self.worst_value - self.best_value)


def contrast(
    outcomes: pd.DataFrame,
    group_type: str,
    metric: str,
    *,
    policy: str | None = None,
    against: str = "best",
    min_share: float = MIN_SHARE,
    min_agents: int = MIN_AGENTS,
) -> Contrast | None:
    """The worst-off group on `metric` (mean over seeds of `policy`, or of all runs) against
    the best-off group (`against="best"`) or the largest group (`against="largest"`, a
    natural reference such as regular migrants; the best-off if the largest is the worst).
    The comparison group is returned as `best`."""
    df = outcomes if policy is None else outcomes[outcomes["policy"].astype(str) == policy]
    df = _large_groups(df, group_type, min_share, min_agents)
    if df.empty:
        return None
    grouped = df.groupby(df["group"].astype(str))
    means = grouped[metric].mean().dropna()
    if len(means) < 2:
        return None
    good = higher_is_better(metric)
    best = means.idxmax() if good else means.idxmin()
    worst = means.idxmin() if good else means.idxmax()
    if against == "largest":
        largest = grouped["population"].mean().loc[means.index].idxmax()
        if largest != worst and means[largest] != means[worst]:
            best = largest
    ev = events_column(metric)
    events = grouped[ev].mean() if ev in df.columns else None
    return Contrast(
        metric,
        group_type,
        str(worst),
        str(best),
        float(means[worst]),
        float(means[best]),
        float(events[worst]) if events is not None else np.nan,
        float(events[best]) if events is not None else np.nan,
    )
