"""Small inline helpers shared by the kernels."""

from __future__ import annotations

import numpy as np
from numba import njit

from micic_sim.codes import (
    Age,
    Awareness,
    Channel,
    Doc,
    DocRule,
    Household,
    Mode,
    OptionKind,
    State,
    Status,
)
from micic_sim.rng import STREAMS, uniform

# The codes kernels compare against, as plain ints (Numba folds module-level ints into the
# compiled code as constants). Each is derived from its enum in micic_sim.codes, the one
# source of truth; tests/test_codes.py checks every enum member has its constant here.
# Documents (Doc) and document rules (DocRule).
PASSPORT = int(Doc.PASSPORT)
EMPLOYER_HELD = int(Doc.EMPLOYER_HELD)
LOST = int(Doc.LOST)
NONE_DOC = int(Doc.NONE)
EMERGENCY = int(Doc.EMERGENCY)
RULE_PASSPORT = int(DocRule.PASSPORT)
RULE_ANY = int(DocRule.ANY)
RULE_NONE = int(DocRule.NONE)
# Life-cycle states (State).
# `goal` of a national waiting at their own border for the ride home (kernels.queues,
# network.onward_links): no option, and not a wayfinder (whose goal is -1 in a link queue).
GOAL_HOME = -2
# `goal` of a person held at a crossing's gate (its `holds` column): in its queue, not admitted
# yet, waiting for their way home to be arranged (kernels.queues.serve).
GOAL_HELD = -3
S_NOT_YET = int(State.NOT_YET)
S_HOME = int(State.HOME)
S_MOVING = int(State.MOVING)
S_QUEUE_BORDER = int(State.QUEUE_BORDER)
S_QUEUE_CONSULATE = int(State.QUEUE_CONSULATE)
S_IN_SHELTER = int(State.IN_SHELTER)
S_DETAINED = int(State.DETAINED)
S_CROSSED = int(State.CROSSED)
S_EVACUATED = int(State.EVACUATED)
S_REPATRIATED = int(State.REPATRIATED)
S_HARMED = int(State.HARMED)
S_STRANDED = int(State.STRANDED)
S_QUEUE_TRANSPORT = int(State.QUEUE_TRANSPORT)
S_WAITING = int(State.WAITING)
N_STATES = len(State)
# Legal statuses (Status).
ST_REGULAR = int(Status.REGULAR)
ST_IRREGULAR = int(Status.IRREGULAR)
ST_OVERSTAYER = int(Status.OVERSTAYER)
ST_ASYLUM = int(Status.ASYLUM_SEEKER)
ST_STATELESS = int(Status.STATELESS)
ST_TRAFFICKED = int(Status.TRAFFICKED)
ST_DETAINED = int(Status.DETAINED)
N_STATUS = len(Status)
# Kinds of goal option (OptionKind).
K_CROSSING = int(OptionKind.CROSSING)
K_EVACUATION = int(OptionKind.EVACUATION)
K_CONSULATE = int(OptionKind.CONSULATE)
K_SHELTER = int(OptionKind.SHELTER)
K_RECEPTION = int(OptionKind.RECEPTION)
# What a person knows (Awareness).
A_UNAWARE = int(Awareness.UNAWARE)
A_WARNED = int(Awareness.WARNED)
A_INFORMED = int(Awareness.INFORMED)
# Link modes (Mode).
M_ROAD = int(Mode.ROAD)
M_FOOT = int(Mode.FOOT)
M_SEA = int(Mode.SEA)
M_AIR = int(Mode.AIR)
M_TRACK = int(Mode.TRACK)
# Information channels a lever opens (Channel: columns of Rules.channels).
CH_SMS = int(Channel.SMS)
CH_MEDIA_MULTI = int(Channel.MEDIA_MULTI)
CH_SOCIAL = int(Channel.SOCIAL)
CH_DIASPORA = int(Channel.DIASPORA)
# Age groups (Age) and household types (Household).
AGE_CHILD = int(Age.CHILD)
AGE_ADULT = int(Age.ADULT)
AGE_ELDERLY = int(Age.ELDERLY)
HH_SINGLE = int(Household.SINGLE)
HH_FAMILY = int(Household.FAMILY)
HH_LIVE_IN = int(Household.LIVE_IN)

# Random streams used here (micic_sim.rng.STREAMS).
P_CONSENT = STREAMS["consent"].first
P_LOCAL = STREAMS["local"].first
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
def release_day(doc: int, nat: int, o: int, o_release_day) -> float:
    """The day from which a person of nationality `nat` holding `doc`, held at crossing o's gate,
    has their way home arranged: the first day of an evacuation for their nationality, announced
    or running, that leaves from the entry country and would take them (with their papers, or
    one that asks for none: their State or IOM issues the travel document). +inf when none is
    announced, and at crossings that hold nobody (levers.rules.Rules._update_holds)."""
    return o_release_day[o, nat, 1 if doc_ok(doc, RULE_PASSPORT) else 0]


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


@njit(cache=True)
def finds_own_way(seed, household, local_share):
    """Per person: does their household navigate locally (kernels.wayfind) rather than plan to
    a goal? Drawn once per household from its own stream, so members and successors agree.
    Serial: called once per run (a parallel kernel costs ~0.4 s more to compile)."""
    out = np.zeros(household.shape[0], np.bool_)
    if local_share <= 0.0:
        return out
    for i in range(household.shape[0]):
        out[i] = uniform(seed, 0, household[i], P_LOCAL) < local_share
    return out
