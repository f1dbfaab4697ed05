"""Categorical codes and the dtypes of every agent column, kept in one place.

Kernels see only small integers; this module is the single translation table between those
integers and the words used in scenario files, configs and results.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Status(IntEnum):
    REGULAR = 0
    IRREGULAR = 1
    OVERSTAYER = 2
    ASYLUM_SEEKER = 3
    STATELESS = 4
    TRAFFICKED = 5
    DETAINED = 6


class Doc(IntEnum):
    PASSPORT = 0
    EMPLOYER_HELD = 1  # held or confiscated by an employer or sponsor
    LOST = 2  # passport lost; may still carry an ID card or a copy
    NONE = 3  # never had one
    EMERGENCY = 4  # emergency travel document / laissez-passer issued during the crisis


class Age(IntEnum):
    CHILD = 0
    ADULT = 1
    ELDERLY = 2


class Awareness(IntEnum):
    """What a person knows (column `awareness`)."""

    UNAWARE = 0
    WARNED = 1  # knows of danger
    INFORMED = 2  # knows where to go


class Household(IntEnum):
    SINGLE = 0
    FAMILY = 1
    LIVE_IN = 2  # live-in domestic worker: isolated, hard to reach


class State(IntEnum):
    """Life-cycle state of one person. Terminal states are never left."""

    NOT_YET = 0  # appears later (people displaced over time)
    HOME = 1  # sheltering in place
    MOVING = 2
    QUEUE_BORDER = 3
    QUEUE_CONSULATE = 4
    IN_SHELTER = 5
    DETAINED = 6
    CROSSED = 7  # crossed into a transit country: safe
    EVACUATED = 8  # left the host country by evacuation transport: safe
    REPATRIATED = 9  # home in the country of origin: safe
    HARMED = 10
    STRANDED = 11  # wants to leave, no way out it knows of, or refused
    QUEUE_TRANSPORT = 12  # waiting for a seat or for a capacity-limited link
    WAITING = 13  # outside the host country, waiting (e.g. in a reception camp)


SAFE_STATES = (State.CROSSED, State.EVACUATED, State.REPATRIATED, State.WAITING)


class PlaceKind(IntEnum):
    CITY = 0
    BORDER_EXIT = 1
    BORDER_ENTRY = 2
    TRANSIT = 3
    RECEPTION = 4
    SHELTER = 5
    AIRPORT = 6
    PORT = 7
    SAFE = 8
    DETENTION = 9


class Mode(IntEnum):
    ROAD = 0
    FOOT = 1
    SEA = 2
    AIR = 3
    TRACK = 4  # desert track by truck: slow, irregular departures (speed_track_km_day)


class DocRule(IntEnum):
    """What a crossing's entry side demands."""

    PASSPORT = 0  # passport or emergency travel document
    ANY = 1  # any identity document: also a lost passport's ID card or copy
    NONE = 2


class Channel(IntEnum):
    """Information channels a lever opens, per nationality (columns of `Rules.channels`)."""

    SMS = 0  # to registered people with a phone
    MEDIA_MULTI = 1  # multi-language media
    SOCIAL = 2  # social media (people with a phone)
    DIASPORA = 3  # through diaspora contacts


class OptionKind(IntEnum):
    """Kinds of goal a person can choose; see kernels.decide."""

    CROSSING = 0
    EVACUATION = 1
    CONSULATE = 2
    SHELTER = 3
    RECEPTION = 4  # onward move inside a transit country


class Purpose(IntEnum):
    """Named random streams (common random numbers): one per kind of decision."""

    # 4-7, 11 and 12 were per-step draws now replaced by time-to-event clocks (warnings,
    # information, hotline, harm) or fixed attributes (propensity); numbers are not reused.
    SYNTH = 1
    LEAVE = 2
    CHOOSE = 3
    DETAIN = 8
    CONSENT = 9
    GIVE_UP = 10
    WAYFIND = 13  # local wayfinding: resume moving, pick the next place
    LOCAL = 14  # who finds their way locally (keyed by household)
    EMPLOYER = 15  # when an employer shuts down or leaves (keyed by employer id)
    EMPLOYER_SPREAD = 16  # each employer's propensity to close (keyed by employer id)
    DOCS = 40  # an employer returns a held passport
    MONEY = 41  # a diaspora transfer arrives


