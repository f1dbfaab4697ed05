"""Write an imported Flee case as a micic-sim scenario folder (tables, scenario.yaml,
calibration.yaml, sources), to a hidden folder that is checked and renamed into place.

Part of `micic-sim import-flee` (micic_sim.scenario.flee_import describes the mapping); the
functions were moved here unchanged from flee_import.py.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from micic_sim.scenario.flee_translate import FLEE_BEHAVIOUR, FLEE_GRID

#: The ranges of the rule set's parameters, written beside every import (`uncertainties.csv`,
#: for `micic-sim explore`): Flee's values as imported are inside each range.
FLEE_UNCERTAINTIES = """\
# Flee import: ranges of the rule set's parameters (Flee's own defaults, as imported; scenario.yaml
# behaviour) for `micic-sim explore`. Flee's documented defaults are the centre; ranges set here.
# Format: micic_sim/explore/uncertainties.py.
name,sets,how,low,high,distribution,source,note
speed_road_km_day,behaviour.speed_road_km_day,value,200,400,uniform,flee,km a day by road
town_move_chance,behaviour.town_move_chance,value,0.1,0.5,uniform,flee,moving on from a town per day
camp_move_chance,behaviour.camp_move_chance,scale,0.5,2,loguniform,flee,leaving a camp per day
idp_camp_move_chance,behaviour.idp_camp_move_chance,value,0.05,0.2,uniform,flee,leaving an IDP camp
foreign_weight,behaviour.foreign_weight,value,0.2,1,uniform,flee,attraction of places abroad
conflict_weight,behaviour.conflict_weight,value,0.1,0.5,uniform,flee,pull of a place in conflict
distance_power,behaviour.distance_power,value,0.5,1.5,uniform,flee,fall of pull with distance
capacity_buffer,behaviour.capacity_buffer,value,0.2,0.9,uniform,flee,share when a place looks full
"""

#: What `micic-sim calibrate <case>` tunes for an imported case with validation data (the same
#: grid in every case, so `micic-sim calibrate case1 case2 --out DIR` can tune them jointly).
CALIBRATION_YAML = """\
# What `micic-sim calibrate` tunes for this case (see micic_sim/calibrate.py). The grid is the
# same in every imported Flee case: calibrate several at once with
#   micic-sim calibrate <case> <case> --out <folder>
target:
  kind: flee_ard
  observed: {observed}
seeds: [0]
parameters:
{parameters}"""


def _yaml_number(value: float) -> str:
    """A float YAML reads back as a float: positional, never '3e-06' (YAML 1.1, which
    PyYAML reads, takes an exponent without a decimal point for a string)."""
    text = f"{value:.12f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def calibration_yaml(observed: str) -> str:
    """An imported case's calibration.yaml: the shared grid (FLEE_GRID) against `observed`."""
    parameters = "".join(
        f"  {key}: [{', '.join(_yaml_number(v) for v in values)}]\n"
        for key, values in FLEE_GRID.items()
    )
    return CALIBRATION_YAML.format(observed=observed, parameters=parameters)


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.10g}"


