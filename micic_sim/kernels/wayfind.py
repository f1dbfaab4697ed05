"""Local wayfinding: households that do not plan a goal move place to place by what they see.

This is Flee's agent rule (Suleimenova, Bell & Groen 2017) on micic-sim's graph, for the share
of households `Behaviour.local_share` (`local`, from kernels.common.finds_own_way). Each step a
local household at a place moves on with the place's daily move chance (conflict, town, camp,
shelter or the scenario's own `move_chance`), converted to the step length. Moving, it draws one
of the routes it knows from here (micic_sim.wayfinding: weights by attraction, distance and
room) and heads for its end along that route (its own first link; on from a waypoint by the
shortest way); arriving with time left, it tries to move on again with the new place's chance,
as Flee's `evolveMore` does. As in Flee's `Person.finish_travel`, every link a household sets
out on within the step is travelled for up to a full step (Flee credits each new link with a
whole day's `max_move_speed`); what decides whether it may set out on another is the time it
has actually spent on the road in the step, which must be below the step. A camp or reception
place ends the journey (the household waits there, leaving only with the camp's small move
chance); a household staying in a shelter (an IDP camp) is sheltered there until it moves on;
an exit post means joining the crossing's queue, like anyone else (also at the end of a full
step: the crossing is served where it is reached).

Only heads act; household members follow in kernels.harm.sync_households.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.kernels.common import (
    S_CROSSED,
    S_IN_SHELTER,
    S_MOVING,
    S_QUEUE_BORDER,
    S_QUEUE_TRANSPORT,
    S_STRANDED,
    S_WAITING,
)
from micic_sim.kernels.move import advance
from micic_sim.rng import STREAMS, uniform

#: First id of wayfinding's block of streams (micic_sim.rng.STREAMS): + 0 to resume moving,
#: + 2 hop and + 2 hop + 1 for each hop.
P_WAYFIND = STREAMS["wayfind"].first
#: At most this many places passed in one step (a guard against graphs of very short links
#: between places everyone leaves at once, where a step could otherwise pass countless places).
MAX_HOPS_PER_STEP = 64


@njit(cache=True, inline="always")
def pick_route(u, lo, hi, cum):
    """First route in [lo, hi) whose cumulative probability exceeds u (binary search; the
    last route's is 1)."""
    hi -= 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] > u:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=True, inline="always")
def settle(i, state, place, dest, place_reception, place_shelter):
    """A wayfinder staying put: in a camp it waits, in a shelter (an IDP camp) it is sheltered
    (either way it takes a bed: micic_sim.kernels.counts.tally counts residents), elsewhere it
    stays on the move, keeping its destination."""
    # Written only on a change: most people at rest are already settled, and a store per person
    # per step would cost more than the rest of their visit.
    if place_reception[place[i]]:
        if state[i] != S_WAITING:
            state[i] = S_WAITING
            dest[i] = -1
    elif place_shelter[place[i]]:
        if state[i] != S_IN_SHELTER:
            state[i] = S_IN_SHELTER
            dest[i] = -1


