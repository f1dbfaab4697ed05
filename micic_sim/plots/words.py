"""Words for groups, places and levers on charts: 'asylum_seeker' -> 'Asylum seekers',
'SAH' -> 'Sahelians', 'crossing:north_gate' -> 'North Gate'.

Titles state findings in plain language, so identifiers from the scenario files are turned into
the words a planner uses, in one place.
"""

from __future__ import annotations

import re

from micic_sim.analysis.bottlenecks import pretty_id
from micic_sim.analysis.runs import lever_label
from micic_sim.scenario import Scenario

STATUS = {
    "regular": ("Regular", "regular migrants"),
    "irregular": ("Irregular", "irregular migrants"),
    "overstayer": ("Overstayer", "overstayers"),
    "asylum_seeker": ("Asylum seeker", "asylum seekers"),
    "stateless": ("Stateless", "stateless people"),
    "trafficked": ("Trafficked", "trafficked people"),
    "detained": ("Detained at start", "people detained before the crisis"),
}
DOCUMENTATION = {
    "passport": ("Passport", "people holding their passport"),
    "employer_held": ("Passport held by employer", "people whose employer holds their passport"),
    "lost": ("Passport lost", "people who lost their passport"),
    "none": ("No passport", "people without a passport"),
    "emergency": ("Emergency document", "people with an emergency document"),
}


MODE_NOUNS = {"air": "flights", "sea": "ships", "road": "buses", "foot": "escort"}


def _short_nationality(name: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip()


def nationality_names(s: Scenario | None) -> dict[str, str]:
    return {} if s is None else {n.id: _short_nationality(n.name or n.id) for n in s.nationalities}


def group_label(group_type: str, group: str, s: Scenario | None = None) -> str:
    """A short axis label for a group."""
    if group_type == "status":
        return STATUS.get(group, (group.replace("_", " ").capitalize(), ""))[0]
    if group_type == "documentation":
        return DOCUMENTATION.get(group, (group.replace("_", " ").capitalize(), ""))[0]
    if group_type == "nationality":
        return nationality_names(s).get(group, group)
    return "Everyone" if group == "all" else group


def group_noun(
    group_type: str, group: str, s: Scenario | None = None, *, start: bool = True
) -> str:
    """The group in a sentence: 'Irregular migrants' at the start (`start`), 'irregular
    migrants' inside; nationalities keep their capital ('Sahelians')."""
    if group_type == "status":
        noun = STATUS.get(group, ("", group.replace("_", " ")))[1]
    elif group_type == "documentation":
        noun = DOCUMENTATION.get(group, ("", group.replace("_", " ")))[1]
    elif group_type == "nationality":
        name = nationality_names(s).get(group, group)
        noun = (
            name + "s" if re.search(r"(an|i)$", name) and "/" not in name else f"{name} nationals"
        )
    else:
        noun = "everyone"
    return noun[:1].upper() + noun[1:] if start else noun


def place_name(place_id: str, s: Scenario | None = None) -> str:
    if s is not None:
        names = dict(zip(s.places["id"], s.places["name"], strict=True))
        if place_id in names:
            return str(names[place_id])
    return pretty_id(place_id)


def short_place_name(place_id: str, s: Scenario | None = None) -> str:
    """A place name without its bracketed qualifier ('North Gate (Ardenian side)' ->
    'North Gate'), for crossings named after their exit post."""
    return re.sub(r"\s*\(.*\)\s*$", "", place_name(place_id, s)).strip()


def resource_name(label: str, s: Scenario | None = None) -> str:
    """A service point label as words: a crossing by its exit post ('North Gate'), a consular
    post by nationality (and town, where a nationality has several), an evacuation offer by
    operator, mode and destination, a capacity-limited link by its two ends."""
    kind, _, rid = label.partition(":")
    upper = [n.id for n in s.nationalities] if s is not None else []
    if s is not None and kind == "evacuation":
        ev = s.evacuations.set_index("id")
        if rid in ev.index:
            row = ev.loc[rid]
            noun = MODE_NOUNS.get(str(row["mode"]), str(row["mode"]))
            name = f"{row['operator']} {noun} to {short_place_name(row['to_place'], s)}"
            same = ev[
                (ev["operator"] == row["operator"])
                & (ev["mode"] == row["mode"])
                & (ev["to_place"] == row["to_place"])
            ]
            if len(same) > 1:  # several such offers: tell them apart by where they leave from
                name += f" from {short_place_name(row['from_place'], s)}"
            return name
    if s is not None and kind == "crossing":
        cr = s.crossings.set_index("id")
        if rid in cr.index:
            return short_place_name(str(cr.at[rid, "exit_place"]), s)
    if s is not None and kind == "consulate":
        co = s.consulates.set_index("id")
        if rid in co.index:
            nat = co.at[rid, "nationality"]
            name = f"{nationality_names(s).get(nat, nat)} consulate"
            if (co["nationality"] == nat).sum() > 1:
                name += f" ({short_place_name(str(co.at[rid, 'place']), s)})"
            return name
    if s is not None and kind == "link":
        lk = s.links.set_index("id")
        if rid in lk.index:
            a, b = (short_place_name(str(lk.at[rid, c]), s) for c in ("from", "to"))
            return f"{a} \u2013 {b} ({lk.at[rid, 'mode']})"
    return pretty_id(rid or label, upper)


def waiting_phrase(label: str, s: Scenario | None = None) -> str:
    """Where or for what people waited: 'at North Gate (border crossing)', 'at the Bengaran
    consulate', 'for IOM flights to Bengara', 'for the Cairo - Niamey (air) route'."""
    kind = label.partition(":")[0]
    name = resource_name(label, s)
    return {
        "crossing": f"at {name} (border crossing)",
        "consulate": f"at the {name}",
        "evacuation": f"for {name}",
        "link": f"for the {name} route",
        "shelter": f"at {name} (shelter)",
    }.get(kind, f"at {name}")


def policy_label(policy: str) -> str:
    return lever_label(policy)