def _write_scenario(
    root,
    name,
    folder,
    validation,
    inp,
    host,
    nat,
    places,
    links,
    crossings,
    timeline,
    people,
    spawning,
    camps,
    ids,
    notes,
    check,
    *,
    behaviour: dict[str, float] | None = None,
    settings: dict[str, Any] | None = None,
    agents: int | None = None,
) -> None:
    """Write the scenario files into `root` (see import_flee); `agents`: the scenario's
    default number of agents (None: one per person)."""
    _write_csv(
        root / "places.csv",
        ["id", "name", "kind", "country", "lat", "lon", "capacity", "move_chance"],
        places,
    )
    _write_csv(
        root / "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        links,
    )
    _write_csv(
        root / "crossings.csv",
        [
            "id",
            "exit_place",
            "entry_place",
            "daily_capacity",
            "documents",
            "visa_required",
            "exit_permit",
            "exit_fee_usd",
            "overstay_penalty_usd",
            "detains_irregular",
            "distance_km",
        ],
        crossings,
    )
    _write_csv(
        root / "population.csv",
        [
            "place",
            "nationality",
            "status",
            "documentation",
            "age_group",
            "household",
            "count",
            "day",
        ],
        (
            [p, nat, "regular", "passport", "adult", "single", n, d]
            for (p, d), n in sorted(people.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ),
    )
    _write_csv(
        root / "timeline.csv",
        ["day", "event", "target", "value"],
        ([d, ev, target, value] for d, _, ev, target, value in timeline),
    )

    observed_rel = None
    if validation is not None:
        dest = root / "observed" / "flee"
        shutil.copytree(validation, dest)
        corrections = folder / "registration_corrections.csv"
        if corrections.is_file():
            shutil.copy2(corrections, dest / "registration_corrections.csv")
        observed_rel = "observed/flee"
    meta = {
        "name": name,
        "title": f"{name} (imported from Flee)",
        "description": (
            f"Imported from the Flee input folder '{folder.name}' by micic_sim.scenario."
            f"flee_import. People appear by {spawning.split(':')[0]} spawning; camps are "
            "reception places abroad; Flee's routes out of the host country are border "
            "crossings without document rules."
        ),
        "start_date": inp.start_date.isoformat(),
        "days": inp.days,
        "host_country": host,
        "dt_hours": 24,  # Flee steps a day
        **({"agents": agents} if agents is not None else {}),  # Flee's hasten (flee_settings)
        "nationalities": [{"id": nat, "name": host, "language": ""}],
        "attributes": {"phone": 0.8, "registered": 0.0},
        "host_languages": [],
        # FLEE_BEHAVIOUR with what the case's simsetting.yml sets (flee_settings)
        "behaviour": dict(FLEE_BEHAVIOUR if behaviour is None else behaviour),
        "notes": {
            "source": "flee",
            "flee_input": str(folder),
            "flee_validation": str(validation) if validation else None,
            "observed": observed_rel,
            "spawning": spawning,
            "people": int(sum(people.values())),
            "camps": camps,
            "flee_names": {ids[loc.name]: loc.name for loc in inp.locations},
            "warnings": notes,
            "registration_corrections": (folder / "registration_corrections.csv").is_file(),
        },
    }
    (root / "scenario.yaml").write_text(
        yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    report = {
        "flee_input": str(folder),
        "flee_validation": str(validation) if validation else None,
        "host_country": host,
        "flee_home_country": inp.flee_home_country,
        "registration_corrections": (folder / "registration_corrections.csv").is_file(),
        "people": int(sum(people.values())),
        "warnings": notes,
        "self_check": check,
    }
    if settings is not None and settings.get("file"):  # what the case's simsetting.yml set
        report["simsetting"] = settings
    (root / "import.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (root / "SOURCES.md").write_text(_sources(folder, validation, spawning), encoding="utf-8")
    (root / "uncertainties.csv").write_text(FLEE_UNCERTAINTIES, encoding="utf-8")
    for where in (folder, folder.parent, folder.parent.parent):  # Flee's licence travels along
        if (where / "LICENSE").is_file():
            shutil.copy2(where / "LICENSE", root / "FLEE_LICENSE")
            break
    if observed_rel is not None:
        (root / "calibration.yaml").write_text(calibration_yaml(observed_rel), encoding="utf-8")


def _sources(folder: Path, validation: Path | None, spawning: str) -> str:
    lines = [
        "# Sources",
        "",
        f"Converted by `micic_sim.scenario.flee_import` from the Flee input folder `{folder}`",
        "(Flee, the refugee-movement agent-based model, BSD-3-Clause; its locations, routes,",
        "closures, conflicts and simulation period).",
        "",
        "- places.csv: Flee's locations.csv (names, countries, coordinates; camp capacities",
        "  from its population column). Border posts (`exit_*`) stand on each Flee route that",
        "  leaves the host country, drawn half way; the road to a post has the route's whole",
        "  length (a crossing is served where it is reached, not travelled).",
        "- links.csv, crossings.csv: Flee's routes.csv (road distances in km).",
        "- timeline.csv: hazards replay Flee's conflict zones (conflicts.csv / conflict_date);",
        "  closures from closures.csv.",
        f"- population.csv: {spawning}.",
    ]
    if validation is not None:
        lines += [
            f"- observed/flee/: copy of the validation folder `{validation}` (UNHCR camp",
            "  counts as distributed with Flee) and Flee's registration_corrections.csv.",
        ]
    return "\n".join(lines) + "\n"
