"""Compare policies (levers) against the baseline across seeds.

Every number a planner sees about a lever is a replicate mean with a t-based 95% interval, and
every effect is a difference from the baseline with its own interval (paired by seed when the
seeds match; see analysis.stats), so a lever is never credited with seed-to-seed noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from micic_sim.analysis.outcomes import check_selection
from micic_sim.analysis.stats import mean_ci, paired_diff_ci, welch_diff_ci

BASELINE = "baseline"


def _select(outcomes: pd.DataFrame, group_type: str, groups: Sequence[str] | None) -> pd.DataFrame:
    df = outcomes[outcomes["group_type"].astype(str) == group_type]
    if groups is not None:
        df = df[df["group"].astype(str).isin(groups)]
    return df


def replicate_stats(
    outcomes: pd.DataFrame,
    metric: str,
    *,
    group_type: str = "overall",
    groups: Sequence[str] | None = None,
    by: Sequence[str] = ("scenario", "policy"),
) -> pd.DataFrame:
    """Mean and 95% CI of `metric` across seeds, per `by` x group.

    Columns: *by, group, n, mean, sd, ci_low, ci_high."""
    check_selection(outcomes, metric, group_type)
    df = _select(outcomes, group_type, groups)
    rows = []
    for key, sub in df.groupby([*by, "group"], observed=True, sort=False):
        iv = mean_ci(sub[metric].to_numpy(np.float64))
        rows.append(
            {
                **dict(zip([*by, "group"], key, strict=True)),
                "n": iv.n,
                "mean": iv.mean,
                "sd": iv.sd,
                "ci_low": iv.low,
                "ci_high": iv.high,
            }
        )
    return pd.DataFrame(rows, columns=[*by, "group", "n", "mean", "sd", "ci_low", "ci_high"])


def baseline_name(outcomes: pd.DataFrame, baseline: str = BASELINE) -> str | None:
    """The reference policy: `baseline` if present, else a policy with no levers enabled."""
    policies = set(outcomes["policy"].astype(str))
    if baseline in policies:
        return baseline
    if "levers" in outcomes.columns:
        none = sorted(
            set(outcomes.loc[outcomes["levers"].astype(str) == "none", "policy"].astype(str))
        )
        if none:
            return none[0]
    return None


def compare_levers(
    outcomes: pd.DataFrame,
    metric: str,
    *,
    baseline: str = BASELINE,
    group_type: str = "overall",
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each policy's mean of `metric` and its difference from the baseline, with 95% CIs.

    Columns: scenario, policy, group, n, mean, ci_low, ci_high, diff, diff_low, diff_high,
    paired (True when the difference is paired by seed), significant (diff CI excludes 0).
    The baseline's own row has diff 0 and no interval."""
    check_selection(outcomes, metric, group_type)
    df = _select(outcomes, group_type, groups)
    ref = baseline_name(outcomes, baseline)
    rows = []
    for (scenario, policy, group), sub in df.groupby(
        ["scenario", "policy", "group"], observed=True, sort=False
    ):
        vals = sub.set_index("seed")[metric].astype(np.float64)
        iv = mean_ci(vals.to_numpy())
        row = {
            "scenario": scenario,
            "policy": policy,
            "group": group,
            "n": iv.n,
            "mean": iv.mean,
            "ci_low": iv.low,
            "ci_high": iv.high,
            "diff": np.nan,
            "diff_low": np.nan,
            "diff_high": np.nan,
            "paired": False,
            "significant": False,
        }
        base = (
            df[
                (df["scenario"] == scenario)
                & (df["policy"].astype(str) == ref)
                & (df["group"] == group)
            ]
            .set_index("seed")[metric]
            .astype(np.float64)
        )
        if ref is not None and policy == ref:
            row["diff"] = 0.0
        elif len(base):
            common = vals.index.intersection(base.index)
            if len(common) == len(vals) and len(common) >= 2:
                d = paired_diff_ci(vals.loc[common].to_numpy(), base.loc[common].to_numpy())
                row["paired"] = True
            else:
                d = welch_diff_ci(vals.to_numpy(), base.to_numpy())
            row.update(diff=d.mean, diff_low=d.low, diff_high=d.high, significant=d.excludes_zero)
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(
        ["scenario", "group", "diff"], ascending=[True, True, False], kind="stable"
    ).reset_index(drop=True)


def outcomes_by_group(
    outcomes: pd.DataFrame, group_type: str, metric: str, policies: Sequence[str] | None = None
) -> pd.DataFrame:
    """Mean and CI of `metric` for each status / documentation / nationality group, per
    policy (the 'who is left behind' table)."""
    df = outcomes if policies is None else outcomes[outcomes["policy"].astype(str).isin(policies)]
    stats = replicate_stats(df, metric, group_type=group_type)
    pop = (
        _select(df, group_type, None)
        .groupby(["policy", "group"], observed=True)["population"]
        .mean()
        .rename("population")
        .reset_index()
    )
    return stats.merge(pop, on=["policy", "group"], how="left")
