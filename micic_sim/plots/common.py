"""Helpers shared by the chart modules: which policy a single-policy chart shows, and the
footnote that says what the numbers are averaged over."""

from __future__ import annotations

import pandas as pd

from micic_sim.analysis.load import Results
from micic_sim.plots.words import policy_label


def reference_policy(res: Results, policy: str | None = None) -> str:
    """The policy a single-policy chart shows: the one asked for, else the baseline, else
    the first policy."""
    if policy is not None:
        if policy not in res.policies:
            raise KeyError(
                f"policy '{policy}' not in these results; have: {', '.join(res.policies)}"
            )
        return policy
    return "baseline" if "baseline" in res.policies else res.policies[0]


def policy_rows(df: pd.DataFrame, policy: str) -> pd.DataFrame:
    return df[df["policy"].astype(str) == policy] if "policy" in df.columns else df


def seeds_note(res: Results, policy: str) -> str:
    n = len(res.runs_of(policy))
    people = (
        int(
            res.outcomes.loc[
                res.outcomes["group_type"].astype(str) == "overall", "population"
            ].iloc[0]
        )
        if len(res.outcomes)
        else 0
    )
    scen = res.scenario.title if res.scenario is not None else ", ".join(res.scenarios)
    runs = "1 run" if n == 1 else f"mean of {n} runs (seeds)"
    counted = int(res.scenario.population["count"].sum()) if res.scenario is not None else 0
    each = (
        f", each standing for about {counted / people:,.0f} people"
        if people and counted > 1.5 * people
        else ""
    )
    return (
        f"{scen}. Policy: {policy_label(policy)}; {runs}; {people:,} simulated people"
        f"{each}. micic-sim is a planning aid, not a prediction."
    )
