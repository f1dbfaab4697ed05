"""Service queues with daily capacity: border processing, consular documents, evacuation
boarding, shelter admission, and capacity-limited links.

Every queue is first-come first-served by the step a household joined (ties by agent index), with
an optional priority lane (vulnerable households first, under humanitarian border management or
child protection). `order_queues` sorts all queued households into per-resource segments with one
counting sort; each institution then serves its own segment with `serve`, up to its capacity in
persons. A household is served whole or not at all (families are not separated), and a household
that does not fit stops the queue for this step, so capacity is never exceeded.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.kernels.common import (
    AGE_CHILD,
    EMERGENCY,
    GOAL_HELD,
    GOAL_HOME,
    K_CONSULATE,
    K_CROSSING,
    K_EVACUATION,
    K_SHELTER,
    S_CROSSED,
    S_DETAINED,
    S_EVACUATED,
    S_IN_SHELTER,
    S_MOVING,
    S_QUEUE_TRANSPORT,
    S_REPATRIATED,
    S_STRANDED,
    S_WAITING,
    ST_OVERSTAYER,
    ST_REGULAR,
    admits,
    doc_ok,
    irregular,
    n_chunks,
    protection_seeker,
    release_day,
    sponsor_consents,
)
from micic_sim.rng import STREAMS, uniform

P_DETAIN = STREAMS["detain"].first


@njit(cache=True, parallel=True)
def queued_heads(queue, head):
    """Indices of the household heads in a queue, ascending, by a parallel two-pass scan (most
    people are in no queue, so the sort below then touches only the few who are)."""
    n = queue.shape[0]
    n_ch = n_chunks(n)
    size = (n + n_ch - 1) // n_ch
    counts = np.zeros(n_ch + 1, np.int64)
    for c in prange(n_ch):
        k = 0
        for i in range(c * size, min(n, (c + 1) * size)):
            if queue[i] >= 0 and head[i] == i:
                k += 1
        counts[c + 1] = k
    for c in range(n_ch):
        counts[c + 1] += counts[c]
    out = np.empty(counts[n_ch], np.int32)
    for c in prange(n_ch):
        k = counts[c]
        for i in range(c * size, min(n, (c + 1) * size)):
            if queue[i] >= 0 and head[i] == i:
                out[k] = i
                k += 1
    return out


@njit(cache=True)
def order_queues(heads, queue, ticket, priority, res_priority, n_res, n_steps, hh_size, goal):
    """Queued household heads (`heads`, ascending, from `queued_heads`) sorted by (resource,
    priority lane, ticket, index).

    Returns (order, start) with resource r's segment order[start[r]:start[r+1]], the number of
    persons queued per resource, and of those the persons held at a crossing's gate (GOAL_HELD:
    in the queue, but taking none of its capacity).

    A counting sort over every (resource, lane, ticket) bin, or, when few people queue (a
    small run: the bins, resources x 2 x steps, then outnumber the heads many times over, and
    counting over them every step cost more than the rest of the step), a sort of the heads by
    one key holding the bin and the index: the same order either way."""
    T = n_steps + 1
    n_bins = n_res * 2 * T
    persons = np.zeros(n_res, np.int64)
    held = np.zeros(n_res, np.int64)
    m = heads.shape[0]
    if m * 32 < n_bins:
        n = np.int64(queue.shape[0])
        keys = np.empty(m, np.int64)
        start = np.zeros(n_res + 1, np.int64)
        for j in range(m):
            i = heads[j]
            r = queue[i]
            lane = 0 if (priority[i] and res_priority[r]) else 1
            keys[j] = ((r * 2 + lane) * T + np.int64(ticket[i])) * n + i
            start[r + 1] += 1
            persons[r] += hh_size[i]
            if goal[i] == GOAL_HELD:
                held[r] += hh_size[i]
        sorted_idx = np.argsort(keys)  # unique keys: one order, whatever the sort
        order = np.empty(m, np.int32)
        for j in range(m):
            order[j] = heads[sorted_idx[j]]
        for r in range(n_res):
            start[r + 1] += start[r]
        return order, start, persons, held
    counts = np.zeros(n_bins + 1, np.int64)
    for i in heads:
        r = queue[i]
        lane = 0 if (priority[i] and res_priority[r]) else 1
        counts[(r * 2 + lane) * T + ticket[i] + 1] += 1
        persons[r] += hh_size[i]
        if goal[i] == GOAL_HELD:
            held[r] += hh_size[i]
    for b in range(n_bins):
        counts[b + 1] += counts[b]
    total = counts[n_bins]
    order = np.empty(total, np.int32)
    fill = counts[:n_bins].copy()
    for i in heads:  # ascending i keeps ties in index order
        r = queue[i]
        lane = 0 if (priority[i] and res_priority[r]) else 1
        b = (r * 2 + lane) * T + ticket[i]
        order[fill[b]] = i
        fill[b] += 1
    start = np.empty(n_res + 1, np.int64)
    for r in range(n_res + 1):
        start[r] = counts[min(r * 2 * T, n_bins)]
    return order, start, persons, held


@njit(cache=True)
def serve(
    r, kind, credit, order, start, step, day, seed, par, pop, rules, world, link_id, passed_nat
):
    """Serve resource r's queue up to `credit` persons (people let through are also added to
    `passed_nat`, by nationality). Returns (persons served, passed,
    refused, detained). `kind` is an OptionKind, or -1 for a capacity-limited link.

    At a crossing that holds a nationality (crossings.csv `holds`), a person of it whom the
    entry State does not admit yet (papers, visa, onward ticket) is not turned away: they stay
    in the queue at the exit post (`goal` GOAL_HELD, counted at that border), use none of the
    post's capacity and do not stop the queue behind them, and are checked again on every pass
    until they are admitted (their way home arranged: `release_day`, or the rules changed) or give
    up (kernels.decide). Their refusal is remembered as at any post."""
    # Fields read once, before the loop (micic_sim.bundles: a field read takes a reference).
    state = pop.state
    place = pop.place
    link = pop.link
    progress = pop.progress
    goal = pop.goal
    queue = pop.queue
    doc = pop.doc
    status = pop.status
    nationality = pop.nationality
    savings = pop.savings
    refused = pop.refused
    employer = pop.employer
    age = pop.age
    hh_size = pop.hh_size
    safe_day = pop.safe_day
    home_day = pop.home_day
    o_target = rules.opt_target
    o_crossing = rules.opt_crossing
    o_nat_ok = rules.opt_nat_ok
    o_doc_rule = rules.opt_doc_rule
    o_fee = rules.opt_fee
    o_overstay = rules.opt_overstay
    o_exit_permit = rules.opt_exit_permit
    o_detain_p = rules.opt_detain_p
    o_protect = rules.opt_protect
    o_own_nat = rules.opt_own_nat
    o_holds = rules.opt_holds
    o_release_day = rules.opt_release_day
    fare_cover = rules.fare_cover
    employer_cover = rules.employer_cover
    child_priority = rules.child_priority
    place_host = world.place_host
    place_onward = world.place_onward
    link_to = world.link_to
    n_options = world.n_options
    ticket = pop.ticket
    served = 0
    n_pass = 0
    n_refused = 0
    n_detained = 0
    for k in range(start[r], start[r + 1]):
        i = order[k]
        size = hh_size[i]
        if kind == K_CROSSING and o_holds[r, nationality[i]]:
            nat = nationality[i]
            st = status[i]
            if not (
                (o_protect[r] and protection_seeker(st))
                or (child_priority and age[i] == AGE_CHILD)
                or admits(doc[i], nat, r, o_doc_rule, o_nat_ok, o_own_nat)
                or release_day(doc[i], nat, r, o_release_day) <= day
            ):
                if goal[i] != GOAL_HELD:  # held from now on: refused for now, and knows it
                    goal[i] = GOAL_HELD
                    c = o_crossing[r]
                    if c < 64:
                        refused[i] |= np.uint64(1) << np.uint64(c)
                continue
        if size > credit:
            break
        credit -= size
        served += size
        queue[i] = -1
        if kind < 0 and goal[i] == GOAL_HOME:  # a national's ride home from their own border
            state[i] = S_REPATRIATED
            goal[i] = -1
            place[i] = link_to[link_id]
            home_day[i] = day
            n_pass += size
            passed_nat[nationality[i]] += size
            continue
        if kind < 0:  # a capacity-limited link: start along it
            state[i] = S_MOVING
            link[i] = link_id
            progress[i] = 0.0
            n_pass += size
            passed_nat[nationality[i]] += size
            continue
        st = status[i]
        nat = nationality[i]
        covered = fare_cover[nat] or (employer_cover and employer[i] >= 0 and st == ST_REGULAR)
        ok = True
        if kind == K_CROSSING or kind == K_SHELTER:
            if (
                irregular(st)
                and o_detain_p[r] > 0
                and uniform(seed, step, i, P_DETAIN) < o_detain_p[r]
            ):
                state[i] = S_DETAINED
                goal[i] = -1
                n_detained += size
                continue
        if kind == K_CROSSING:
            protected = (o_protect[r] and protection_seeker(st)) or (
                child_priority and age[i] == AGE_CHILD
            )
            if (
                not protected
                and not admits(doc[i], nat, r, o_doc_rule, o_nat_ok, o_own_nat)
                and not release_day(doc[i], nat, r, o_release_day) <= day
            ):
                ok = False
            if ok and o_exit_permit[r] and not protected:
                if st != ST_REGULAR:
                    ok = False
                elif not sponsor_consents(seed, i, par.sponsor_consent_p):
                    ok = False
            fee = o_fee[r] + (o_overstay[r] if st == ST_OVERSTAYER else 0.0)
            if ok and not covered:
                if savings[i] >= fee:
                    savings[i] -= fee
                else:
                    ok = False
            if ok:
                place[i] = o_target[r]
                # Into one's own country: home (the road on is one's own), unless the way on
                # from the border is transport with a capacity (network.onward_links): then
                # they wait for it there, held at that border. Else safe abroad.
                onward = place_onward[o_target[r]] if o_own_nat[r, nat] else -1
                if onward >= 0:
                    state[i] = S_QUEUE_TRANSPORT
                    queue[i] = n_options + onward
                    ticket[i] = step
                elif o_own_nat[r, nat]:
                    state[i] = S_REPATRIATED
                    home_day[i] = day
                else:
                    state[i] = S_CROSSED
                if np.isnan(safe_day[i]):
                    safe_day[i] = day
                n_pass += size
                passed_nat[nationality[i]] += size
            else:
                c = o_crossing[r]
                if c < 64:
                    refused[i] |= np.uint64(1) << np.uint64(c)
                state[i] = S_STRANDED
                n_refused += size
            goal[i] = GOAL_HOME if state[i] == S_QUEUE_TRANSPORT else -1
        elif kind == K_EVACUATION:
            fare = o_fee[r]
            if (
                o_nat_ok[r, nat]
                and doc_ok(doc[i], o_doc_rule[r])
                and (covered or savings[i] >= fare)
            ):
                if not covered:
                    savings[i] -= fare
                state[i] = S_EVACUATED if place_host[place[i]] else S_REPATRIATED
                home_day[i] = day
                place[i] = o_target[r]
                if np.isnan(safe_day[i]):
                    safe_day[i] = day
                n_pass += size
                passed_nat[nationality[i]] += size
            else:
                state[i] = S_STRANDED if place_host[place[i]] else S_WAITING
                n_refused += size
            goal[i] = -1
        elif kind == K_CONSULATE:
            doc[i] = EMERGENCY
            state[i] = S_MOVING
            goal[i] = -1
            n_pass += size
            passed_nat[nationality[i]] += size
        else:  # shelter admission
            state[i] = S_IN_SHELTER
            goal[i] = -1
            n_pass += size
            passed_nat[nationality[i]] += size
    return served, n_pass, n_refused, n_detained


@njit(cache=True)
def serve_points(
    points, resource, kind, link_id, credit, order, start, step, day, seed, par, pop, rules,
    world, passed_nat, served_today, passed_today, totals,
):  # fmt: skip
    """Serve the queues of service points `points`, in that order, in one call (one Python
    call per point and step was most of the queue stage at sweep sizes). Per point k: its
    credit is spent, this step's persons served and passed are added to (a step serves twice:
    the queue stage, then the arrivals of the step's movement), and so are (passed, refused,
    detained) to totals[k]."""
    for j in range(points.shape[0]):
        k = points[j]
        c = credit[k]
        served, n_pass, n_ref, n_det = serve(
            resource[k],
            kind[k],
            c if np.isfinite(c) else 1e18,
            order,
            start,
            step,
            day,
            seed,
            par,
            pop,
            rules,
            world,
            link_id[k],
            passed_nat[k],
        )
        credit[k] = c - served
        served_today[k] += served  # both passes of the step (ServiceBoard.refill zeroes them)
        passed_today[k] += n_pass
        totals[k, 0] += n_pass
        totals[k, 1] += n_ref
        totals[k, 2] += n_det


@njit(cache=True)
def hh_has_vulnerable(hh_start, vulnerable):
    """Per person: does their household have a vulnerable member? (The priority lane's test,
    computed once: vulnerability is fixed and households are contiguous, see
    kernels.harm.household_starts; whoever heads the household reads its own flag.) Serial:
    called once per run (a parallel kernel costs ~0.4 s more to compile)."""
    out = np.zeros(vulnerable.shape[0], np.bool_)
    for k in range(hh_start.shape[0] - 1):
        flag = False
        for m in range(hh_start[k], hh_start[k + 1]):
            flag = flag or vulnerable[m]
        for m in range(hh_start[k], hh_start[k + 1]):
            out[m] = flag
    return out
