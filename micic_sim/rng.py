"""Counter-based random numbers: every draw is a hash of (seed, step, agent, purpose).

A person's draw for a decision does not depend on who else drew, on thread scheduling or on
the order of evaluation, so runs are identical for any number of Numba threads, and two levers
run with the same seed compare the same people (common random numbers, as in Starsim).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_INV53 = 1.0 / 9007199254740992.0  # 2**-53


@njit(cache=True, inline="always")
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> np.uint64(30))) * _M2
    z = (z ^ (z >> np.uint64(27))) * _M3
    return z ^ (z >> np.uint64(31))


@njit(cache=True, inline="always")
def uniform(seed: np.uint64, step: np.int64, agent: np.int64, purpose: np.int64) -> float:
    """A uniform number in [0, 1) for this (seed, step, agent, purpose)."""
    z = _mix(np.uint64(seed) + _M1 * np.uint64(purpose + 1))
    z = _mix(z ^ (np.uint64(step) + _M1))
    z = _mix(z ^ (np.uint64(agent) * _M1 + np.uint64(0x632BE59BD9B4E019)))
    return float(z >> np.uint64(11)) * _INV53


@njit(cache=True, parallel=True)
def uniform_array(seed: np.uint64, step: np.int64, n: np.int64, purpose: np.int64) -> np.ndarray:
    """`uniform` for agents 0..n-1 (used by the population synthesiser)."""
    out = np.empty(n, np.float64)
    for i in prange(n):
        out[i] = uniform(seed, step, i, purpose)
    return out


def normal_array(seed: int, n: int, purpose: int) -> np.ndarray:
    """Standard normal draws via Box-Muller on two counter streams."""
    u1 = uniform_array(np.uint64(seed), 0, n, purpose * 2 + 101)
    u2 = uniform_array(np.uint64(seed), 0, n, purpose * 2 + 102)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
