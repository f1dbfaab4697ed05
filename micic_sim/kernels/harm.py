"""Hazard exposure and harm, then keeping households together.

Everyone not yet safe accumulates exposure (hazard x days) where they are and may be harmed at a
rate proportional to the hazard; a shelter cuts that, detention raises it (detainees cannot flee),
waiting at an exit post without reception facilities adds hardship, and small boats at sea carry
their own risk (reduced by search and rescue). Harm is per person. Afterwards every household's
members take their head's place, state and journey; if the head was harmed, the next living
member becomes the head and carries on.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.kernels.common import (
    EMERGENCY,
    GOAL_HOME,
    M_SEA,
    PASSPORT,
    S_CROSSED,
    S_DETAINED,
    S_HARMED,
    S_IN_SHELTER,
    S_NOT_YET,
    S_QUEUE_BORDER,
    S_QUEUE_TRANSPORT,
    S_STRANDED,
    S_WAITING,
    is_terminal,
)


@njit(cache=True, parallel=True)
def expose(dt, par, pop, rules, world):
    """Exposure and harm for every person not yet safe, and the time people spend held (at a
    border post, waiting abroad, in detention). Returns how many were harmed now."""
    # Fields read once, outside the parallel loop (micic_sim.bundles: a field read inside it
    # would take a reference, an atomic count every thread shares, per person).
    state = pop.state
    place = pop.place
    link = pop.link
    safe_day = pop.safe_day
    exposure = pop.exposure
    harm_budget = pop.harm_budget
    goal = pop.goal
    head = pop.head
    days_border = pop.days_border
    days_waiting = pop.days_waiting
    days_detained = pop.days_detained
    hardship_factor = rules.hardship_factor
    sea_factor = rules.sea_factor
    hazard = world.hazard
    link_from = world.link_from
    link_mode = world.link_mode
    place_host = world.place_host
    place_border = world.place_border
    harmed = 0
    for i in prange(state.shape[0]):
        s = state[i]
        if s == S_NOT_YET or is_terminal(s):
            continue
        # Held at a border: queuing at a post, stranded at an exit post, or a national waiting
        # at their own border for the ride home (kernels.queues, network.onward_links).
        if (
            s == S_QUEUE_BORDER
            or (s == S_STRANDED and place_border[place[i]])
            # (the head holds the goal; its state is this step's, the members' follow below)
            or (s == S_QUEUE_TRANSPORT and state[head[i]] == s and goal[head[i]] == GOAL_HOME)
        ):
            days_border[i] += dt
        elif s == S_DETAINED:
            days_detained[i] += dt
        elif (s == S_WAITING or s == S_CROSSED or s == S_QUEUE_TRANSPORT) and not place_host[
            place[i]
        ]:
            days_waiting[i] += dt
        if not np.isnan(safe_day[i]):
            continue
        lk = link[i]
        h = hazard[place[i]] if lk < 0 else hazard[link_from[lk]]
        rate = par.harm_rate * h
        if s == S_IN_SHELTER:
            rate *= 1.0 - par.shelter_protection
        elif s == S_DETAINED:
            rate *= par.detention_harm_factor
        elif s == S_QUEUE_BORDER or s == S_STRANDED:
            rate += par.queue_hardship_rate * hardship_factor
        if lk >= 0 and link_mode[lk] == M_SEA:
            rate += par.sea_harm_rate * sea_factor
        if h == 0.0 and rate == 0.0:
            continue  # nothing to add: skip the writes (most people, most steps)
        exposure[i] += h * dt
        harm_budget[i] -= rate * dt  # harmed when the integrated rate reaches the budget
        if harm_budget[i] <= 0.0:
            state[i] = S_HARMED
            harmed += 1
    return harmed


@njit(cache=True, parallel=True)
def sync_households(pop, rules, world, pre_state):
    """Members follow their head; a harmed head hands over to the next living member.

    `pre_state` is the state before this step's harm draws. Households are contiguous in the
    agent arrays (the synthesiser sorts them so): household k is hh_start[k]:hh_start[k + 1]
    (`world.hh_start`, see `household_starts`), so households are synced in parallel, each
    writing only its own members. A household with nobody left alive leaves any queue it was
    in. Returns the number of households whose head changed."""
    # Fields read once, outside the parallel loop (see `expose`).
    state = pop.state
    place = pop.place
    link = pop.link
    progress = pop.progress
    goal = pop.goal
    dest = pop.dest
    queue = pop.queue
    ticket = pop.ticket
    refused = pop.refused
    doc = pop.doc
    safe_day = pop.safe_day
    awareness = pop.awareness
    informed_day = pop.informed_day
    left_day = pop.left_day
    head = pop.head
    hh_size = pop.hh_size
    hh_start = world.hh_start
    n_hh = hh_start.shape[0] - 1
    changed = 0
    for k in prange(n_hh):
        i = hh_start[k]
        j = hh_start[k + 1]
        h = head[i]
        if j - i == 1:  # one person: nobody to follow or to hand over to
            if state[i] == S_HARMED and hh_size[i] != 0:
                hh_size[i] = 0
                queue[i] = -1
                goal[i] = -1
            continue
        if state[h] == S_HARMED:
            new = -1
            for m in range(i, j):
                if state[m] != S_HARMED:
                    new = m
                    break
            if new >= 0:
                state[new] = pre_state[h]  # the state the household was in this step
                # The successor takes over the journey from where the household is.
                place[new] = place[h]
                link[new] = link[h]
                progress[new] = progress[h]
                goal[new] = goal[h]
                dest[new] = dest[h]
                queue[new] = queue[h]
                ticket[new] = ticket[h]
                refused[new] = refused[h]
                if doc[new] != doc[h] and (doc[h] == PASSPORT or doc[h] == EMERGENCY):
                    doc[new] = doc[h]  # the family's papers travel with the family
                queue[h] = -1
                goal[h] = -1
                for m in range(i, j):
                    head[m] = new
                h = new
                changed += 1
            else:  # the whole household is harmed
                queue[h] = -1
                goal[h] = -1
        alive = 0
        for m in range(i, j):
            if m != h and state[m] != S_HARMED:
                state[m] = state[h]
                place[m] = place[h]
                link[m] = link[h]
                progress[m] = progress[h]
                goal[m] = -1
                queue[m] = -1
                safe_day[m] = safe_day[h]
                awareness[m] = awareness[h]
                informed_day[m] = informed_day[h]
                left_day[m] = left_day[h]
            if state[m] != S_HARMED:
                alive += 1
        for m in range(i, j):
            hh_size[m] = alive if m == h else 0
    return changed


def household_starts(household: np.ndarray) -> np.ndarray:
    """Start index of each household in the (household-contiguous) agent arrays, and n."""
    n = household.shape[0]
    if n == 0:
        return np.zeros(1, np.int64)
    starts = np.flatnonzero(np.r_[True, household[1:] != household[:-1]])
    return np.r_[starts, n].astype(np.int64)
