"""The policy levers of the MICIC guidelines, as typed settings.

Each lever is a dataclass: `enabled`, when it starts (`start_day`, or a trigger: the day hazard at
`trigger_place` first reaches `trigger_hazard`), where it applies (`crossings`, `places`,
`nationalities`; empty = everywhere / everyone), and its own capacity or coverage numbers.
`levers/rules.py` turns the active levers into the rule arrays the kernels read; nothing here
touches outcomes. docs/levers.md gives each lever's seed passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Lever:
    enabled: bool = False
    start_day: float = 0.0
    trigger_place: str | None = None  # start when hazard here first reaches trigger_hazard
    trigger_hazard: float = 0.3
    crossings: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)


@dataclass
class Firewall(Lever):
    """Immigration enforcement kept apart from aid: shelters and aid points neither detain nor
    report, so irregular people stop avoiding them."""


@dataclass
class NoDetention(Lever):
    """No immigration raids, detention or deportation during the crisis; detainees released."""

    release_detainees: bool = True


@dataclass
class ExitWaiver(Lever):
    """Exit visas, sponsor consent, exit fees and overstay penalties waived at exit posts."""

    waive_exit_permit: bool = True
    waive_exit_fee: bool = True
    waive_overstay_penalty: bool = True


@dataclass
class OpenBorders(Lever):
    """Transit States waive entry visas (and, optionally, passports) for people fleeing."""

    waive_visa: bool = True
    accept_any_document: bool = True  # an ID card or copy is enough
    admit_without_documents: bool = False


@dataclass
class LaissezPasser(Lever):
    """Emergency travel documents at consular posts, with more daily capacity."""

    capacity_multiplier: float = 3.0
    extra_daily_capacity: float = 100.0  # per post


@dataclass
class ConsularContinuity(Lever):
    """Posts stay open (or reopen) when the crisis reaches them; surge staff."""

    keep_open: bool = True
    surge_multiplier: float = 1.5


@dataclass
class AlternativeConsular(Lever):
    """IOs or other States issue travel documents for unrepresented nationals (and for nationals
    whose own post has closed), at `places`."""

    daily_capacity: float = 200.0
    cover_closed_posts: bool = True


@dataclass
class EmployerDocuments(Lever):
    """Employers return confiscated or withheld passports (duty of care)."""

    return_rate: float = 0.5  # per day, share of held passports returned


@dataclass
class Hotline(Lever):
    """A hotline and request-for-assistance line: callers learn where to go."""

    daily_calls: float = 2000.0
    call_rate: float = 0.5  # per day, for those with a phone who are not yet informed


@dataclass
class Alerts(Lever):
    """SMS to registered nationals, multi-language media, social media, agents of influence."""

    sms_rate: float = 1.0
    multilingual_media_rate: float = 0.3
    social_media_rate: float = 0.2
    influencer_multiplier: float = 2.0


@dataclass
class RegistrationDrive(Lever):
    """Consular registration before the crisis (applies at the start), with SMS updates to those
    registered once the crisis begins."""

    target_share: float = 0.7
    sms_rate: float = 0.5  # per day, for registered people with a phone


@dataclass
class PreDepartureTraining(Lever):
    """Pre-departure orientation: trained people register, follow alerts and know whom to call."""

    coverage: float = 0.5


@dataclass
class EvacuationTransport(Lever):
    """More seats on evacuation transport, and extra offers (`offers`: list of rows like those in
    evacuations.csv)."""

    seats_multiplier: float = 2.0
    offers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvacuationPortal(Lever):
    """A unified request-and-offer portal: informed people see every offer they are eligible
    for, and seats a nationality leaves unused go to others."""

    share_unused_seats: bool = True


@dataclass
class Reception(Lever):
    """Reception and transit facilities at the border: shelter, food and care while people wait,
    and more room in reception camps."""

    hardship_reduction: float = 0.9
    patience_multiplier: float = 3.0
    extra_capacity_share: float = 1.0  # added to reception places' capacity, as a share


@dataclass
class Shelters(Lever):
    """Internal relocation: more shelter room in safe areas of the host country."""

    capacity_multiplier: float = 3.0


@dataclass
class SearchAndRescue(Lever):
    """Search and rescue at sea."""

    sea_harm_reduction: float = 0.8


@dataclass
class NonRefoulement(Lever):
    """No return into the crisis: asylum seekers, stateless people and trafficking victims are
    admitted at crossings even without documents or visa."""


@dataclass
class EvacuationFunds(Lever):
    """State of origin or IO funds pay fares, exit fees and penalties."""


@dataclass
class EmployerBonds(Lever):
    """Bonds posted by employers or recruiters pay their workers' fares and fees."""


