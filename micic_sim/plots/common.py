"""Helpers shared by the chart modules: which policy a single-policy chart shows, and the
footnote that says what the numbers are averaged over."""

from __future__ import annotations

import pandas as pd

from micic_sim.analysis.load import Results
from micic_sim.plots.words import policy_label
from micic_sim.units import scale_note


def reference_policy(res: Results, policy: str | None = None) -> str:
    """The policy a single-policy chart shows: the one asked for, else the baseline, else
    the first policy."""
    if policy is not None:
        if policy not in res.policies:
            from micic_sim.scenario import ConfigError
            from micic_sim.scenario.tables import suggest

            raise ConfigError(  # a KeyError too, as this was
                "--policy",
                f"'{policy}' is not in these results"
                + suggest(policy, res.policies)
                + f"; policies: {', '.join(res.policies)}",
            )
        return policy
    return "baseline" if "baseline" in res.policies else res.policies[0]


def policy_rows(df: pd.DataFrame, policy: str) -> pd.DataFrame:
    return df[df["policy"].astype(str) == policy] if "policy" in df.columns else df


def seeds_note(res: Results, policy: str) -> str:
    """The footnote of a chart: scenario, policy, seeds, and how many people and agents."""
    n = len(res.runs_of(policy))
    overall = policy_rows(res.outcomes, policy)
    overall = overall[overall["group_type"].astype(str) == "overall"] if len(overall) else overall
    people = int(overall["population"].iloc[0]) if len(overall) else 0
    scen = res.scenario.title if res.scenario is not None else ", ".join(res.scenarios)
    runs = "1 run" if n == 1 else f"mean of {n} runs (seeds)"
    scale = scale_note(res.agents_total(policy), res.people_per_agent())
    return (
        f"{scen}. Policy: {policy_label(policy)}; {runs}; {people:,} people ({scale}). "
        "micic-sim is a planning aid, not a prediction."
    )
