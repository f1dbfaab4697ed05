"""Aggregates computed inside a kernel, so data collection never walks agents in Python."""

from __future__ import annotations

import numpy as np
from numba import njit

N_STATES = 14
N_STATUS = 7


@njit(cache=True)
def tally(state, status, nationality, place, link, awareness, safe_day, n_nat, n_places):
    """Counts by state x status, state x nationality, people at each place (not on a link and
    not gone home), people informed, people safe."""
    by_status = np.zeros((N_STATES, N_STATUS), np.int64)
    by_nat = np.zeros((N_STATES, n_nat), np.int64)
    at_place = np.zeros(n_places, np.int64)
    informed = 0
    safe = 0
    for i in range(state.shape[0]):
        s = state[i]
        by_status[s, status[i]] += 1
        by_nat[s, nationality[i]] += 1
        if s == 0 or s == 10:  # not yet arrived, harmed
            continue
        if awareness[i] == 2:
            informed += 1
        if not np.isnan(safe_day[i]):
            safe += 1
        if link[i] < 0 and s != 8 and s != 9:
            at_place[place[i]] += 1
    return by_status, by_nat, at_place, informed, safe


@njit(cache=True)
def residents(state, place, link, n_places):
    """People occupying a bed at each place: in a shelter, or settled (waiting) at a place
    outside the host country. People queuing for admission or stranded at the door do not hold
    a bed, so they do not count against a shelter's or camp's capacity."""
    out = np.zeros(n_places, np.int64)
    for i in range(state.shape[0]):
        s = state[i]
        if link[i] < 0 and (s == 5 or s == 13):  # in shelter, waiting
            out[place[i]] += 1
    return out


@njit(cache=True)
def appear(day, state, appear_day, awareness, left_day, goal):
    """People displaced later join on their day, already on the move (warned, deciding where
    to go now)."""
    n = 0
    for i in range(state.shape[0]):
        if state[i] == 0 and appear_day[i] <= day:
            state[i] = 2  # moving, no goal yet: chooses one this step
            goal[i] = -1
            awareness[i] = max(awareness[i], 1)
            left_day[i] = day
            n += 1
    return n
