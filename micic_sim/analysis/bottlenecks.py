"""Bottleneck finder: which crossing, consular post, evacuation transport or capacity-limited
route held people waiting longest, how long its queue got, and when.

Queues are where a plan fails quietly: people waiting at a border post are exposed and, if
irregular, at risk of detention. Ranking service points by person-days spent waiting (not only
by peak length) shows where extra capacity would help the most people.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from micic_sim.analysis.stats import mean_ci
from micic_sim.units import count_column

KINDS = {
    "crossing": "Border crossing",
    "consulate": "Consular post",
    "evacuation": "Evacuation transport",
    "link": "Capacity-limited route",
    "shelter": "Shelter",
    "reception": "Reception",
}
DEFAULT_KINDS = ("crossing", "consulate", "evacuation", "link")


def resource_kind(label: str) -> str:
    """'crossing:north_gate' -> 'crossing'."""
    return label.split(":", 1)[0] if ":" in label else "other"


def pretty_id(text: str, upper: Sequence[str] = ()) -> str:
    """A readable name from a scenario id: 'bng_consulate' -> 'BNG consulate' (tokens in
    `upper`, typically nationality ids, are shown in capitals)."""
    ups = {u.lower() for u in upper}
    words = text.split(":", 1)[-1].replace("-", "_").split("_")
    out = [w.upper() if w.lower() in ups else w for w in words if w]
    if out and out[0].lower() not in ups:
        out[0] = out[0].capitalize()
    return " ".join(out)


def step_days(ts: pd.DataFrame) -> float:
    """The length of one recorded step in days (from the time series itself)."""
    days = np.unique(ts["day"].to_numpy(np.float64))
    return float(np.median(np.diff(days))) if days.size > 1 else 1.0


def queue_table(ts: pd.DataFrame, kinds: Sequence[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Queue rows only, with the resource kind; zero queues are absent from the data."""
    q = ts[ts["metric"].astype(str) == "queue"].copy()
    q["group"] = q["group"].astype(str)
    q["kind"] = q["group"].map(resource_kind)
    return q[q["kind"].isin(kinds)]


def queue_peaks(ts: pd.DataFrame, kinds: Sequence[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Per run x service point: peak queue, the day it peaked (first such day), person-days
    waiting and days with a queue."""
    q = queue_table(ts, kinds)
    run_cols = [c for c in ("run_id", "scenario", "policy", "seed") if c in q.columns]
    if q.empty:
        return pd.DataFrame(
            columns=[
                *run_cols,
                "label",
                "kind",
                "peak",
                "peak_day",
                "person_days",
                "days_with_queue",
            ]
        )
    dt = step_days(ts)
    keys = [*run_cols, "group"]
    q = q.sort_values([*keys, "day"], kind="stable")
    col = count_column(q)  # people waiting
    idx = q.groupby(keys, observed=True)[col].idxmax()
    peaks = q.loc[idx, [*keys, "kind", col, "day"]].rename(
        columns={col: "peak", "day": "peak_day", "group": "label"}
    )
    agg = q.groupby(keys, observed=True)[col].agg(["sum", "count"]).reset_index()
    agg = agg.rename(columns={"group": "label"})
    agg["person_days"] = agg.pop("sum") * dt
    agg["days_with_queue"] = agg.pop("count") * dt
    return peaks.merge(agg, on=[*run_cols, "label"]).reset_index(drop=True)


def bottlenecks(
    ts: pd.DataFrame, kinds: Sequence[str] = DEFAULT_KINDS, by: Sequence[str] = ("policy",)
) -> pd.DataFrame:
    """Service points ranked by mean person-days waiting (per `by` group, over seeds).

    Columns: *by, label, kind, kind_name, runs, peak (mean of per-run peaks), peak_low,
    peak_high (95% CI), peak_day (median day of the peak), person_days, days_with_queue.
    A service point with no queue in some runs counts those runs as zero."""
    peaks = queue_peaks(ts, kinds)
    by = [b for b in by if b in peaks.columns]
    cols = [
        *by,
        "label",
        "kind",
        "kind_name",
        "runs",
        "peak",
        "peak_low",
        "peak_high",
        "peak_day",
        "person_days",
        "days_with_queue",
    ]
    if peaks.empty:
        return pd.DataFrame(columns=cols)
    has_runs = "run_id" in ts.columns
    total_runs = int(ts["run_id"].nunique()) if has_runs else 1
    per_group = ts.groupby(by, observed=True)["run_id"].nunique() if by and has_runs else None
    rows = []
    for key, sub in peaks.groupby([*by, "label"], observed=True, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        if per_group is None:
            runs = total_runs
        else:
            runs = int(per_group.loc[key[0] if len(by) == 1 else key[:-1]])
        pad = max(runs - len(sub), 0)
        iv = mean_ci(np.r_[sub["peak"].to_numpy(np.float64), np.zeros(pad)])
        kind = str(sub["kind"].iloc[0])
        rows.append(
            {
                **dict(zip([*by, "label"], key, strict=True)),
                "kind": kind,
                "kind_name": KINDS.get(kind, kind),
                "runs": runs,
                "peak": iv.mean,
                "peak_low": iv.low,
                "peak_high": iv.high,
                "peak_day": float(sub["peak_day"].median()),
                "person_days": float(sub["person_days"].sum() / runs),
                "days_with_queue": float(sub["days_with_queue"].sum() / runs),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(
        [*by, "person_days"], ascending=[True] * len(by) + [False], kind="stable"
    ).reset_index(drop=True)


def worst_bottleneck(
    ts: pd.DataFrame, kinds: Sequence[str] = DEFAULT_KINDS, policy: str | None = None
) -> pd.Series | None:
    """The service point with the most person-days waiting (for one policy, if given)."""
    if policy is not None and "policy" in ts.columns:
        ts = ts[ts["policy"].astype(str) == policy]
    table = bottlenecks(ts, kinds, by=())
    return None if table.empty else table.iloc[0]


def queue_over_time(ts: pd.DataFrame, kinds: Sequence[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """Mean queue per day and service point over the runs in `ts` (zeros filled in), wide:
    one column per service point label."""
    q = queue_table(ts, kinds)
    days = np.unique(ts["day"].to_numpy(np.float64))
    runs = ts["run_id"].nunique() if "run_id" in ts.columns else 1
    if q.empty:
        return pd.DataFrame(index=pd.Index(days, name="day"))
    total = q.pivot_table(
        index="day", columns="group", values=count_column(q), aggfunc="sum", observed=True
    )
    return (total.reindex(days).fillna(0.0) / max(runs, 1)).rename_axis("day")


def queue_band(
    ts: pd.DataFrame, kinds: Sequence[str] = DEFAULT_KINDS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shortest and longest queue per day and service point across runs (seeds; a run
    without a queue there counts as zero): the band around `queue_over_time`'s mean."""
    q = queue_table(ts, kinds)
    if q.empty or "run_id" not in q.columns:
        return pd.DataFrame(), pd.DataFrame()
    days = np.unique(ts["day"].to_numpy(np.float64))
    runs = list(dict.fromkeys(ts["run_id"].astype(str)))
    per_run = q.pivot_table(
        index=[q["run_id"].astype(str), "day"],
        columns="group",
        values=count_column(q),
        aggfunc="sum",
        observed=True,
    )
    full = pd.MultiIndex.from_product([runs, days], names=["run_id", "day"])
    per_run = per_run.reindex(full).fillna(0.0)
    g = per_run.groupby(level="day")
    return g.min(), g.max()
