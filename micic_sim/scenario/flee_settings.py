"""Read a Flee case's optional ``simsetting.yml`` and say what it changes in micic-sim terms.

Flee 3.x runs a case with the ``simsetting.yml`` beside its input (FabFlee copies it into the
run folder; ``SimulationSettings.ReadFromYML``). The file replaces Flee's default file, so every
key it does not set takes Flee 3.1's *code* default (``fetchss(..., default)``): e.g.
``conflict_weight`` is 1/sqrt(10) there, not the 0.25 of Flee's shipped ``flee/simsetting.yml``.
This module reproduces that for micic-sim's import (micic_sim.scenario.flee_import):

* keys with the same rule in micic-sim become its behaviour (:data:`BEHAVIOUR_KEYS`: speeds,
  move chances, weights, softening, distance power, awareness, capacity buffer); unset ones
  take Flee 3.1's code defaults, except the three fitted import defaults (foreign_weight,
  capacity_buffer, camp_move_chance), which keep the fitted values of ``FLEE_BEHAVIOUR``;
* ``avoid_short_stints`` (behaviour ``avoid_short_stints``, kernels.wayfind);
* ``optimisations.hasten`` (one agent per that many people): the scenario's ``agents``
  (:func:`hasten_agents`), so both tools simulate as many agents;
* spawning keys the importer reproduces itself: ``insert_day0``, ``take_from_population``,
  ``conflict_spawn_decay`` (Flee's decay of both the spawn weight and the conflict weight,
  per 30 days since a place's conflict began);
* everything else Flee 3.1 reads but micic-sim does not reproduce, and every key Flee 3.1
  does not read at all (it has no effect there either), is a warning of the import.

Malformed YAML or a value Flee could not use is a one-line :class:`ScenarioError` naming the
file and key. Read through :func:`micic_sim.scenario.tables.read_text`, the one reader of
input files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from micic_sim.scenario.tables import ScenarioError, parse_yaml, read_text

#: Name of the file in a Flee input folder (FabFlee's config folders hold it beside input_csv).
SIMSETTING = "simsetting.yml"

#: move_rules keys micic-sim has the same rule for: Flee key -> (behaviour key, Flee 3.1's code
#: default, used when the file does not set the key).
BEHAVIOUR_KEYS: dict[str, tuple[str, float]] = {
    "max_move_speed": ("speed_road_km_day", 360.0),
    "foreign_weight": ("foreign_weight", 1.0),
    "camp_weight": ("camp_weight", 1.0),
    "conflict_weight": ("conflict_weight", 1.0 / math.sqrt(10.0)),
    "conflict_movechance": ("conflict_move_chance", 1.0),
    "camp_movechance": ("camp_move_chance", 0.001),
    "idpcamp_movechance": ("idp_camp_move_chance", 0.1),
    "default_movechance": ("town_move_chance", 0.3),
    "awareness_level": ("awareness_hops", 1.0),
    "capacity_buffer": ("capacity_buffer", 0.9),
    "softening": ("distance_softening_km", 10.0),
    "distance_power": ("distance_power", 1.0),
}
#: Behaviour keys fitted on Flee's cases (FLEE_BEHAVIOUR): a file that does not set them leaves
#: the fitted value (Flee would use its own default: the fit is the one deliberate deviation).
FITTED = ("foreign_weight", "capacity_buffer", "camp_move_chance")
#: Daily chances, which Flee compares with a uniform draw (above 1 is certain).
_CHANCES = {"conflict_movechance", "camp_movechance", "idpcamp_movechance", "default_movechance"}

#: Keys Flee 3.1 reads that change nothing at their default; any other value is not reproduced.
#: key -> (kind, Flee 3.1's default, what it would do).
_NOT_REPRODUCED: dict[str, dict[str, tuple[str, Any, str]]] = {
    "move_rules": {
        "start_on_foot": ("bool", False, "the first link of a journey walked at max_walk_speed"),
        # avoid_short_stints is reproduced (behaviour.avoid_short_stints), read below
        "weight_softening": ("number", 0.0, "a constant added to every route weight"),
        "weight_power": ("number", 1.0, "route weights raised to this power"),
        "stay_close_to_home": ("bool", False, "routes weighted by distance to home"),
        "use_pop_for_loc_weight": ("bool", False, "places weighted by their population"),
        "movechance_pop_scale_factor": ("number", 0.0, "move chances scaled by population"),
        "use_v1_rules": ("bool", False, "Flee 1's rule set"),
        "ChildrenAvoidHazards": ("bool", False, "a Flee 3.0 prototype conditional"),
        "BoysTakeRisk": ("bool", False, "a Flee 3.0 prototype conditional"),
        "MatchCampEthnicity": ("bool", False, "a Flee 3.0 prototype conditional"),
        "MatchTownEthnicity": ("bool", False, "a Flee 3.0 prototype conditional"),
        "MatchConflictEthnicity": ("bool", False, "a Flee 3.0 prototype conditional"),
    },
    "spawn_rules": {
        "flood_zone_spawning_only": ("bool", False, "people appear in flood zones"),
        "camps_are_sicks": ("bool", False, "camps deactivate agents (Flee's own key spelling)"),
        "read_from_agents_csv_file": ("bool", False, "agents read from agents.csv"),
    },
}
#: Keys Flee 3.1 reads whose value changes nothing in these runs (output, or used only with a
#: setting that is not reproduced, or not used by Flee's run.py): accepted, checked for type.
_NO_EFFECT: dict[str, dict[str, str]] = {
    "log_levels": {k: "int" for k in ("agent", "link", "camp", "init", "conflict", "idp_totals")},
    "move_rules": {
        "max_walk_speed": "number",  # used only with start_on_foot (or a link's walk_probability)
        "max_crossing_speed": "number",  # read, never used by Flee 3.1
        "home_distance_power": "number",  # only with stay_close_to_home
        "pop_power_for_loc_weight": "number",  # only with use_pop_for_loc_weight
        "movechance_pop_base": "number",  # only with movechance_pop_scale_factor
    },
    # conflict_zone_spawning_only: Flee gives spawn weight to places in conflict either way
    "spawn_rules": {"conflict_zone_spawning_only": "bool"},
}
#: Sections Flee 3.1 reads (the rest of a file is ignored by Flee).
SECTIONS = ("log_levels", "spawn_rules", "move_rules", "optimisations", "flood_rules")


@dataclass
class FleeSettings:
    """What a case's simsetting.yml means for the import (no file: Flee's defaults, nothing
    changed)."""

    file: Path | None = None
    #: behaviour values the file gives (set, or Flee 3.1's code default for an unset key)
    behaviour: dict[str, float] = field(default_factory=dict)
    insert_day0: bool = True
    take_from_population: bool = False
    #: Flee's conflict_spawn_decay: factor by 30-day period since a place's conflict began
    conflict_spawn_decay: tuple[float, ...] | None = None
    avoid_short_stints: bool = False
    #: Flee's `hasten`: one agent for this many people (a speed optimisation: Flee divides
    #: populations, counts and capacities by it); the import gives the scenario as many
    #: agents (`agents` in scenario.yaml), so both tools simulate the same number of agents
    hasten: int = 1
    #: keys set in the file, as Flee reads them ("section.key": value)
    read: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """The settings as import.json records them."""
        return {
            "file": str(self.file) if self.file else None,
            "read": self.read,
            "behaviour": self.behaviour,
            "insert_day0": self.insert_day0,
            "take_from_population": self.take_from_population,
            "conflict_spawn_decay": (
                list(self.conflict_spawn_decay) if self.conflict_spawn_decay else None
            ),
            "hasten": self.hasten,
        }


def hasten_agents(people: int, hasten: int) -> int | None:
    """The scenario's default number of agents for Flee's `hasten` (one agent per `hasten`
    people, at least one); None at 1 (one agent per person, the import's default)."""
    return max(1, round(people / hasten)) if hasten > 1 else None


def decay_factor(decay: tuple[float, ...] | None, days_since: int) -> float:
    """Flee's ``SimulationSettings.get_conflict_decay``: the factor of the 30-day period
    ``days_since`` falls in, the last factor from then on (1 without decay)."""
    if not decay:
        return 1.0
    return decay[min(int(days_since / 30), len(decay) - 1)]


def _number(path: Path, where: str, value: Any, *, integer: bool = False) -> float:
    """A number as Flee's ``float(...)``/``int(...)`` reads it (a quoted number too)."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise ScenarioError(path, f"must be a number, got {value!r}", field=where)
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ScenarioError(path, f"must be a number, got {value!r}", field=where) from None
    if not math.isfinite(x):
        raise ScenarioError(path, f"must be a finite number, got {value!r}", field=where)
    return float(int(x)) if integer else x


def _flag(path: Path, where: str, value: Any) -> bool:
    """True or False. Flee's ``bool(...)`` reads any non-empty text as True (a quoted 'False'
    too), so text is refused rather than silently taken for True."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ScenarioError(
        path,
        f"must be True or False, got {value!r} (Flee 3.1 would read any text as True)",
        field=where,
    )


