"""Camp admission: a camp or shelter with a capacity takes in newcomers only up to it.

Within one step every household moves at once (kernels.move, kernels.wayfind), each seeing
the occupancy of the step before; left alone, a day's arrivals could fill a camp many times
over. Flee avoids this by moving agents one after another, each seeing the camp fill up
(`getCapMultiplier`). Here the step's newcomers to each capped camp or shelter (arrived by
road, across a border or through a shelter's queue) are admitted after the movement kernels,
in an order drawn from the counter-based generator (the same for
any thread count), while they fit in the room left by the residents who stayed; the others are
turned away. A turned-away household is back where it was at the start of the step (in its
old camp, or at the last place it left) with no destination: it chooses again next step,
when the full camp weighs nothing for wayfinders (wayfinding.room) and planners decide anew.

Only heads are examined; members follow their head in kernels.harm.sync_households.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from micic_sim.kernels.common import S_CROSSED, S_IN_SHELTER, S_MOVING, S_WAITING
from micic_sim.rng import STREAMS, uniform

#: Stream of the admission order (micic_sim.rng.STREAMS).
P_ADMIT = STREAMS["admit"].first


@njit(cache=True, inline="always")
def inside(s):
    """At a camp's gate or inside: settled (waiting), sheltered, or just across a border into
    it (kernels.queues; kernels.decide settles them on the next step)."""
    return s == S_WAITING or s == S_IN_SHELTER or s == S_CROSSED


@njit(cache=True)
def admit(step, seed, pop, rules, world, capacity, bound, pre_state, pre_place, who):
    """Turn away this step's newcomers beyond the room of each place with a `capacity`
    (people; negative: no limit). `pre_state` and `pre_place` are the state and place of
    everyone at the start of the step (before border and shelter services, decisions and
    movement); `bound` is an upper bound on the people who were inside each place then (the
    previous step's people at each place; negative: unknown), which spares counting the
    residents on the steps when the newcomers fit anyway; `who` is scratch space for one
    index per person. Returns the number of heads turned away."""
    # Fields read once, before the loops (micic_sim.bundles: a field read takes a reference).
    state = pop.state
    place = pop.place
    link = pop.link
    progress = pop.progress
    dest = pop.dest
    goal = pop.goal
    queue = pop.queue
    head = pop.head
    hh_size = pop.hh_size
    n = state.shape[0]
    n_places = capacity.shape[0]
    arriving = np.zeros(n_places, np.int64)
    n_new = 0
    for i in range(n):
        s = state[i]
        p = place[i]
        if s == pre_state[i] and p == pre_place[i]:
            continue  # most people: still where they were, as they were
        if not inside(s) or capacity[p] < 0 or head[i] != i:
            continue
        if inside(pre_state[i]) and pre_place[i] == p:
            continue
        arriving[p] += hh_size[i]
        who[n_new] = i
        n_new += 1
    check = np.zeros(n_places, np.bool_)
    any_check = False
    for p in range(n_places):
        if arriving[p] > 0 and (bound[p] < 0 or bound[p] + arriving[p] > capacity[p]):
            check[p] = True
            any_check = True
    if not any_check:
        return 0
    # The residents who stayed, where the newcomers may not fit (four interleaved counters
    # per place, so that consecutive people in one camp do not wait on each other's sums).
    lanes = np.zeros((4, n_places), np.int64)
    for i in range(n):
        if not inside(state[i]):
            continue
        p = place[i]
        if not check[p] or head[i] != i:
            continue
        if inside(pre_state[i]) and pre_place[i] == p:
            lanes[i & 3, p] += hh_size[i]
    stayed = np.zeros(n_places, np.int64)  # lanes added up by hand: an axis sum costs compile
    for p in range(n_places):
        stayed[p] = lanes[0, p] + lanes[1, p] + lanes[2, p] + lanes[3, p]
    over = np.zeros(n_places, np.bool_)
    any_over = False
    for p in range(n_places):
        if check[p] and stayed[p] + arriving[p] > capacity[p]:
            over[p] = True
            any_over = True
    if not any_over:
        return 0
    key = np.empty(n_new, np.float64)
    for j in range(n_new):  # by place, then in a drawn order
        i = who[j]
        key[j] = place[i] + uniform(seed, step, i, P_ADMIT)
    order = np.argsort(key)
    room = capacity - stayed
    turned = 0
    for j in range(n_new):
        i = who[order[j]]
        p = place[i]
        if not over[p]:
            continue  # everyone fits here
        if hh_size[i] <= room[p]:
            room[p] -= hh_size[i]
            continue
        room[p] = 0  # first come (in the drawn order), first served: no overtaking
        ps = pre_state[i]
        place[i] = pre_place[i]
        state[i] = ps if ps == S_WAITING or ps == S_IN_SHELTER else S_MOVING
        link[i] = -1
        progress[i] = 0.0
        dest[i] = -1
        goal[i] = -1
        queue[i] = -1
        turned += 1
    return turned
