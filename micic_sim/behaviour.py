"""Behaviour parameters: how people decide, move and are harmed. All rates are per day.

Values are planning assumptions, not measurements; calibration (see `micic_sim.calibrate`)
tunes a few of them per scenario and writes what it tuned into the scenario's `behaviour:`.
The order of fields is the layout of the float array the kernels read (`B_*` indices).
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Behaviour:
    speed_road_km_day: float = 300.0  # by car, bus or truck, including stops
    speed_foot_km_day: float = 30.0
    speed_sea_km_day: float = 350.0
    speed_air_km_day: float = 5000.0
    # Desert tracks (links of mode `track`): trucks that leave when full, checkpoints, breakdowns.
    speed_track_km_day: float = 60.0
    # Reasons to leave (kernels.decide). A warned person at home leaves at the rate
    #   propensity x (leave_rate x danger + peer_leave_rate x share of co-nationals at the
    #                 place who have left + employer_leave_rate x [employer gone])
    #   + call_leave_rate x [own State came for them]
    #   + propensity x offer_leave_rate x [own State runs transport for them, without a call],
    # with no threshold: everyone can leave, some very slowly.
    leave_rate: float = 1.0  # per day at hazard 1 for a warned person
    employer_leave_rate: float = 0.0  # per day once one's employer has shut down or left
    employer_close_rate: float = 0.0  # employers shutting down, per day at hazard 1
    call_leave_rate: float = 0.0  # per day once one's State evacuates its nationals (call_home)
    # Per day, times one's propensity, while one's State runs its own transport for its nationals
    # (evacuations.csv `instructed` rides) without calling them home: an offer, not a call.
    offer_leave_rate: float = 0.0
    peer_leave_rate: float = 0.0  # per day if all co-nationals at the place had left
    # Spread of the personal propensity: (-ln U)^h / Gamma(1 + h), mean 1. 0: everyone alike;
    # 1: exponential; larger: a few leave at once and many hardly ever.
    leave_heterogeneity: float = 1.0
    # The same spread for employers' closing (population/employers.py); 0: all alike.
    employer_heterogeneity: float = 0.0
    # The insecurity people lived with before the crisis: only danger above it drives leaving and
    # employers' closing (0: any hazard does). Without it a low, steady hazard empties a place in
    # the end, because the leave budget integrates any positive rate.
    everyday_hazard: float = 0.0
    # Days for the danger people are used to to catch up with the hazard where they live: only
    # danger above it (and above everyday_hazard) drives leaving and employers' closing, so a
    # hazard that lasts drives people out at its onset and less and less after. 0: never.
    habituation_days: float = 0.0
    informed_leave_boost: float = 1.0  # leave rate multiplier (1 + boost) once informed
    alert_share: float = 0.25  # danger informed people read into the worst hazard in the country
    warn_hazard: float = 0.05  # hazard at one's own place that counts as a warning
    peer_rate: float = 0.6  # becoming informed, per day, times the informed share of co-nationals
    media_rate: float = 0.05  # host-language media
    social_rate: float = 0.05  # social media, for those with a phone
    cso_rate: float = 0.1  # civil-society contact
    diaspora_rate: float = 0.05  # diaspora contact
    employer_rate: float = 0.05  # employer passes on information
    live_in_reach: float = 0.2  # live-in domestic workers: share of peer/media/employer reach
    choice_noise_days: float = 0.5  # Gumbel scale of the goal choice, in days of travel
    fear_weight_days: float = 6.0  # how many days of travel a fully fearful person avoids officials
    evacuation_bonus_days: float = 2.0  # preference for transport home over walking out
    shelter_penalty_days: float = 2.0  # relocating inside the crisis country vs leaving it
    consulate_penalty_days: float = 1.0  # a consulate visit is a detour before leaving
    reception_penalty_days: float = 0.5
    patience_days: float = 3.0  # time in a queue before people start to give up
    give_up_rate: float = 0.3  # per day once patience is exhausted
    recheck_rate: float = 1.0  # stranded or waiting people reconsider, per day
    shelter_recheck_rate: float = 0.2
    harm_rate: float = 0.0005  # per day at hazard 1 (killed, injured or assaulted; assumption)
    shelter_protection: float = 0.7  # share of harm avoided in a shelter
    detention_harm_factor: float = 2.0  # detainees cannot flee
    queue_hardship_rate: float = 0.0005  # harm per day waiting at an exit post without reception
    sea_harm_rate: float = 0.01  # per day at sea on a small boat (links of mode sea)
    detain_p_shelter: float = 0.3  # irregular person detained when asking for aid (no firewall)
    detain_p_border: float = 0.3  # at a crossing that detains irregular people
    sponsor_consent_p: float = 0.5  # a sponsor grants exit consent where it is required
    patience_wait_weight: float = 1.0  # weight of expected queue wait in the choice
    # Local wayfinding (kernels.wayfind): the share of households who do not plan a goal but
    # move place to place by what they can see, with Flee's rule set (Suleimenova, Bell & Groen
    # 2017) and its defaults. 0 in the MICIC scenarios; Flee imports set 1.
    local_share: float = 0.0
    conflict_move_chance: float = 1.0  # per day: leaving a place in conflict (hazard > 0)
    town_move_chance: float = 0.3  # per day: moving on from a town or transit place
    camp_move_chance: float = 0.001  # per day: leaving a camp or reception place
    idp_camp_move_chance: float = 0.1  # per day: leaving a shelter (IDP camp) in the host country
    camp_weight: float = 1.0  # attraction of camps, reception places and shelters
    foreign_weight: float = 1.0  # attraction of places outside the host country
    conflict_weight: float = 0.25  # attraction of a place in conflict, to the power hazard
    distance_softening_km: float = 10.0  # weight = score / (softening + km) ** distance_power
    distance_power: float = 1.0
    awareness_hops: float = 1.0  # places ahead people know of (Flee's awareness level), >= 1
    capacity_buffer: float = 0.9  # occupancy share at which a place starts to look full
    # 1: a local wayfinder reaching a town with time left after short stints moves on (Flee's
    # avoid_short_stints: under half a day's travel a day over the last two days); 0: it draws
    # the town's move chance, as on arriving anywhere.
    avoid_short_stints: float = 0.0

    def to_kernel(self) -> BehaviourTuple:
        """The parameters as the named tuple the kernels read."""
        return BehaviourTuple(*(float(getattr(self, f.name)) for f in fields(self)))

    @classmethod
    def from_overrides(cls, *layers: dict[str, Any] | None, where: str = "behaviour") -> Behaviour:
        """Defaults, then each layer's non-null values (scenario.yaml, then the run config).
        Unknown keys and values that are not finite numbers (booleans, text, NaN) are errors
        naming the key, with a suggestion."""
        from micic_sim.scenario.tables import ConfigError, is_number, suggest

        known = {f.name for f in fields(cls)}
        values = asdict(cls())
        for layer in layers:
            if layer is not None and not isinstance(layer, dict):
                raise ConfigError(where, f"must be a mapping of parameter: value, got {layer!r}")
            for key, value in (layer or {}).items():
                if key not in known:
                    raise ConfigError(
                        f"{where}.{key}", "unknown parameter" + suggest(str(key), known)
                    )
                if value is None:
                    continue
                if not is_number(value) or value < 0:
                    raise ConfigError(
                        f"{where}.{key}", f"must be a finite number >= 0, got {value!r}"
                    )
                if key in _AT_MOST_ONE and value > 1:
                    raise ConfigError(
                        f"{where}.{key}", f"a share or daily chance, must be <= 1, got {value!r}"
                    )
                values[key] = float(value)
        return cls(**values)


_AT_MOST_ONE = {
    "local_share",
    "conflict_move_chance",
    "town_move_chance",
    "camp_move_chance",
    "idp_camp_move_chance",
    "capacity_buffer",
    "avoid_short_stints",
    "sponsor_consent_p",
    "detain_p_shelter",
    "detain_p_border",
    "shelter_protection",
    "everyday_hazard",  # a hazard level, 0-1
}

BehaviourTuple = namedtuple("BehaviourTuple", [f.name for f in fields(Behaviour)])  # type: ignore[misc]
"""What the kernels receive: a named tuple of floats (`par.leave_rate`). Numba types it by its
field names, so adding or renaming a parameter recompiles the kernels instead of silently reading
a stale cached index."""

# One line per parameter: its unit and what it means, shown by `micic-sim parameters`, in
# `micic-sim run --help` and in docs/parameters.md. A new Behaviour field needs a line here
# (tests/test_parameters.py fails otherwise).
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "speed_road_km_day": ("km/day", "travel speed by car, bus or truck, including stops"),
    "speed_foot_km_day": ("km/day", "travel speed on foot"),
    "speed_sea_km_day": ("km/day", "travel speed by boat"),
    "speed_air_km_day": ("km/day", "travel speed by air"),
    "speed_track_km_day": ("km/day", "desert tracks by truck, waiting for a ride included"),
    "leave_rate": ("per day", "rate of leaving home at hazard 1, for a warned person"),
    "employer_leave_rate": (
        "per day",
        "rate of leaving once one's employer has shut or left (times one's propensity)",
    ),
    "employer_close_rate": ("per day", "employers shutting down or leaving, at hazard 1"),
    "call_leave_rate": ("per day", "rate of leaving once one's State calls its nationals home"),
    "offer_leave_rate": (
        "per day",
        "rate of leaving while one's State runs transport for its nationals, without a call"
        " (times one's propensity)",
    ),
    "peer_leave_rate": ("per day", "rate of leaving if all co-nationals at the place had left"),
    "leave_heterogeneity": (
        "exponent",
        "spread of the personal propensity to leave (0: alike; larger: many hardly leave)",
    ),
    "employer_heterogeneity": (
        "exponent",
        "spread of employers' propensity to close (0: alike; larger: a few at once, most never)",
    ),
    "everyday_hazard": (
        "hazard 0-1",
        "insecurity lived with before the crisis: only danger above it drives leaving",
    ),
    "habituation_days": (
        "days",
        "time for the danger people are used to to catch up with the hazard (0: never)",
    ),
    "informed_leave_boost": ("multiplier", "leave rate is multiplied by (1 + this) once informed"),
    "alert_share": (
        "share 0-1",
        "how much of the worst hazard in the country informed people fear",
    ),
    "warn_hazard": ("hazard 0-1", "hazard at one's own place that counts as a warning"),
    "peer_rate": ("per day", "becoming informed, times the informed share of co-nationals"),
    "media_rate": ("per day", "becoming informed through host-language media"),
    "social_rate": ("per day", "becoming informed through social media (people with a phone)"),
    "cso_rate": ("per day", "becoming informed through a civil-society contact"),
    "diaspora_rate": ("per day", "becoming informed through a diaspora contact"),
    "employer_rate": ("per day", "becoming informed through one's employer"),
    "live_in_reach": (
        "share 0-1",
        "live-in domestic workers' share of peer, media, employer reach",
    ),
    "choice_noise_days": ("days", "randomness of the choice of way out, in days of travel"),
    "fear_weight_days": ("days", "days of travel a fully fearful person adds to avoid officials"),
    "evacuation_bonus_days": ("days", "preference for transport home over walking out"),
    "shelter_penalty_days": ("days", "reluctance to relocate inside the crisis country"),
    "consulate_penalty_days": ("days", "a consulate visit as a detour before leaving"),
    "reception_penalty_days": ("days", "reluctance to go to a reception place"),
    "patience_days": ("days", "time in a queue before people start to give up"),
    "give_up_rate": ("per day", "leaving a queue once patience is exhausted"),
    "recheck_rate": ("per day", "stranded or waiting people reconsider their way out"),
    "shelter_recheck_rate": ("per day", "people in a shelter reconsider their way out"),
    "harm_rate": ("per day", "harm (killed, injured, assaulted) at hazard 1; an assumption"),
    "shelter_protection": ("share 0-1", "share of harm avoided in a shelter"),
    "detention_harm_factor": ("multiplier", "harm rate multiplier for detainees"),
    "queue_hardship_rate": ("per day", "harm while waiting at an exit post without reception"),
    "sea_harm_rate": ("per day", "harm at sea on a small boat (links of mode sea)"),
    "detain_p_shelter": ("chance 0-1", "irregular person detained when asking for aid"),
    "detain_p_border": ("chance 0-1", "irregular person detained at a crossing that detains"),
    "sponsor_consent_p": ("chance 0-1", "a sponsor grants exit consent where it is required"),
    "patience_wait_weight": ("multiplier", "weight of the expected queue wait in the choice"),
    "local_share": ("share 0-1", "households who find their way locally (Flee rules), not plan"),
    "conflict_move_chance": ("per day 0-1", "local wayfinders leaving a place in conflict"),
    "town_move_chance": ("per day 0-1", "local wayfinders moving on from a town"),
    "camp_move_chance": ("per day 0-1", "local wayfinders leaving a camp or reception place"),
    "idp_camp_move_chance": ("per day 0-1", "local wayfinders leaving a shelter (IDP camp)"),
    "camp_weight": ("multiplier", "attraction of camps, reception places and shelters"),
    "foreign_weight": ("multiplier", "attraction of places outside the host country"),
    "conflict_weight": ("multiplier", "attraction of a place in conflict, to the power hazard"),
    "distance_softening_km": ("km", "weight = score / (this + km) ** distance_power"),
    "distance_power": ("exponent", "how fast attraction falls with distance"),
    "awareness_hops": ("places", "places ahead local wayfinders know of (>= 1)"),
    "capacity_buffer": ("share 0-1", "occupancy share at which a place starts to look full"),
    "avoid_short_stints": ("0 or 1", "1: after short stints, move on from a town (Flee's rule)"),
}


def describe(name: str) -> tuple[str, str]:
    """(unit, one-line meaning) of a behaviour parameter."""
    return DESCRIPTIONS[name]


def parameter_table() -> list[tuple[str, float, str, str]]:
    """Every behaviour parameter: name, default, unit, meaning (in field order)."""
    return [
        (f.name, f.default, *DESCRIPTIONS.get(f.name, ("?", "(no description)")))
        for f in fields(Behaviour)
    ]