def _check(path: Path, where: str, kind: str, value: Any) -> Any:
    if kind == "bool":
        return _flag(path, where, value)
    return _number(path, where, value, integer=kind == "int")


def read_flee_settings(folder: str | Path) -> FleeSettings:
    """The case's ``simsetting.yml`` in ``folder`` (absent: an empty :class:`FleeSettings`).

    Raises:
        ScenarioError: naming the file and key, for malformed YAML or a value Flee 3.1 could
            not use (a section that is not a mapping, text where a number is needed, ...).
    """
    path = Path(folder) / SIMSETTING
    if not path.exists():
        return FleeSettings()
    data = parse_yaml(path, read_text(path))
    out = FleeSettings(file=path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(path, f"must be a mapping of sections, got {data!r}")
    warn = out.warnings.append
    for top, value in data.items():
        if top in ("number_of_steps", "conflict_input_file"):
            out.read[str(top)] = value
            warn(
                f"{path.name}: '{top}' has no effect (Flee's run.py takes the simulated days "
                "from the command line and conflicts.csv from the input folder)"
            )
        elif top == "flood_rules":
            out.read[str(top)] = value
            warn(f"{path.name}: flood_rules not reproduced (micic-sim has no flood levels)")
        elif top not in SECTIONS:
            warn(f"{path.name}: '{top}' is not read by Flee 3.1 (no effect there nor here)")
        elif value is not None and not isinstance(value, dict):
            raise ScenarioError(
                path, f"must be a mapping of key: value, got {value!r}", field=str(top)
            )
    sections = {s: data.get(s) or {} for s in SECTIONS if s != "flood_rules"}

    # ---- move rules micic-sim shares
    move = sections["move_rules"]
    for key, (target, flee_default) in BEHAVIOUR_KEYS.items():
        where = f"move_rules.{key}"
        if key not in move:
            if target not in FITTED:
                out.behaviour[target] = flee_default
            continue
        x = _number(path, where, move[key], integer=key == "awareness_level")
        out.read[where] = x
        if x < 0:
            raise ScenarioError(path, f"must be >= 0, got {move[key]!r}", field=where)
        if key in _CHANCES:
            x = min(x, 1.0)  # Flee moves everyone at a chance of 1 or more
        if key == "awareness_level" and x < 1:
            warn(
                f"{path.name}: {where} {x:g} not reproduced (micic-sim's wayfinders see at "
                "least the next place); 1 used"
            )
            x = 1.0
        if key == "capacity_buffer" and x > 1:
            warn(f"{path.name}: {where} {x:g} above 1 read as 1 (a place full at capacity)")
            x = 1.0
        out.behaviour[target] = x

    # ---- read but not reproduced (unless at Flee's default), and read without effect
    for section, keys in _NOT_REPRODUCED.items():
        for key, (kind, default, meaning) in keys.items():
            if key not in sections[section]:
                continue
            where = f"{section}.{key}"
            value = _check(path, where, kind, sections[section][key])
            out.read[where] = value
            if value != default:
                warn(f"{path.name}: {where} {value} not reproduced ({meaning})")
    if "hasten" in sections["optimisations"]:
        where = "optimisations.hasten"
        raw = sections["optimisations"]["hasten"]
        value = _number(path, where, raw, integer=True)
        if value < 1:
            raise ScenarioError(path, f"must be a whole number >= 1, got {raw!r}", field=where)
        out.read[where] = out.hasten = int(value)
    for section, keys in _NO_EFFECT.items():
        for key, kind in keys.items():
            if key in sections[section]:
                where = f"{section}.{key}"
                out.read[where] = _check(path, where, kind, sections[section][key])
    if "avoid_short_stints" in move:
        where = "move_rules.avoid_short_stints"
        out.read[where] = out.avoid_short_stints = _flag(path, where, move["avoid_short_stints"])
        out.behaviour["avoid_short_stints"] = float(out.avoid_short_stints)
    if out.read.get("move_rules.use_v1_rules"):
        # Flee 1's rules override these settings whatever the file says
        out.behaviour |= {
            "speed_road_km_day": 200.0,
            "camp_weight": 2.0,
            "conflict_weight": 0.25,
            "avoid_short_stints": 0.0,
        }
        out.avoid_short_stints = False

    # ---- spawning the importer reproduces
    spawn = sections["spawn_rules"]
    for key in ("insert_day0", "take_from_population"):
        if key in spawn:
            out.read[f"spawn_rules.{key}"] = _flag(path, f"spawn_rules.{key}", spawn[key])
    out.insert_day0 = out.read.get("spawn_rules.insert_day0", True)
    out.take_from_population = out.read.get("spawn_rules.take_from_population", False)
    if spawn.get("conflict_spawn_decay") is not None:
        where = "spawn_rules.conflict_spawn_decay"
        raw = spawn["conflict_spawn_decay"]
        if not isinstance(raw, list):
            raise ScenarioError(path, f"must be a list of factors, got {raw!r}", field=where)
        decay = tuple(_number(path, f"{where}[{i}]", v) for i, v in enumerate(raw))
        if any(v < 0 for v in decay):
            raise ScenarioError(path, f"factors must be >= 0, got {raw!r}", field=where)
        out.read[where] = list(decay)
        out.conflict_spawn_decay = decay or None
        if any(v == 0 for v in decay):
            warn(
                f"{path.name}: {where} has a factor 0: a place in conflict with no conflict "
                "left in it is not reproduced exactly (micic-sim treats it as out of conflict, "
                "Flee keeps its conflict move chance)"
            )
    if "conflict_spawn_decay_interval" in spawn:
        interval = spawn["conflict_spawn_decay_interval"]
        warn(
            f"{path.name}: spawn_rules.conflict_spawn_decay_interval ({interval}) is not read "
            "by Flee 3.1, which uses 30 days (as here)"
        )
    if spawn.get("conflict_driven_spawning") is not None:
        out.read["spawn_rules.conflict_driven_spawning"] = spawn["conflict_driven_spawning"]
        warn(
            f"{path.name}: spawn_rules.conflict_driven_spawning not reproduced (Flee spawns a "
            "fixed number per conflict day whatever the counts; micic-sim follows the "
            "validation counts when given, otherwise its own --displaced-per-conflict-day)"
        )
    # ---- keys Flee 3.1 does not read
    read_keys = {
        "log_levels": set(_NO_EFFECT["log_levels"]),
        "move_rules": set(BEHAVIOUR_KEYS)
        | {"avoid_short_stints"}
        | set(_NOT_REPRODUCED["move_rules"])
        | set(_NO_EFFECT["move_rules"]),
        "spawn_rules": set(_NOT_REPRODUCED["spawn_rules"])
        | set(_NO_EFFECT["spawn_rules"])
        | {
            "insert_day0",
            "take_from_population",
            "conflict_spawn_decay",
            "conflict_spawn_decay_interval",
            "conflict_driven_spawning",
            "flood_driven_spawning",
        },
        "optimisations": {"hasten"},
    }
    for section, known in read_keys.items():
        for key in sections[section]:
            if key not in known:
                warn(
                    f"{path.name}: {section}.{key} is not read by Flee 3.1 (no effect there "
                    "nor here)"
                )
    return out
