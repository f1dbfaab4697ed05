"""Lever x lever interactions: does a pair of levers do more (or less) than the sum of each
alone?

Levers are rarely used one at a time; some need each other (a firewall helps only if people
hear about the shelters), some compete for the same people. With runs of each lever alone and
of pairs, the interaction of a and b per seed is

    (pair - baseline) - (a - baseline) - (b - baseline)

and its mean over seeds gets a t-based 95% interval (seeds paired: common random numbers).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from micic_sim.analysis.compare import BASELINE, baseline_name
from micic_sim.analysis.stats import mean_ci


def _by_levers(outcomes: pd.DataFrame, metric: str) -> dict[tuple[str, ...], pd.Series]:
    """Per-seed values of `metric` (overall) for each set of enabled levers."""
    df = outcomes[outcomes["group_type"].astype(str) == "overall"]
    out = {}
    for levers, sub in df.groupby(df["levers"].astype(str), sort=False):
        key = () if levers == "none" else tuple(sorted(levers.split("+")))
        out[key] = sub.groupby("seed")[metric].mean()
    return out


def interactions(outcomes: pd.DataFrame, metric: str, *, baseline: str = BASELINE) -> pd.DataFrame:
    """Effects of single levers and pairs, and each pair's interaction, with 95% CIs.

    Columns: a, b (b == a for a single lever), effect, effect_low, effect_high (vs baseline),
    interaction, interaction_low, interaction_high (NaN for singles), n (seeds used)."""
    ref = baseline_name(outcomes, baseline)
    values = _by_levers(outcomes, metric)
    if ref is None or () not in values:
        return pd.DataFrame()
    base = values[()]
    singles = {k[0]: v for k, v in values.items() if len(k) == 1}
    rows = []
    for a, v in singles.items():
        seeds = v.index.intersection(base.index)
        iv = mean_ci((v.loc[seeds] - base.loc[seeds]).to_numpy())
        rows.append(
            {
                "a": a,
                "b": a,
                "effect": iv.mean,
                "effect_low": iv.low,
                "effect_high": iv.high,
                "interaction": np.nan,
                "interaction_low": np.nan,
                "interaction_high": np.nan,
                "n": iv.n,
            }
        )
    for key, v in values.items():
        if len(key) != 2 or key[0] not in singles or key[1] not in singles:
            continue
        a, b = key
        seeds = (
            v.index.intersection(base.index)
            .intersection(singles[a].index)
            .intersection(singles[b].index)
        )
        eff = mean_ci((v.loc[seeds] - base.loc[seeds]).to_numpy())
        inter = mean_ci(
            (
                v.loc[seeds] - singles[a].loc[seeds] - singles[b].loc[seeds] + base.loc[seeds]
            ).to_numpy()
        )
        rows.append(
            {
                "a": a,
                "b": b,
                "effect": eff.mean,
                "effect_low": eff.low,
                "effect_high": eff.high,
                "interaction": inter.mean,
                "interaction_low": inter.low,
                "interaction_high": inter.high,
                "n": inter.n,
            }
        )
    return pd.DataFrame(rows)


def pair_grid(table: pd.DataFrame, column: str = "effect") -> pd.DataFrame:
    """The interaction table as a symmetric lever x lever matrix of `column` (levers that
    appear in at least one pair)."""
    if table.empty:
        return pd.DataFrame()
    pairs = table[table["a"] != table["b"]]
    levers = sorted(set(pairs["a"]) | set(pairs["b"]))
    grid = pd.DataFrame(np.nan, index=levers, columns=levers)
    for r in table.itertuples(index=False):
        if r.a in grid.index and r.b in grid.index:
            grid.at[r.a, r.b] = getattr(r, column)
            grid.at[r.b, r.a] = getattr(r, column)
    return grid


def missing_pairs(levers: list[str], table: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of `levers` with no runs (to tell the planner which sweep to add)."""
    have = {
        tuple(sorted((a, b))) for a, b in zip(table.get("a", []), table.get("b", []), strict=True)
    }
    return [p for p in itertools.combinations(sorted(levers), 2) if p not in have]
