"""How unequally people (and employers) respond to the same danger.

One transform for both: an Exp(1) draw E becomes E**h / Gamma(1 + h), which has mean 1 for any
h >= 0. h = 0: everyone alike (what Flee assumes); h = 1: exponential; larger h: a few respond at
once and most hardly ever. Keeping the mean at 1 keeps the rate it multiplies interpretable as
the average rate, so the spread can be calibrated apart from the level.
"""

from __future__ import annotations

import math

import numpy as np


def spread(exp1: np.ndarray, h: float) -> np.ndarray:
    """E**h / Gamma(1 + h) for Exp(1) draws `exp1` (float64; mean 1 whatever h)."""
    return (np.asarray(exp1, np.float64) ** h) / math.gamma(1.0 + h)
