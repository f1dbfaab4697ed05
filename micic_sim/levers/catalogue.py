"""The policy levers of the MICIC guidelines, as typed settings.

Each lever is a dataclass: `enabled`, when it starts (`start_day`, or a trigger: the day hazard at
`trigger_place` first reaches `trigger_hazard`), where it applies (`crossings`, `places`,
`nationalities`; empty = everywhere / everyone), and its own capacity or coverage numbers.
`levers/rules.py` turns the active levers into the rule arrays the kernels read; nothing here
touches outcomes. docs/levers.md gives each lever's seed passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

#: The preset that enables every lever whose `About.in_guidelines` is true.
GUIDELINES_PRESET = "guidelines"


@dataclass(frozen=True)
class About:
    """What a lever says about itself, so that adding one is one class here: which of the
    `crossings`, `places` and `nationalities` settings it honours (setting another is an error,
    never silently ignored), its section in docs/levers.md, and the seed passage it comes from
    (file in /work/shared/seeds and section). Its preset is `configs/policy/<name>.yaml`
    (`micic-sim run policy=<name>`), and the `guidelines` preset enables it unless
    `in_guidelines` is false."""

    scope: frozenset[str]
    section: str
    seed: str
    in_guidelines: bool = True

    @property
    def anchor(self) -> str:
        """The section's anchor in docs/levers.md (GitHub's rule: lower case, spaces to -)."""
        return "".join(c for c in self.section.lower().replace(" ", "-") if c.isalnum() or c == "-")


@dataclass
class Lever:
    enabled: bool = False
    start_day: float = 0.0
    trigger_place: str | None = None  # start when hazard here first reaches trigger_hazard
    trigger_hazard: float = 0.3
    crossings: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)

    about: ClassVar[About]


@dataclass
class Firewall(Lever):
    """Immigration enforcement kept apart from aid: shelters and aid points neither detain nor
    report, so irregular people stop avoiding them."""

    about: ClassVar[About] = About(
        scope=frozenset({"places"}),
        section="Firewall",
        seed="000_2565636726555897.txt, II.1 Countries of Destination, Firewalls",
    )


@dataclass
class NoDetention(Lever):
    """No immigration raids, detention or deportation during the crisis; detainees released."""

    about: ClassVar[About] = About(
        scope=frozenset(),
        section="No detention",
        seed="003_9dbd5c58d1d80294.txt, IV WG III",
    )

    release_detainees: bool = True


@dataclass
class ExitWaiver(Lever):
    """Exit visas, sponsor consent, exit fees and overstay penalties waived at exit posts."""

    about: ClassVar[About] = About(
        scope=frozenset({"crossings"}),
        section="Exit waiver",
        seed="000_2565636726555897.txt, II.1 Countries of Destination, Exit",
    )

    waive_exit_permit: bool = True
    waive_exit_fee: bool = True
    waive_overstay_penalty: bool = True


@dataclass
class OpenBorders(Lever):
    """Transit States waive entry visas (and, optionally, passports) for people fleeing."""

    about: ClassVar[About] = About(
        scope=frozenset({"crossings", "nationalities"}),
        section="Open borders",
        seed="000_2565636726555897.txt, II.1 Countries of Transit, Open Borders",
    )

    waive_visa: bool = True
    accept_any_document: bool = True  # an ID card or copy is enough
    admit_without_documents: bool = False


@dataclass
class LaissezPasser(Lever):
    """Emergency travel documents at consular posts, with more daily capacity."""

    about: ClassVar[About] = About(
        scope=frozenset({"places", "nationalities"}),
        section="Laissez-passer",
        seed="001_5c541a86eecc4eb1.txt, II.2 States of origin, Identity documents",
    )

    capacity_multiplier: float = 3.0
    extra_daily_capacity: float = 100.0  # per post


@dataclass
class ConsularContinuity(Lever):
    """Posts stay open (or reopen) when the crisis reaches them; surge staff."""

    about: ClassVar[About] = About(
        scope=frozenset({"places", "nationalities"}),
        section="Consular continuity",
        seed="001_5c541a86eecc4eb1.txt, II.1 States of origin, Emergency consular services",
    )

    keep_open: bool = True
    surge_multiplier: float = 1.5


@dataclass
class AlternativeConsular(Lever):
    """IOs or other States issue travel documents for unrepresented nationals (and for nationals
    whose own post has closed), at `places`."""

    about: ClassVar[About] = About(
        scope=frozenset({"places", "nationalities"}),
        section="Alternative consular",
        seed="000_2565636726555897.txt, II.1 Countries of Origin, Alternative Consular Support",
    )

    daily_capacity: float = 200.0
    cover_closed_posts: bool = True


@dataclass
class EmployerDocuments(Lever):
    """Employers return confiscated or withheld passports (duty of care)."""

    about: ClassVar[About] = About(
        scope=frozenset({"nationalities"}),
        section="Employer documents",
        seed="000_2565636726555897.txt, II.1 Countries of Origin, Documentation",
    )

    return_rate: float = 0.5  # per day, share of held passports returned


@dataclass
class Hotline(Lever):
    """A hotline and request-for-assistance line: callers learn where to go."""

    about: ClassVar[About] = About(
        scope=frozenset(),
        section="Hotline",
        seed="000_2565636726555897.txt, I.3 Countries of Origin, Hotlines",
    )

    daily_calls: float = 2000.0
    call_rate: float = 0.5  # per day, for those with a phone who are not yet informed


@dataclass
class Alerts(Lever):
    """SMS to registered nationals, multi-language media, social media, agents of influence."""

    about: ClassVar[About] = About(
        scope=frozenset({"nationalities"}),
        section="Alerts",
        seed="002_650e86cc90e064d2.txt, I.2 Multiple communication channels",
    )

    sms_rate: float = 1.0
    multilingual_media_rate: float = 0.3
    social_media_rate: float = 0.2
    influencer_multiplier: float = 2.0


@dataclass
class RegistrationDrive(Lever):
    """Consular registration before the crisis (applies at the start), with SMS updates to those
    registered once the crisis begins."""

    about: ClassVar[About] = About(
        scope=frozenset({"nationalities"}),
        section="Registration drive",
        seed="000_2565636726555897.txt, I.2 Countries of Origin, Registration Systems",
    )

    target_share: float = 0.7
    sms_rate: float = 0.5  # per day, for registered people with a phone


@dataclass
class PreDepartureTraining(Lever):
    """Pre-departure orientation: trained people register, follow alerts and know whom to call."""

    about: ClassVar[About] = About(
        scope=frozenset({"nationalities"}),
        section="Pre-departure training",
        seed="000_2565636726555897.txt, I.4 Pre-departure Training/Orientation",
    )

    coverage: float = 0.5


@dataclass
class EvacuationTransport(Lever):
    """More seats on evacuation transport, and extra offers (`offers`: list of rows like those in
    evacuations.csv)."""

    about: ClassVar[About] = About(
        scope=frozenset({"places", "nationalities"}),
        section="Evacuation transport",
        seed="000_2565636726555897.txt, II.1 Countries of Transit, Transportation",
    )

    seats_multiplier: float = 2.0
    offers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvacuationPortal(Lever):
    """A unified request-and-offer portal: informed people see every offer they are eligible
    for, and seats a nationality leaves unused go to others."""

    about: ClassVar[About] = About(
        scope=frozenset({"nationalities"}),
        section="Evacuation portal",
        seed="000_2565636726555897.txt, I.5 International Organizations, "
        "Portal for Requests for Evacuation",
    )

    share_unused_seats: bool = True


@dataclass
class Reception(Lever):
    """Reception and transit facilities at the border: shelter, food and care while people wait,
    and more room in reception camps."""

    about: ClassVar[About] = About(
        scope=frozenset({"places"}),
        section="Reception",
        seed="001_5c541a86eecc4eb1.txt, II.2 States of transit, Services",
    )

    hardship_reduction: float = 0.9
    patience_multiplier: float = 3.0
    extra_capacity_share: float = 1.0  # added to reception places' capacity, as a share


@dataclass
class Shelters(Lever):
    """Internal relocation: more shelter room in safe areas of the host country."""

    about: ClassVar[About] = About(
        scope=frozenset({"places"}),
        section="Shelters",
        seed="000_2565636726555897.txt, I.6A Countries of Destination, "
        "Assessments of Needs and Capacity",
    )

    capacity_multiplier: float = 3.0


@dataclass
class SearchAndRescue(Lever):
    """Search and rescue at sea."""

    about: ClassVar[About] = About(
        scope=frozenset(),
        section="Search and rescue",
        seed="000_2565636726555897.txt, II.1 Countries of Transit, Search and Rescue",
    )

    sea_harm_reduction: float = 0.8


@dataclass
class NonRefoulement(Lever):
    """No return into the crisis: asylum seekers, stateless people and trafficking victims are
    admitted at crossings even without documents or visa."""

    about: ClassVar[About] = About(
        scope=frozenset({"crossings"}),
        section="Non-refoulement",
        seed="000_2565636726555897.txt, II.1 Countries of Transit",
    )


@dataclass
class EvacuationFunds(Lever):
    """State of origin or IO funds pay fares, exit fees and penalties."""

    about: ClassVar[About] = About(
        scope=frozenset({"nationalities"}),
        section="Evacuation funds",
        seed="000_2565636726555897.txt, I.6A Countries of Origin, Funds",
    )


@dataclass
class EmployerBonds(Lever):
    """Bonds posted by employers or recruiters pay their workers' fares and fees."""

    about: ClassVar[About] = About(
        scope=frozenset(),
        section="Employer bonds",
        seed="004_e91fb1b853bbec39.txt, States of Origin, Bonds or deposits",
    )


