"""Small inline helpers shared by the kernels."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from micic_sim.codes import Doc, DocRule, Purpose, State, Status
from micic_sim.rng import uniform

PASSPORT, EMPLOYER_HELD, LOST, NONE_DOC, EMERGENCY = (
    int(Doc.PASSPORT),
    int(Doc.EMPLOYER_HELD),
    int(Doc.LOST),
    int(Doc.NONE),
    int(Doc.EMERGENCY),
)
RULE_PASSPORT, RULE_ANY, RULE_NONE = int(DocRule.PASSPORT), int(DocRule.ANY), int(DocRule.NONE)
S_NOT_YET, S_HOME, S_MOVING, S_QUEUE_BORDER, S_QUEUE_CONSULATE = 0, 1, 2, 3, 4
S_IN_SHELTER, S_DETAINED, S_CROSSED, S_EVACUATED, S_REPATRIATED = 5, 6, 7, 8, 9
S_HARMED, S_STRANDED, S_QUEUE_TRANSPORT, S_WAITING = 10, 11, 12, 13
assert [
    S_NOT_YET,
    S_HOME,
    S_MOVING,
    S_QUEUE_BORDER,
    S_QUEUE_CONSULATE,
    S_IN_SHELTER,
    S_DETAINED,
    S_CROSSED,
    S_EVACUATED,
    S_REPATRIATED,
    S_HARMED,
    S_STRANDED,
    S_QUEUE_TRANSPORT,
    S_WAITING,
] == [int(s) for s in State]
ST_REGULAR, ST_IRREGULAR, ST_OVERSTAYER, ST_ASYLUM, ST_STATELESS, ST_TRAFFICKED, ST_DETAINED = (
    int(s) for s in Status
)
K_CROSSING, K_EVACUATION, K_CONSULATE, K_SHELTER, K_RECEPTION = 0, 1, 2, 3, 4
P_CONSENT = int(Purpose.CONSENT)
#: Fixed number of chunks for the parallel counting and scanning passes: each chunk works on
#: its own rows, which are combined at the end. The chunking does not depend on the thread
#: count, so counts and orders are the same with any number of threads.
N_CHUNKS = 64
#: Fewest agents per chunk: a small run uses fewer chunks (each chunk's rows are zeroed and
#: summed, a cost that does not shrink with the agents: at 20,000 agents, 64 chunks made these
#: passes cost more than the work). The chunk count depends on the number of agents only, and
#: the passes count in integers, so results are the same with any number of chunks.
MIN_CHUNK = 8192


@njit(cache=True, inline="always")
def n_chunks(n: int) -> int:
    """Chunks for a pass over n rows: up to N_CHUNKS, at least MIN_CHUNK rows each."""
    return max(1, min(N_CHUNKS, (n + MIN_CHUNK - 1) // MIN_CHUNK))


@njit(cache=True, inline="always")
def doc_ok(doc: int, rule: int) -> bool:
    """Does a person holding `doc` satisfy a document `rule`?"""
    if rule == RULE_NONE:
        return True
    if doc == PASSPORT or doc == EMERGENCY:
        return True
    return rule == RULE_ANY and doc == LOST


@njit(cache=True, inline="always")
def admits(doc: int, nat: int, o: int, o_doc_rule, o_nat_ok, o_own_nat) -> bool:
    """Does crossing option o let in a person holding `doc` of nationality `nat`? Its documents
    and visa rules, except that a State admits its own nationals with or without papers (right
    to return). One rule for what a person expects (kernels.decide) and what the post checks
    (kernels.queues)."""
    return o_own_nat[o, nat] or (doc_ok(doc, o_doc_rule[o]) and o_nat_ok[o, nat])


@njit(cache=True, inline="always")
def needs_papers(doc: int) -> bool:
    """No passport or emergency document in hand."""
    return doc == EMPLOYER_HELD or doc == LOST or doc == NONE_DOC


@njit(cache=True, inline="always")
def irregular(status: int) -> bool:
    """Statuses that fear immigration enforcement at exit posts and aid points."""
    return status == ST_IRREGULAR or status == ST_OVERSTAYER or status == ST_TRAFFICKED


@njit(cache=True, inline="always")
def protection_seeker(status: int) -> bool:
    return status == ST_ASYLUM or status == ST_STATELESS or status == ST_TRAFFICKED


@njit(cache=True, inline="always")
def is_terminal(state: int) -> bool:
    return state == S_HARMED or state == S_EVACUATED or state == S_REPATRIATED


@njit(cache=True, inline="always")
def sponsor_consents(seed, i, consent_p) -> bool:
    """Does person i's sponsor grant exit consent where an exit permit is demanded? One fixed draw
    per person: the same sponsor gives the same answer on every attempt and at every crossing,
    and an informed person knows it before setting out."""
    return uniform(seed, 0, i, P_CONSENT) < consent_p


@njit(cache=True, inline="always")
def rate_to_p(rate: float, dt: float) -> float:
    """Probability of an event in a step of dt days for a per-day rate."""
    return 1.0 - np.exp(-rate * dt)


P_LOCAL = int(Purpose.LOCAL)


@njit(cache=True, parallel=True)
def finds_own_way(seed, household, local_share):
    """Per person: does their household navigate locally (kernels.wayfind) rather than plan to
    a goal? Drawn once per household from its own stream, so members and successors agree."""
    out = np.zeros(household.shape[0], np.bool_)
    if local_share <= 0.0:
        return out
    for i in prange(household.shape[0]):
        out[i] = uniform(seed, 0, household[i], P_LOCAL) < local_share
    return out