@dataclass
class DiasporaSupport(Lever):
    """Diaspora sends money and information."""

    transfer_usd: float = 200.0
    transfer_rate: float = 0.2  # per day, for those with diaspora contact
    information_rate: float = 0.3


@dataclass
class ChildProtection(Lever):
    """Child protection and family tracing: families with children and unaccompanied children
    are escorted, go first, and are not turned back for lack of papers."""


@dataclass
class HumanitarianBorderManagement(Lever):
    """Vulnerable people first at crossings, families processed together."""


CATALOGUE: dict[str, type[Lever]] = {
    "firewall": Firewall,
    "no_detention": NoDetention,
    "exit_waiver": ExitWaiver,
    "open_borders": OpenBorders,
    "laissez_passer": LaissezPasser,
    "consular_continuity": ConsularContinuity,
    "alternative_consular": AlternativeConsular,
    "employer_documents": EmployerDocuments,
    "hotline": Hotline,
    "alerts": Alerts,
    "registration_drive": RegistrationDrive,
    "pre_departure_training": PreDepartureTraining,
    "evacuation_transport": EvacuationTransport,
    "evacuation_portal": EvacuationPortal,
    "reception": Reception,
    "shelters": Shelters,
    "search_and_rescue": SearchAndRescue,
    "non_refoulement": NonRefoulement,
    "evacuation_funds": EvacuationFunds,
    "employer_bonds": EmployerBonds,
    "diaspora_support": DiasporaSupport,
    "child_protection": ChildProtection,
    "humanitarian_border_management": HumanitarianBorderManagement,
}


def _check_setting(where: str, kind: str, value: Any) -> Any:
    """One lever setting, checked strictly against its declared type: `enabled: "no"` is an
    error, not a true value (a non-empty string is truthy in Python)."""
    from micic_sim.scenario.tables import ConfigError, is_number

    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(where, f"must be true or false, got {value!r}")
        return value
    if kind == "float":
        if not is_number(value) or value < 0:
            raise ConfigError(where, f"must be a finite number >= 0, got {value!r}")
        return float(value)
    if kind == "str | None":
        if value is not None and not isinstance(value, str):
            raise ConfigError(where, f"must be a place id, got {value!r}")
        return value
    if kind.startswith("list["):
        item = dict if kind.startswith("list[dict") else str
        if not isinstance(value, list | tuple) or not all(isinstance(v, item) for v in value):
            what = "mappings" if item is dict else "ids"
            raise ConfigError(where, f"must be a list of {what}, got {value!r}")
        return list(value)
    raise TypeError(f"{where}: no check for type {kind}")  # a new field type: add its check


def parse_levers(raw: dict[str, Any] | None) -> dict[str, Lever]:
    """Typed levers from a config mapping; unknown levers or keys, and values of the wrong
    type, are errors naming the key."""
    from micic_sim.scenario.tables import ConfigError, suggest

    out: dict[str, Lever] = {name: cls() for name, cls in CATALOGUE.items()}
    if raw is not None and not isinstance(raw, dict):
        raise ConfigError("levers", f"must map lever names to settings, got {raw!r}")
    for name, settings in (raw or {}).items():
        if name not in CATALOGUE:
            raise ConfigError(
                f"levers.{name}",
                "unknown lever"
                + suggest(str(name), CATALOGUE)
                + f"; levers: {', '.join(CATALOGUE)}",
            )
        if settings is not None and not isinstance(settings, dict):
            raise ConfigError(
                f"levers.{name}", f"must be a mapping such as {{'enabled': True}}, got {settings!r}"
            )
        cls = CATALOGUE[name]
        known = {f.name: f for f in fields(cls)}
        kwargs = {}
        for key, value in (settings or {}).items():
            if key not in known:
                raise ConfigError(
                    f"levers.{name}.{key}", "unknown setting" + suggest(str(key), known)
                )
            kind = known[key].type
            kind = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
            kwargs[key] = _check_setting(f"levers.{name}.{key}", kind, value)
        out[name] = cls(**kwargs)
    return out
