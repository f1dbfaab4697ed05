"""Replicate statistics across seeds: means with t-based 95% confidence intervals.

A few seeds per lever is the norm (each run costs minutes), so intervals use Student's t, not
the normal approximation, and a single seed gives no interval rather than a false one.
Differences against the baseline are paired by seed when the seeds match: the model draws every
kind of decision from its own named random stream, so runs with the same seed share their luck
and the paired difference isolates the lever's effect (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """A mean (or mean difference) with its confidence interval; low/high are NaN for n < 2.
    `sd` is the spread of the replicates (of the per-seed differences when paired; NaN for an
    unpaired difference)."""

    n: int
    mean: float
    sd: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return bool(np.isfinite(self.low) and (self.low > 0 or self.high < 0))


def _t(df: float, level: float) -> float:
    return float(stats.t.ppf(0.5 + level / 2, df))


def mean_ci(values: np.ndarray | list[float], level: float = LEVEL) -> Interval:
    """Mean of replicates with a t-based interval (NaNs ignored)."""
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return Interval(0, np.nan, np.nan, np.nan, np.nan)
    mean = float(x.mean())
    if n < 2:
        return Interval(n, mean, np.nan, np.nan, np.nan)
    sd = float(x.std(ddof=1))
    half = _t(n - 1, level) * sd / np.sqrt(n)
    return Interval(n, mean, sd, mean - half, mean + half)


def paired_diff_ci(treated: np.ndarray, control: np.ndarray, level: float = LEVEL) -> Interval:
    """Mean of per-seed differences treated - control (arrays aligned by seed)."""
    return mean_ci(np.asarray(treated, np.float64) - np.asarray(control, np.float64), level)


def welch_diff_ci(treated: np.ndarray, control: np.ndarray, level: float = LEVEL) -> Interval:
    """Difference of means with Welch's unequal-variance t interval (unpaired seeds)."""
    a = np.asarray(treated, np.float64)
    b = np.asarray(control, np.float64)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if a.size == 0 or b.size == 0:
        return Interval(0, np.nan, np.nan, np.nan, np.nan)
    diff = float(a.mean() - b.mean())
    n = int(min(a.size, b.size))
    if a.size < 2 or b.size < 2:
        return Interval(n, diff, np.nan, np.nan, np.nan)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = float(np.sqrt(va + vb))
    if se == 0:
        return Interval(n, diff, np.nan, diff, diff)
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    half = _t(df, level) * se
    return Interval(n, diff, np.nan, diff - half, diff + half)
