"""Counter-based random numbers: every draw is a hash of (seed, step, agent, purpose).

A person's draw for a decision does not depend on who else drew, on thread scheduling or on
the order of evaluation, so runs are identical for any number of Numba threads, and two levers
run with the same seed compare the same people (common random numbers, as in Starsim).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from micic_sim.codes import Purpose


@dataclass(frozen=True)
class Stream:
    """A block of purpose ids owned by one kind of draw: ids `first` .. `first + size - 1`.
    A kernel that needs several draws per person and step (one per option, one per hop)
    offsets into its own block, so no two kinds of draw ever share an id."""

    first: int
    size: int = 1

    def ids(self) -> range:
        return range(self.first, self.first + self.size)


#: Every random stream, by name: one registry, so that two kinds of draw cannot collide
#: (tests/test_rng.py checks the blocks are disjoint). The ids are the historic ones, so runs
#: reproduce: single draws use their `Purpose` number; per-option and per-hop draws take a
#: block of 4096 at `Purpose x 4096`; the synthesiser's draws a block at 100 (`SYNTH_DRAWS`).
STREAMS: dict[str, Stream] = {
    "leave": Stream(int(Purpose.LEAVE)),
    "detain": Stream(int(Purpose.DETAIN)),
    "consent": Stream(int(Purpose.CONSENT)),
    "give_up": Stream(int(Purpose.GIVE_UP)),
    "local": Stream(int(Purpose.LOCAL)),  # keyed by household
    "employer": Stream(int(Purpose.EMPLOYER)),  # keyed by employer
    "employer_spread": Stream(int(Purpose.EMPLOYER_SPREAD)),  # keyed by employer
    "docs": Stream(int(Purpose.DOCS)),
    "money": Stream(int(Purpose.MONEY)),
    "synth": Stream(int(Purpose.SYNTH) * 100, 100),  # offsets: SYNTH_DRAWS
    "registration_drive": Stream(201),
    "pre_departure_training": Stream(202),
    "choose": Stream(int(Purpose.CHOOSE) * 4096, 4096),  # + option index
    "wayfind": Stream(int(Purpose.WAYFIND) * 4096, 4000),  # 0: resume; 2 hop (+1): per hop
    "admit": Stream(int(Purpose.WAYFIND) * 4096 + 4000),  # camps' admission order
}

#: The population synthesiser's draws, as offsets in the "synth" block (a normal draw takes
#: two consecutive ids: `normal_array`).
SYNTH_DRAWS: dict[str, tuple[int, ...]] = {
    "phone": (1,),
    "registered": (2,),
    "language_host": (3,),
    "cso": (4,),
    "diaspora": (5,),
    "vulnerable": (8,),
    "employer": (9,),
    "savings": (13, 14),
    "fear": (15, 16),
    "warn_budget": (20,),
    "info_budget": (21,),
    "leave_budget": (22,),
    "harm_budget": (23,),
    "propensity": (30,),
}


def synth_stream(draw: str) -> int:
    """Purpose id of the synthesiser's draw `draw` (the first of two for a normal draw)."""
    return STREAMS["synth"].first + SYNTH_DRAWS[draw][0]


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


@njit(cache=True)
def uniform_array(seed: np.uint64, step: np.int64, n: np.int64, purpose: np.int64) -> np.ndarray:
    """`uniform` for agents 0..n-1 (used by the population synthesiser, once per run). Serial:
    a parallel kernel costs ~0.4 s more to compile, and this one runs in ms."""
    out = np.empty(n, np.float64)
    for i in range(n):
        out[i] = uniform(seed, step, i, purpose)
    return out


def normal_array(seed: int, n: int, purpose: int) -> np.ndarray:
    """Standard normal draws via Box-Muller on two counter streams (`purpose`, `purpose + 1`)."""
    u1 = uniform_array(np.uint64(seed), 0, n, purpose)
    u2 = uniform_array(np.uint64(seed), 0, n, purpose + 1)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
