"""Information and ties: who is warned of danger and who knows where to go.

Awareness: 0 unaware, 1 warned (knows of danger), 2 informed (knows the options, rules and offers).
Channels: hazard at one's own place (warns), co-nationals at the same place (peer share, boosted by
agents of influence), host-language media, multi-language media, social media (phone), SMS to
registered nationals with a phone, civil-society contact, diaspora contact, employer, hotline
(capacity-limited). Live-in domestic workers get only a share of face-to-face and media reach.
The same pass applies employer document returns and diaspora money transfers (other ties).
Counts are taken from the start of the step (synchronous), so the result is order-free.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.kernels.common import (
    A_INFORMED,
    A_UNAWARE,
    A_WARNED,
    CH_DIASPORA,
    CH_MEDIA_MULTI,
    CH_SMS,
    CH_SOCIAL,
    EMPLOYER_HELD,
    HH_LIVE_IN,
    PASSPORT,
    S_HARMED,
    S_HOME,
    S_NOT_YET,
    is_terminal,
    n_chunks,
    rate_to_p,
)
from micic_sim.rng import STREAMS, uniform

P_DOCS = STREAMS["docs"].first
P_MONEY = STREAMS["money"].first


@njit(cache=True, parallel=True)
def _informed_chunks(state, place, nationality, awareness, n_places, n_nat):
    """Per chunk and (place, nationality): people informed, present, and not yet left home."""
    n = state.shape[0]
    n_ch = n_chunks(n)
    size = (n + n_ch - 1) // n_ch
    informed = np.zeros((n_ch, n_places * n_nat), np.int64)
    present = np.zeros((n_ch, n_places * n_nat), np.int64)
    stay = np.zeros((n_ch, n_places * n_nat), np.int64)
    for c in prange(n_ch):
        for i in range(c * size, min(n, (c + 1) * size)):
            s = state[i]
            k = place[i] * n_nat + nationality[i]
            if s == S_HOME or s == S_NOT_YET:
                stay[c, k] += 1
            if s == S_NOT_YET or s == S_HARMED or is_terminal(s):
                continue
            present[c, k] += 1
            if awareness[i] == A_INFORMED:
                informed[c, k] += 1
    return informed, present, stay


def informed_shares(
    state: np.ndarray,
    place: np.ndarray,
    nationality: np.ndarray,
    awareness: np.ndarray,
    n_places: int,
    n_nat: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per (place, nationality): the share informed among present people, and how many have not
    left home yet (at home or still to appear; the peers' reason to leave, kernels.decide). The
    chunks are added up in NumPy (an axis sum in a kernel costs seconds of compile)."""
    informed, present, stay = _informed_chunks(
        state, place, nationality, awareness, n_places, n_nat
    )
    inf = informed.sum(axis=0)
    pres = present.sum(axis=0)
    share = np.zeros(n_places * n_nat, np.float64)
    np.divide(inf, pres, out=share, where=pres > 0)
    return share, stay.sum(axis=0)


@njit(cache=True, parallel=True)
def spread_information(
    step,
    day,
    dt,
    seed,
    par,
    pop,
    rules,
    world,
    share,
    n_nat,
    hotline_accept_p,
    crisis_on,
):
    """One information step for every decision-maker (household heads and singles). Local
    wayfinders who have set out act on what they see, not on news: they are skipped."""
    warn = par.warn_hazard
    # Fields read once, outside the parallel loop (micic_sim.bundles: a field read inside it
    # would take a reference, an atomic count every thread shares, per person).
    state = pop.state
    head = pop.head
    nationality = pop.nationality
    place = pop.place
    doc = pop.doc
    employer = pop.employer
    diaspora = pop.diaspora
    savings = pop.savings
    awareness = pop.awareness
    household_type = pop.household_type
    language_host = pop.language_host
    phone = pop.phone
    registered = pop.registered
    cso = pop.cso
    info_budget = pop.info_budget
    informed_day = pop.informed_day
    warn_budget = pop.warn_budget
    doc_return_rate = rules.doc_return_rate
    diaspora_transfer_rate = rules.diaspora_transfer_rate
    diaspora_transfer_usd = rules.diaspora_transfer_usd
    peer_multiplier = rules.peer_multiplier
    channels = rules.channels
    hotline_call_rate = rules.hotline_call_rate
    local = world.local
    place_host = world.place_host
    hazard = world.hazard
    for i in prange(state.shape[0]):
        if head[i] != i:
            continue
        s = state[i]
        if s == S_NOT_YET or is_terminal(s) or (local[i] and s != S_HOME):
            continue
        nat = nationality[i]
        p = place[i]
        # Other ties: employers returning passports, diaspora money.
        if doc[i] == EMPLOYER_HELD and doc_return_rate[nat] > 0 and employer[i] >= 0:
            if uniform(seed, step, i, P_DOCS) < rate_to_p(doc_return_rate[nat], dt):
                doc[i] = PASSPORT
        if diaspora_transfer_rate > 0 and diaspora[i]:
            if uniform(seed, step, i, P_MONEY) < rate_to_p(diaspora_transfer_rate, dt):
                savings[i] += diaspora_transfer_usd
        a = awareness[i]
        if a >= A_INFORMED or not crisis_on:
            continue
        if a == A_UNAWARE and place_host[p] and hazard[p] >= warn:
            awareness[i] = A_WARNED
            a = A_WARNED
        reach = par.live_in_reach if household_type[i] == HH_LIVE_IN else 1.0
        rate = reach * (
            par.peer_rate * peer_multiplier * share[p * n_nat + nat]
            + par.media_rate * (1.0 if language_host[i] else 0.0)
            + channels[nat, CH_MEDIA_MULTI]
        )
        if employer[i] >= 0:
            rate += reach * par.employer_rate
        if phone[i]:
            rate += par.social_rate + channels[nat, CH_SOCIAL]
            if registered[i]:
                rate += channels[nat, CH_SMS]
        if cso[i]:
            rate += par.cso_rate
        if diaspora[i]:
            rate += par.diaspora_rate + channels[nat, CH_DIASPORA]
        if phone[i]:  # calls that get through to the hotline
            rate += hotline_call_rate * hotline_accept_p
        info_budget[i] -= rate * dt
        if info_budget[i] <= 0.0:
            awareness[i] = A_INFORMED
            informed_day[i] = day
        elif a == A_UNAWARE:
            warn_budget[i] -= rate * dt
            if warn_budget[i] <= 0.0:
                awareness[i] = A_WARNED  # heard something: warned, not yet informed


@njit(cache=True)
def count_callers(state, head, awareness, phone):
    """People who might call the hotline this step (for its acceptance share)."""
    n = 0
    for i in range(state.shape[0]):
        if (
            head[i] == i
            and phone[i]
            and awareness[i] < A_INFORMED
            and not is_terminal(state[i])
            and state[i] != S_NOT_YET
        ):
            n += 1
    return n
