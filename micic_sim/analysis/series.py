"""Time-series views: how many people in each group had reached safety (or were in a given
state) on each day, averaged over a policy's seeds.

The run folders store raw counts by state x group; planners ask "what share of irregular
migrants were safe by day 10?", so the conversion to shares of each group lives here once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from micic_sim.codes import SAFE_STATES, State
from micic_sim.units import count_column

SAFE = tuple(s.name.lower() for s in SAFE_STATES)
LEFT_BEHIND = (
    "stranded",
    "queue_border",
    "queue_consulate",
    "queue_transport",
    "detained",
    "harmed",
)


def state_counts(ts: pd.DataFrame, group_type: str = "status") -> pd.DataFrame:
    """Counts per run x day x group x state (wide: one column per state)."""
    df = ts[
        ts["metric"].astype(str).str.startswith("state:")
        & ts["group"].astype(str).str.startswith(f"{group_type}:")
    ].copy()
    df["state"] = df["metric"].astype(str).str[len("state:") :]
    df["group"] = df["group"].astype(str).str[len(group_type) + 1 :]
    keys = [c for c in ("run_id", "policy", "seed") if c in df.columns]
    wide = df.pivot_table(
        index=[*keys, "day", "group"],
        columns="state",
        values=count_column(df),
        aggfunc="sum",
        observed=True,
        fill_value=0,
    )
    for s in State:
        if s.name.lower() not in wide.columns:
            wide[s.name.lower()] = 0
    return wide.reset_index()


def share_over_time(
    ts: pd.DataFrame,
    group_type: str = "status",
    states: Sequence[str] = SAFE,
    *,
    min_people: int = 1,
) -> pd.DataFrame:
    """Share of each group in `states` per day, averaged over runs (wide: one column per
    group; groups with fewer than `min_people` people on average are left out)."""
    wide = state_counts(ts, group_type)
    if wide.empty:
        return pd.DataFrame()
    all_states = [s.name.lower() for s in State]
    wide["_n"] = wide[all_states].sum(axis=1)
    wide["_k"] = wide[list(states)].sum(axis=1)
    agg = wide.groupby(["day", "group"], observed=True)[["_k", "_n"]].sum()
    share = (agg["_k"] / agg["_n"].replace(0, np.nan)).unstack("group")
    size = wide.groupby("group", observed=True)["_n"].mean()
    keep = [g for g in share.columns if size.get(g, 0) >= min_people]
    return share[keep]


def first_day_reaching(series: pd.Series, level: float) -> float:
    """The first day a share series reaches `level` (NaN if never)."""
    hit = series[series >= level]
    return float(hit.index[0]) if len(hit) else float("nan")


def share_band(
    ts: pd.DataFrame, group_type: str = "status", states: Sequence[str] = SAFE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lowest and highest share of each group in `states` per day across runs (seeds):
    the band drawn around `share_over_time`'s mean. Wide, like share_over_time."""
    wide = state_counts(ts, group_type)
    if wide.empty or "run_id" not in wide.columns:
        return pd.DataFrame(), pd.DataFrame()
    all_states = [s.name.lower() for s in State]
    n = wide[all_states].sum(axis=1).replace(0, np.nan)
    wide["_share"] = wide[list(states)].sum(axis=1) / n
    g = wide.groupby(["day", "group"], observed=True)["_share"]
    return g.min().unstack("group"), g.max().unstack("group")