def names(enum: type[IntEnum]) -> list[str]:
    """Lower-case names in code order, as they appear in files and results."""
    return [m.name.lower() for m in sorted(enum, key=int)]


def parse(enum: type[IntEnum], word: str) -> int:
    """Code for a lower-case word; raises KeyError listing the valid words."""
    try:
        return int(enum[word.strip().upper()])
    except KeyError:
        raise KeyError(f"'{word}' is not one of: {', '.join(names(enum))}") from None


# Column dtypes of the agent table (structure of arrays): small where the range allows.
COLUMNS: dict[str, np.dtype] = {
    "nationality": np.dtype(np.int16),
    "status": np.dtype(np.int8),
    "doc": np.dtype(np.int8),
    "doc_start": np.dtype(np.int8),  # documentation at the start (for outcome tables)
    "age": np.dtype(np.int8),
    "household_type": np.dtype(np.int8),
    "household": np.dtype(np.int32),  # household id
    "head": np.dtype(np.int32),  # index of the household member who decides and carries papers
    "hh_size": np.dtype(np.int16),  # living members (valid on heads)
    "employer": np.dtype(np.int32),  # employer id, -1 none
    "vulnerable": np.dtype(np.bool_),
    "language_host": np.dtype(np.bool_),  # understands the host country's language
    "savings": np.dtype(np.float32),  # USD
    "phone": np.dtype(np.bool_),
    "registered": np.dtype(np.bool_),
    "cso": np.dtype(np.bool_),  # in touch with a civil-society organisation
    "diaspora": np.dtype(np.bool_),
    "fear": np.dtype(np.float32),  # fear of authorities, 0..1
    "awareness": np.dtype(np.int8),  # Awareness
    "place": np.dtype(np.int32),
    "link": np.dtype(np.int32),  # -1 when at a place
    "progress": np.dtype(np.float32),  # km along the current link
    "goal": np.dtype(np.int32),  # option index being pursued, -1 none
    "dest": np.dtype(np.int32),  # place a local wayfinder heads for next, -1 none
    "state": np.dtype(np.int8),
    "queue": np.dtype(np.int32),  # resource id queued for, -1 none
    "ticket": np.dtype(np.int32),  # step at which the person joined the queue
    "refused": np.dtype(np.uint64),  # bit c set: refused at crossing c (first 64 crossings)
    "appear_day": np.dtype(np.float32),
    "informed_day": np.dtype(np.float32),  # NaN until informed
    "left_day": np.dtype(np.float32),  # NaN until they leave home
    "safe_day": np.dtype(np.float32),  # NaN until they reach safety
    "exposure": np.dtype(np.float32),  # hazard-days endured
    # Time-to-event clocks (drawn once, Exp(1)): an event happens when the integral of its rate
    # since the start reaches the person's budget. Exact for time-varying rates, and a kernel
    # then only subtracts rate x dt each step instead of drawing a random number.
    "warn_budget": np.dtype(np.float32),
    "info_budget": np.dtype(np.float32),
    "leave_budget": np.dtype(np.float32),
    "harm_budget": np.dtype(np.float32),
    # Time spent held, in days (outcomes the levers act on): at a border post (queued there or
    # turned back and stranded), waiting abroad for onward transport (camps, border towns),
    # in detention; and the day they got home or to a third country (NaN until then).
    "days_border": np.dtype(np.float32),
    "days_waiting": np.dtype(np.float32),
    "days_detained": np.dtype(np.float32),
    "home_day": np.dtype(np.float32),
    # How readily this person leaves, multiplying every reason to leave (mean 1; kernels.decide).
    "propensity": np.dtype(np.float32),
}
