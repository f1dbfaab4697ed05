"""Decisions: whether to leave, and which option to pursue.

A warned person at home leaves at a rate that adds up the documented reasons to leave (see
`Behaviour`): danger where they are or aimed at their group (and, once informed, the danger
reported elsewhere), their employer shutting down or leaving, their State calling its nationals
home or, without a call, running transport for them on their way out, and co-nationals at their
place having left. Danger, peers, a shut employer and a State's offer are weighed by the
person's own propensity (fixed, mean 1): a worker whose site has shut may still stay, for wages
owed, debts or the hope of other work, and so may one offered a seat home; a State's call moves
everyone alike. There is no threshold: anyone can leave, some very slowly.
Someone who has left, been refused, given up a queue or been released chooses among the options
they know of:
- crossings (everyone knows the borders; only informed people know the rules, the queues and the
  risk of detention, so uninformed people also walk to crossings that will refuse them);
- evacuation offers, consular posts (for emergency documents), shelters (internal relocation)
  and, outside the host country, reception places: only informed people know of these.
A national whose State has called them home (timeline `call_home`) and runs or has announced
rides marked `instructed` goes where it told them: one of those rides, or a border towards one
(levers.rules.Rules._update_instructions); the call itself tells them of the rides.
Households that find their way locally (`local_share`) choose no goal: they set out and
kernels.wayfind moves them place by place.
Each feasible option's utility is minus (travel days + expected queue days) plus option-specific
terms (fear of officials, preference for transport home, detours), plus Gumbel noise from the
person's own random stream; the best one becomes the goal. No feasible option: stranded.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.kernels.common import (
    A_INFORMED,
    A_UNAWARE,
    AGE_CHILD,
    GOAL_HOME,
    K_CONSULATE,
    K_CROSSING,
    K_EVACUATION,
    K_RECEPTION,
    K_SHELTER,
    S_CROSSED,
    S_DETAINED,
    S_HOME,
    S_IN_SHELTER,
    S_MOVING,
    S_QUEUE_BORDER,
    S_QUEUE_CONSULATE,
    S_QUEUE_TRANSPORT,
    S_STRANDED,
    S_WAITING,
    ST_ASYLUM,
    ST_OVERSTAYER,
    ST_REGULAR,
    ST_STATELESS,
    admits,
    doc_ok,
    irregular,
    needs_papers,
    protection_seeker,
    rate_to_p,
    release_day,
    sponsor_consents,
)
from micic_sim.rng import STREAMS, uniform

P_LEAVE = STREAMS["leave"].first
P_CHOOSE = STREAMS["choose"].first  # + option index
P_GIVE_UP = STREAMS["give_up"].first


@njit(cache=True, inline="always")
def can_pay(fee, savings, covered):
    return covered or fee <= savings


# `option_cost` and `choose` are inlined into `decide` at Numba IR level. Called as functions,
# each call took a reference to the bundles and their arrays on entry: atomic updates of
# counts shared by all threads, once per option examined, which made two threads slower than
# one (synthetic 1e6: decisions 0.29x). Inlined, the parallel loop holds no reference count
# at all (check: no `NRT_incref` in the gufunc's LLVM IR); the cost is ~2.7 s more CPU for
# the cold compile.
@njit(cache=True, inline="always")
def option_cost(i, o, day, par, pop, rules, world, o_queue, escorted, seed):
    """Cost in days of pursuing option o for person i, or +inf when i would not choose it."""
    inf = np.inf
    if not rules.opt_open[o]:
        return inf
    here = pop.place[i]
    if rules.opt_in_host[o] != world.place_host[here]:
        return inf
    travel = world.route_days[rules.opt_place[o], here]
    if not np.isfinite(travel):
        return inf
    informed = pop.awareness[i] == A_INFORMED
    k = rules.opt_kind[o]
    nat = pop.nationality[i]
    # A national whose State has called them home goes where it told them: its own rides, or
    # over a border towards one of them (Rules._update_instructions); the call tells them of
    # those rides, informed or not.
    state_ride = rules.opt_state_ride[o, nat]
    if rules.state_directs[nat] and (k == K_CROSSING or k == K_EVACUATION) and not state_ride:
        return inf
    st = pop.status[i]
    covered = rules.fare_cover[nat] or (
        rules.employer_cover and pop.employer[i] >= 0 and st == ST_REGULAR
    )
    wait = 0.0
    if informed:
        cap = rules.opt_cap_day[o]
        wait = o_queue[o] / cap if cap > 0 else 2.0
        wait += world.route_wait[o, here]  # queues at capped roads and ferries on the way
        wait *= par.patience_wait_weight
    if k == K_CROSSING:
        c = rules.opt_crossing[o]
        # Uninformed people remember where they were turned back; informed people judge a
        # crossing by today's rules and their own papers (a document obtained since, a waiver
        # that has come into force), so a refusal is not held against a crossing for ever.
        if not informed and c < 64 and (pop.refused[i] >> np.uint64(c)) & np.uint64(1):
            return inf
        risk = 0.0
        if informed:
            protected = (rules.opt_protect[o] and protection_seeker(st)) or escorted
            if not protected and not admits(
                pop.doc[i], nat, o, rules.opt_doc_rule, rules.opt_nat_ok, rules.opt_own_nat
            ):
                # A gate that holds them (crossings.csv `holds`) lets them in once their way
                # home is arranged: worth going to when it is announced, with the days until
                # it starts as a wait (weighed as a queue's); not while none is.
                ready = release_day(pop.doc[i], nat, o, rules.opt_release_day)
                if not rules.opt_holds[o, nat] or not np.isfinite(ready):
                    return inf
                wait += max(ready - day, 0.0) * par.patience_wait_weight
            if (
                rules.opt_exit_permit[o]
                and not protected
                and (st != ST_REGULAR or not sponsor_consents(seed, i, par.sponsor_consent_p))
            ):
                return inf
            fee = rules.opt_fee[o] + (rules.opt_overstay[o] if st == ST_OVERSTAYER else 0.0)
            if not can_pay(fee, pop.savings[i], covered):
                return inf
            if irregular(st) and rules.opt_official[o]:
                risk = par.fear_weight_days * pop.fear[i] * (0.5 + rules.opt_detain_p[o])
        return travel + wait + risk
    if k == K_RECEPTION:  # camps and reception centres are visible to everyone who has crossed
        return travel + par.reception_penalty_days
    if not informed and not (k == K_EVACUATION and state_ride):
        return inf
    if k == K_EVACUATION:
        if not rules.opt_nat_ok[o, nat] or not doc_ok(pop.doc[i], rules.opt_doc_rule[o]):
            return inf
        if not can_pay(rules.opt_fee[o], pop.savings[i], covered):
            return inf
        return travel + wait - par.evacuation_bonus_days
    if k == K_CONSULATE:
        if not rules.opt_nat_ok[o, nat] or not needs_papers(pop.doc[i]):
            return inf
        if st == ST_ASYLUM or st == ST_STATELESS:
            return inf  # cannot turn to the State they fled / have none
        return travel + wait + par.consulate_penalty_days
    if k == K_SHELTER:
        risk = par.fear_weight_days * pop.fear[i] * (1.0 if rules.opt_official[o] else 0.0)
        return travel + par.shelter_penalty_days + risk
    return inf


@njit(cache=True, inline="always")
def choose(
    i,
    step,
    day,
    seed,
    exclude_kind,
    par,
    pop,
    rules,
    world,
    o_queue,
    escorted,
    cand_ptr,
    cand_idx,
):
    """Best option for person i (noisy utility), or -1. Only the candidates for the person's
    side of the border and nationality are examined (see `candidates`)."""
    best = -1
    best_u = -np.inf
    noise = par.choice_noise_days
    n_nat = rules.opt_nat_ok.shape[1]
    g = (0 if world.place_host[pop.place[i]] else n_nat) + pop.nationality[i]
    for c in range(cand_ptr[g], cand_ptr[g + 1]):
        o = cand_idx[c]
        if rules.opt_kind[o] == exclude_kind:
            continue
        cost = option_cost(i, o, day, par, pop, rules, world, o_queue, escorted, seed)
        if not np.isfinite(cost):
            continue
        u = uniform(seed, step, i, P_CHOOSE + o)
        gumbel = -np.log(-np.log(max(u, 1e-300)))
        util = -cost + noise * gumbel
        if util > best_u:
            best_u = util
            best = o
    return best


def candidates(
    o_open: np.ndarray, o_in_host: np.ndarray, o_kind: np.ndarray, o_nat_ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Options worth examining, per (side of the border, nationality), as CSR arrays: open, on
    that side, and either a crossing (whose rules only informed people know) or open to that
    nationality. Built once per step from the rule arrays, so the per-person loop stays short."""
    n_opt, n_nat = o_nat_ok.shape
    ok = o_open[:, None] & ((o_kind == K_CROSSING)[:, None] | o_nat_ok)
    groups = np.concatenate([ok & o_in_host[:, None], ok & ~o_in_host[:, None]], axis=1)
    counts = groups.sum(axis=0)
    ptr = np.zeros(2 * n_nat + 1, np.int64)
    np.cumsum(counts, out=ptr[1:])
    idx = np.nonzero(groups.T)[1].astype(np.int32)  # row-major over groups: options in order
    return ptr, idx


