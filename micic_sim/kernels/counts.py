"""Aggregates computed inside a kernel, so data collection never walks agents in Python."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.kernels.common import (
    A_INFORMED,
    A_WARNED,
    N_STATES,
    N_STATUS,
    S_EVACUATED,
    S_HARMED,
    S_IN_SHELTER,
    S_MOVING,
    S_NOT_YET,
    S_REPATRIATED,
    S_WAITING,
    n_chunks,
)


@njit(cache=True, parallel=True)
def _tally_chunks(pop, rules, world):
    """One parallel pass for data collection and capacities: counts by state x status and
    state x nationality, people at each place (not on a link and not gone home), people
    informed, people safe by nationality, and residents (beds taken: in a shelter, or settled
    and waiting at a place outside the host country; people queuing at the door do not hold a
    bed). Returns per-chunk counts; `tally` adds them up.

    Two histograms per chunk do it all (a histogram increment is the cost here): one over
    (state, status, nationality), summed both ways afterwards, and one over (place, holds a
    bed)."""
    # Fields read once, outside the parallel loop (micic_sim.bundles: a field read inside it
    # would take a reference, an atomic count every thread shares).
    state = pop.state
    status = pop.status
    nationality = pop.nationality
    place = pop.place
    link = pop.link
    awareness = pop.awareness
    safe_day = pop.safe_day
    n_nat = world.call.shape[0]  # one entry per nationality
    n_places = world.place_host.shape[0]
    n = state.shape[0]
    n_ch = n_chunks(n)
    size = (n + n_ch - 1) // n_ch
    n_key = N_STATES * N_STATUS * n_nat
    groups = np.zeros((n_ch, n_key), np.int64)
    places = np.zeros((n_ch, 2 * n_places), np.int64)
    informed = np.zeros(n_ch, np.int64)
    safe = np.zeros((n_ch, n_nat), np.int64)
    for c in prange(n_ch):
        g = np.zeros(n_key, np.int64)  # this chunk's own arrays: no shared cache lines
        at = np.zeros(2 * n_places, np.int64)
        inf = 0
        sf = np.zeros(n_nat, np.int64)
        for i in range(c * size, min(n, (c + 1) * size)):
            s = np.int64(state[i])
            g[(s * N_STATUS + np.int64(status[i])) * n_nat + np.int64(nationality[i])] += 1
            if s == S_NOT_YET or s == S_HARMED:
                continue
            if awareness[i] == A_INFORMED:
                inf += 1
            if safe_day[i] == safe_day[i]:  # not NaN
                sf[nationality[i]] += 1
            if link[i] < 0 and s != S_EVACUATED and s != S_REPATRIATED:
                at[2 * np.int64(place[i]) + (1 if s == S_IN_SHELTER or s == S_WAITING else 0)] += 1
        groups[c] = g
        places[c] = at
        informed[c] = inf
        safe[c] = sf
    return groups, places, informed, safe


def tally(
    pop, rules, world
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]:
    """Counts by state x status and by state x nationality, people at each place, people
    informed, people safe by nationality, and beds taken per place (see `_tally_chunks`). The
    chunks are added up here, in NumPy: an array sum along an axis inside a Numba kernel
    compiles one implementation per shape and axis (seconds of every cold start)."""
    groups, places, informed, safe = _tally_chunks(pop, rules, world)
    n_nat = safe.shape[1]
    g = groups.sum(axis=0).reshape((N_STATES, N_STATUS, n_nat))
    at = places.sum(axis=0).reshape((-1, 2))
    return (
        g.sum(axis=2),
        g.sum(axis=1),
        at[:, 0] + at[:, 1],
        int(informed.sum()),
        safe.sum(axis=0),
        at[:, 1].copy(),
    )


@njit(cache=True)
def appear(day, pop, rules, world):
    """People displaced later join on their day, already on the move (warned, deciding where
    to go now). Returns how many joined. Serial: a compare per person is memory-bound, and a
    parallel kernel costs ~0.4 s more to compile."""
    state = pop.state  # fields read once, outside the parallel loop
    appear_day = pop.appear_day
    awareness = pop.awareness
    left_day = pop.left_day
    goal = pop.goal
    n = 0
    for i in range(state.shape[0]):
        if state[i] == S_NOT_YET and appear_day[i] <= day:
            state[i] = S_MOVING  # no goal yet: chooses one this step
            goal[i] = -1
            awareness[i] = max(awareness[i], A_WARNED)
            left_day[i] = day
            n += 1
    return n