@dataclass
class DiasporaSupport(Lever):
    """Diaspora sends money and information."""

    about: ClassVar[About] = About(
        scope=frozenset(),
        section="Diaspora support",
        seed="001_5c541a86eecc4eb1.txt, II.2 States of origin, Encourage diaspora contributions",
    )

    transfer_usd: float = 200.0
    transfer_rate: float = 0.2  # per day, for those with diaspora contact
    information_rate: float = 0.3


@dataclass
class ChildProtection(Lever):
    """Child protection and family tracing: families with children and unaccompanied children
    are escorted, go first, and are not turned back for lack of papers."""

    about: ClassVar[About] = About(
        scope=frozenset(),
        section="Child protection",
        seed="001_5c541a86eecc4eb1.txt, II.2 Assistance to separated and unaccompanied children",
    )


@dataclass
class HumanitarianBorderManagement(Lever):
    """Vulnerable people first at crossings, families processed together."""

    about: ClassVar[About] = About(
        scope=frozenset({"crossings"}),
        section="Humanitarian border management",
        seed="000_2565636726555897.txt, II.1 Countries of Transit, Humanitarian Border Management",
    )


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


def preset(name: str) -> str:
    """The policy preset that enables lever `name` alone (`micic-sim run policy=<preset>`)."""
    return name


def scopes() -> dict[str, frozenset[str]]:
    """Per lever, the scope settings it honours (`About.scope`)."""
    return {name: cls.about.scope for name, cls in CATALOGUE.items()}


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