@njit(cache=True, parallel=True)
def decide(step, day, dt, seed, par, pop, rules, world, o_queue, cand_ptr, cand_idx):
    """One decision step for every household head; writes only the head's own columns."""
    leave_rate = par.leave_rate
    boost = par.informed_leave_boost
    patience = par.patience_days * rules.patience_factor
    n_nat = rules.opt_nat_ok.shape[1]
    # Fields read once, outside the parallel loop: a structref field read inside it takes a
    # reference to the array (a count shared by every thread) on every iteration.
    p_age = pop.age
    p_awareness = pop.awareness
    p_employer = pop.employer
    p_goal = pop.goal
    p_head = pop.head
    p_leave_budget = pop.leave_budget
    p_left_day = pop.left_day
    p_link = pop.link
    p_nationality = pop.nationality
    p_place = pop.place
    p_propensity = pop.propensity
    p_queue = pop.queue
    p_state = pop.state
    p_ticket = pop.ticket
    w_alert = world.alert
    w_call = world.call
    w_employer_gone = world.employer_gone
    w_group_hazard = world.group_hazard
    w_hazard = world.hazard
    w_local = world.local
    w_peers_left = world.peers_left
    w_place_host = world.place_host
    w_place_reception = world.place_reception
    w_used_to = world.used_to
    r_child_priority = rules.child_priority
    r_release_detainees = rules.release_detainees
    r_state_directs = rules.state_directs
    r_place_offers = rules.place_offers
    for i in prange(p_state.shape[0]):
        if p_head[i] != i:
            continue
        s = p_state[i]
        escorted = r_child_priority and p_age[i] == AGE_CHILD
        must_choose = False
        exclude = -1
        if s == S_HOME:
            e = p_employer[i]
            gone = e >= 0 and w_employer_gone[e]
            if p_awareness[i] == A_UNAWARE and not gone:
                continue  # unaware of any danger (an employer leaving tells its workers)
            nat = p_nationality[i]
            danger = max(w_hazard[p_place[i]], w_group_hazard[nat])
            if p_awareness[i] == A_INFORMED:
                danger = max(danger, w_alert)
            # Only danger beyond the insecurity people are used to drives them out: what they
            # lived with before, or the hazard of the last weeks (habituation, stages._rules).
            danger = max(danger - w_used_to[p_place[i]], 0.0)
            if p_awareness[i] == A_INFORMED:
                danger *= 1.0 + boost
            # Every reason to leave adds to one rate, with no threshold: anyone can leave. The
            # person's own propensity scales how they answer danger, peers and a shut employer;
            # a State coming for its nationals moves everyone alike (see Behaviour).
            rate = (
                leave_rate * danger
                + par.peer_leave_rate * w_peers_left[p_place[i] * n_nat + nat]
                + par.employer_leave_rate * gone
                + par.offer_leave_rate * r_place_offers[p_place[i], nat]
            ) * p_propensity[i]
            rate += par.call_leave_rate * w_call[nat]
            if p_age[i] == AGE_CHILD and not escorted:
                rate *= 0.3  # unaccompanied children rarely set out alone
            p_leave_budget[i] -= rate * dt
            if p_leave_budget[i] <= 0.0:
                p_left_day[i] = day
                must_choose = True
        elif s == S_MOVING:
            must_choose = p_goal[i] < 0 and p_link[i] < 0 and not w_local[i]
        elif s == S_STRANDED:
            must_choose = uniform(seed, step, i, P_LEAVE) < rate_to_p(par.recheck_rate, dt)
        elif s == S_WAITING:  # safe abroad: only an evacuation home is worth moving for
            g = n_nat + p_nationality[i]
            told = r_state_directs[p_nationality[i]]  # their State's call named its rides
            if w_local[i] or (p_awareness[i] < A_INFORMED and not told):
                continue
            if cand_ptr[g] == cand_ptr[g + 1]:
                continue
            must_choose = uniform(seed, step, i, P_LEAVE) < rate_to_p(par.recheck_rate, dt)
            exclude = K_RECEPTION
        elif s == S_IN_SHELTER:
            if w_local[i]:
                continue  # moves on with the shelter's move chance (kernels.wayfind)
            must_choose = uniform(seed, step, i, P_LEAVE) < rate_to_p(
                par.shelter_recheck_rate * (p_awareness[i] == A_INFORMED), dt
            )
            exclude = K_SHELTER
        elif s == S_CROSSED:
            if w_place_reception[p_place[i]]:
                p_state[i] = S_WAITING  # arrived at a camp or reception centre
                continue
            must_choose = True
        elif s == S_QUEUE_BORDER or s == S_QUEUE_CONSULATE or s == S_QUEUE_TRANSPORT:
            if p_goal[i] == GOAL_HOME:
                continue  # a national waiting for the ride home from their own border
            # Everyone else, held at a gate (GOAL_HELD) included, gives up after their patience.
            waited = (step - p_ticket[i]) * dt
            if waited > patience and uniform(seed, step, i, P_GIVE_UP) < rate_to_p(
                par.give_up_rate, dt
            ):
                p_queue[i] = -1
                p_goal[i] = -1
                p_state[i] = S_STRANDED if w_place_host[p_place[i]] else S_WAITING
            continue
        elif s == S_DETAINED:
            if r_release_detainees:
                p_state[i] = S_STRANDED
                p_goal[i] = -1
                must_choose = True
            else:
                continue
        if not must_choose:
            continue
        if w_local[i]:  # finds its way place by place (kernels.wayfind), from this step on
            p_state[i] = S_MOVING
            p_goal[i] = -1
            continue
        o = choose(
            i,
            step,
            day,
            seed,
            exclude,
            par,
            pop,
            rules,
            world,
            o_queue,
            escorted,
            cand_ptr,
            cand_idx,
        )
        if o >= 0:
            p_goal[i] = o
            p_state[i] = S_MOVING
        elif w_place_host[p_place[i]]:
            if s != S_IN_SHELTER:
                p_state[i] = S_STRANDED
                p_goal[i] = -1
        else:
            p_state[i] = S_WAITING
            p_goal[i] = -1