@njit(cache=True, parallel=True)
def wayfind(
    step, dt, seed, par, pop, rules, world, p_move, place_room, wf_ptr, wf_dest, wf_cum, wf_next,
    wf_first, left, resume, town, recent, moved,
):  # fmt: skip
    """One step of local wayfinding for every local household head.

    `left` holds, per person, the time left in the step when they joined a border queue
    (written here). With `resume` > 0 (stages._arrivals, after the crossings have served the
    step's arrivals) only the heads let across this step into a place that is not a camp move,
    on from there with that time left, as a Flee agent passes a border within the day's travel;
    the others are untouched. `resume` numbers the pass (draws of each pass are distinct).

    `p_move[place]` is the chance of moving on from a place within this step
    (`step_move_chance`). (A time-to-event clock per person, as for leaving home, was measured
    slower here: it writes a float per resting person per step, where a draw only computes.)
    `place_room` is wayfinding.room: a household does not set out for a place that is
    nearly full (room < 0.5), nor goes on towards one from the next place; it stays where it
    is for the step, as in Flee. `wf_*` are the routes it knows (wayfinding.WayTables): it
    leaves by the chosen route's own first edge (`wf_first`) and goes on from a waypoint by the
    shortest way (`wf_next`).

    With `par.avoid_short_stints` (Flee's ``avoid_short_stints``), a household arriving at a
    town (`town`: not a camp nor a shelter, not in conflict) with time left moves on at once,
    without drawing the town's move chance, when its share of a full day's travel averaged over
    the last two days, ``(recent + today) / 2``, is below one half (Flee's
    ``Person.finish_travel``, ``ForceTownMove``). `moved` adds up the share of the step each
    household travelled (over the arrivals passes too); `recent` is Flee's
    ``recent_travel_distance``, updated from it once a step (stages._wayfind)."""
    # Fields read once, outside the parallel loop (micic_sim.bundles: a field read inside it
    # would take a reference, an atomic count every thread shares, per person).
    state = pop.state
    place = pop.place
    link = pop.link
    progress = pop.progress
    goal = pop.goal
    dest = pop.dest
    queue = pop.queue
    ticket = pop.ticket
    head = pop.head
    local = world.local
    n_links = world.link_from.shape[0]
    cr_option = world.cr_option
    link_to = world.link_to
    link_km = world.link_km
    link_mode = world.link_mode
    link_capped = world.link_capped
    n_options = world.n_options
    place_reception = world.place_reception
    place_shelter = world.place_shelter
    place_host = world.place_host
    first_hop = resume * MAX_HOPS_PER_STEP  # each pass draws from its own ids
    avoid_short = par.avoid_short_stints > 0.0
    for i in prange(state.shape[0]):
        if head[i] != i or not local[i]:
            continue
        s = state[i]
        hop = first_hop
        # Time spent on the road in this step (days): a household sets out on another link
        # only while it is below the step (Flee: distance_moved_this_timestep < max speed).
        used = 0.0
        if resume > 0:
            # Let across in this step's arrivals pass (they joined the queue this step) into a
            # place that is not a camp: go on with the time left, at the place's move chance
            # (as on arriving anywhere with time left, below).
            if s != S_CROSSED or ticket[i] != step or place_reception[place[i]]:
                continue
            state[i] = S_MOVING
            used = dt - left[i]
            start = used
            if used >= dt or uniform(seed, step, i, P_WAYFIND + 2 * hop) >= p_move[place[i]]:
                settle(i, state, place, dest, place_reception, place_shelter)
                continue  # on from here next step
        else:
            if s == S_CROSSED and not place_reception[place[i]]:
                # Across a border (served by the queue stage this step) into a place that is
                # not a camp: go on from it at once, as Flee's agents do within the day, instead
                # of waiting a step for kernels.decide to set them moving again.
                s = S_MOVING
                state[i] = S_MOVING
            if s != S_MOVING and s != S_WAITING and s != S_IN_SHELTER:
                continue
            if s == S_MOVING and goal[i] >= 0:
                continue  # a planner (kernels.move)
            if link[i] < 0:
                if uniform(seed, step, i, P_WAYFIND) >= p_move[place[i]]:
                    settle(i, state, place, dest, place_reception, place_shelter)
                    continue  # stays here this step
                state[i] = S_MOVING
            start = used
        while True:
            if link[i] < 0:
                here = place[i]
                lead = -1  # the chosen route's own first edge
                if dest[i] < 0 or dest[i] == here:
                    lo, hi = wf_ptr[here], wf_ptr[here + 1]
                    if lo == hi:  # nowhere to go from here
                        state[i] = S_STRANDED if place_host[here] else S_WAITING
                        dest[i] = -1
                        break
                    u = uniform(seed, step, i, P_WAYFIND + 2 * hop + 1)
                    r = pick_route(u, lo, hi, wf_cum)
                    dest[i] = wf_dest[r]
                    lead = wf_first[r]
                if place_room[dest[i]] < 0.5:
                    # Heading for a nearly full place (just chosen, or heard of on the way):
                    # stay here this step and choose again later, as Flee's agents do before
                    # every hop (Person.take_next_step, check_dest_is_full_camp).
                    dest[i] = -1
                    settle(i, state, place, dest, place_reception, place_shelter)
                    break
                # The route chosen is taken (Flee follows its route's link, even where two
                # other links make a shorter way); on from a waypoint, the shortest way.
                e = lead if lead >= 0 else wf_next[dest[i], here]
                if e < 0:  # the way is cut: choose again later
                    dest[i] = -1
                    break
                if e >= n_links or link_capped[e]:
                    # an exit post (queue for the crossing) or a capacity-limited link
                    ticket[i] = step
                    if e >= n_links:
                        state[i] = S_QUEUE_BORDER
                        queue[i] = cr_option[e - n_links]
                        left[i] = dt - used  # to go on with if let across this step
                    else:
                        state[i] = S_QUEUE_TRANSPORT
                        queue[i] = n_options + e
                    break
                link[i] = e
                progress[i] = 0.0
            # Up to a full step on this link, whatever the step's earlier links took (Flee's
            # finish_travel adds a whole day's travel to each link it is on).
            rest = advance(i, dt, par, place, link, progress, link_to, link_km, link_mode)
            if rest < 0.0:
                used += dt  # on the road at the end of the step (Flee counts the full credit)
                break
            used += dt - rest
            hop += 1
            if hop >= first_hop + MAX_HOPS_PER_STEP:
                break
            if place_reception[place[i]]:
                state[i] = S_WAITING  # a camp: the journey ends here
                dest[i] = -1
                break
            if used >= dt:
                here = place[i]
                if dest[i] < 0 or dest[i] == here or wf_next[dest[i], here] < n_links:
                    settle(i, state, place, dest, place_reception, place_shelter)
                    break  # a full step on the road: on from here next step
                # At a border post on the way: its crossing is served where it is reached (no
                # travel), so the household joins the queue now (above), as it would have
                # crossed on the Flee route the post stands on.
                continue
            # Arrived with time left: move on at once with the new place's chance (evolveMore),
            # or surely from a town after short stints (Flee's avoid_short_stints).
            if avoid_short and town[place[i]] and recent[i] + moved[i] + (used - start) / dt < 1.0:
                continue
            if uniform(seed, step, i, P_WAYFIND + 2 * hop) >= p_move[place[i]]:
                settle(i, state, place, dest, place_reception, place_shelter)
                break  # stops here for now
        if avoid_short:
            moved[i] += (used - start) / dt


def step_move_chance(
    par,
    dt: float,
    place_kind_reception: np.ndarray,
    place_kind_shelter: np.ndarray,
    explicit: np.ndarray,
    hazard: np.ndarray,
) -> np.ndarray:
    """Chance of moving on within one step of dt days, per place: from the daily chance
    (conflict, then the scenario's own, then by kind)."""
    daily = np.full(explicit.shape[0], par.town_move_chance)
    daily[place_kind_reception] = par.camp_move_chance
    daily[place_kind_shelter] = par.idp_camp_move_chance
    daily = np.where(explicit >= 0, explicit, daily)
    daily = np.where(hazard > 0, par.conflict_move_chance, daily)
    return 1.0 - (1.0 - np.clip(daily, 0.0, 1.0)) ** dt
