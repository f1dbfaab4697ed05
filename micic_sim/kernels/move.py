"""Movement along links, hop by hop, with each link's mode speed; arrival at the goal.

A person moving spends the step's time budget (dt days) travelling: along the current link, then
onto the next link from the route table towards the goal place, until the budget or the journey
ends. A link with a daily capacity is entered only through its queue (see kernels.queues).
Arriving at the goal joins that option's queue (crossing, evacuation, consulate, shelter) or, for
a reception place, settles there.
"""

from __future__ import annotations

from numba import njit, prange

from micic_sim.kernels.common import (
    K_CONSULATE,
    K_CROSSING,
    K_RECEPTION,
    M_FOOT,
    M_ROAD,
    M_SEA,
    M_TRACK,
    S_MOVING,
    S_QUEUE_BORDER,
    S_QUEUE_CONSULATE,
    S_QUEUE_TRANSPORT,
    S_WAITING,
)


@njit(cache=True, inline="always")
def speed(par, mode):
    if mode == M_ROAD:
        return par.speed_road_km_day
    if mode == M_FOOT:
        return par.speed_foot_km_day
    if mode == M_SEA:
        return par.speed_sea_km_day
    if mode == M_TRACK:
        return par.speed_track_km_day
    return par.speed_air_km_day


@njit(cache=True, inline="always")
def advance(i, budget, par, place, link, progress, link_to, link_km, link_mode):
    """Travel along person i's current link for up to `budget` days. Returns the time left on
    reaching its end (the person is then at the end place), or -1 if the step ends on the link."""
    lk = link[i]
    v = speed(par, link_mode[lk])
    need = (link_km[lk] - progress[i]) / v
    if need > budget:
        progress[i] += budget * v
        return -1.0
    place[i] = link_to[lk]
    link[i] = -1
    progress[i] = 0.0
    return budget - need


@njit(cache=True, parallel=True)
def move(step, dt, par, pop, rules, world):
    """Advance every moving household head by one step of dt days."""
    # Fields read once, outside the parallel loop (micic_sim.bundles: a field read inside it
    # would take a reference, an atomic count every thread shares, per person).
    state = pop.state
    place = pop.place
    link = pop.link
    progress = pop.progress
    goal = pop.goal
    queue = pop.queue
    ticket = pop.ticket
    head = pop.head
    o_kind = rules.opt_kind
    o_place = rules.opt_place
    next_link = world.next_link
    link_to = world.link_to
    link_km = world.link_km
    link_mode = world.link_mode
    link_capped = world.link_capped
    n_options = world.n_options
    for i in prange(state.shape[0]):
        if head[i] != i or state[i] != S_MOVING or goal[i] < 0:
            continue
        budget = dt
        g = goal[i]
        target = o_place[g]
        while True:
            lk = link[i]
            if lk < 0:
                if place[i] == target:
                    k = o_kind[g]
                    queue[i] = g
                    ticket[i] = step
                    if k == K_CROSSING:
                        state[i] = S_QUEUE_BORDER
                    elif k == K_CONSULATE:
                        state[i] = S_QUEUE_CONSULATE
                    elif k == K_RECEPTION:
                        state[i] = S_WAITING
                        queue[i] = -1
                        goal[i] = -1
                    else:  # evacuation boarding or shelter admission
                        state[i] = S_QUEUE_TRANSPORT
                    break
                nl = next_link[target, place[i]]
                if nl < 0:  # the way is cut: decide again next step
                    goal[i] = -1
                    break
                if link_capped[nl]:
                    state[i] = S_QUEUE_TRANSPORT
                    queue[i] = n_options + nl
                    ticket[i] = step
                    break
                link[i] = nl
                progress[i] = 0.0
                lk = nl
            if budget <= 0.0:
                break
            budget = advance(i, budget, par, place, link, progress, link_to, link_km, link_mode)
            if budget < 0.0:
                break
