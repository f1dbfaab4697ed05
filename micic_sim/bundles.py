"""The state kernels read, in a few typed bundles instead of dozens of positional arguments.

Each bundle is a Numba structref: passed by reference, so a kernel that hands it to its helper
functions does not copy dozens of array structs (a named tuple of every column made `decide`'s
cold compile 2.5 times slower; a structref made it faster; docs/architecture.md,
benchmarks/bundles.py). The behaviour parameters stay a named tuple of floats
(`Behaviour.to_kernel`).

- `PopColumns`: every per-person column (`codes.COLUMNS`), built once per run: the columns are
  shared arrays, never replaced. A new column is in the bundle without any other edit.
- `RuleArrays`: the rule arrays and lever settings of the day (`levers.rules.Rules`), rebuilt
  after the rules stage (its scalars change day by day).
- `WorldArrays`: the world and the model's arrays (hazard, places, links, routes, crossings'
  options, households' bounds, peers, employers, who finds their way locally), rebuilt once
  per step by the rules stage (`model.world_arrays`).

Kernels read fields by name, once, into local variables before their loops
(`state = pop.state`): a structref field read takes a reference on the field's array, an atomic
count shared by every thread, so inside a parallel loop it would make the threads wait on each
other. The structref types are made once, here, and scalars are cast to one type each: Numba
compiles a kernel once per bundle type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numba import njit
from numba.core import types
from numba.experimental import structref

from micic_sim.codes import COLUMNS

if TYPE_CHECKING:
    from micic_sim.levers.rules import Rules
    from micic_sim.model import EvacuationModel
    from micic_sim.population.columns import Population


class _Fields(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


@structref.register
class PopColumnsType(_Fields):
    pass


@structref.register
class RuleArraysType(_Fields):
    pass


@structref.register
class WorldArraysType(_Fields):
    pass


class PopColumns(structref.StructRefProxy):
    pass


class RuleArrays(structref.StructRefProxy):
    pass


class WorldArrays(structref.StructRefProxy):
    pass


structref.define_proxy(PopColumns, PopColumnsType, list(COLUMNS))

#: Rule arrays and settings kernels read (attributes of Rules; `opt_kind`, `opt_place`,
#: `opt_target` and `opt_crossing` come from its Options).
RULE_FIELDS = (
    "opt_kind",
    "opt_place",
    "opt_target",
    "opt_crossing",
    "opt_open",
    "opt_cap_day",
    "opt_nat_ok",
    "opt_doc_rule",
    "opt_fee",
    "opt_overstay",
    "opt_exit_permit",
    "opt_detain_p",
    "opt_official",
    "opt_protect",
    "opt_own_nat",
    "opt_holds",
    "opt_release_day",
    "opt_in_host",
    "opt_state_ride",
    "state_directs",
    "place_offers",
    "fare_cover",
    "employer_cover",
    "doc_return_rate",
    "channels",
    "peer_multiplier",
    "hotline_call_rate",
    "diaspora_transfer_usd",
    "diaspora_transfer_rate",
    "release_detainees",
    "hardship_factor",
    "patience_factor",
    "sea_factor",
    "child_priority",
)
structref.define_proxy(RuleArrays, RuleArraysType, list(RULE_FIELDS))

#: World and per-run or per-step model arrays kernels read (see `world_bundle`).
WORLD_FIELDS = (
    "hazard",
    "group_hazard",
    "call",
    "place_host",
    "place_reception",
    "place_shelter",
    "place_border",
    "route_days",
    "route_wait",
    "next_link",
    "link_from",
    "link_to",
    "link_km",
    "link_mode",
    "link_capped",
    "place_onward",
    "cr_option",
    "n_options",
    "hh_start",
    "peers_left",
    "employer_gone",
    "local",
    "alert",
    "used_to",
)
structref.define_proxy(WorldArrays, WorldArraysType, list(WORLD_FIELDS))


def _scalar(value: object) -> bool | float:
    """A scalar rule setting as the one Python type its field keeps all run: a flag is a bool,
    any number a float (so a setting written `200` in one config and `200.0` in another, or a
    NumPy scalar, does not give the bundle a new Numba type)."""
    return bool(value) if isinstance(value, (bool, np.bool_)) else float(value)


# Compiled constructors, cached like the kernels (define_proxy's own constructor compiles afresh
# in every process, about a second per bundle type).
@njit(cache=True)
def _make_pop(*cols):
    return PopColumns(*cols)


@njit(cache=True)
def _make_rules(*values):
    return RuleArrays(*values)


@njit(cache=True)
def _make_world(*values):
    return WorldArrays(*values)


def population_bundle(p: Population) -> PopColumns:
    return _make_pop(*(p.columns[k] for k in COLUMNS))


def rules_bundle(r: Rules) -> RuleArrays:
    """The day's rules; scalars are cast to bool or float (`_scalar`), so that the bundle's
    Numba type never changes (a new type would compile the kernels again)."""
    o = r.options
    options = {"opt_kind": o.kind, "opt_place": o.place, "opt_target": o.target}
    options["opt_crossing"] = o.crossing
    values = {k: options[k] if k in options else getattr(r, k) for k in RULE_FIELDS}
    for k, v in values.items():
        if not isinstance(v, np.ndarray):
            values[k] = _scalar(v)
    return _make_rules(*(values[k] for k in RULE_FIELDS))


def world_bundle(m: EvacuationModel) -> WorldArrays:
    """The world's arrays and the model's, as they are now: built by the rules stage once per
    step (after the timeline may have rebuilt the route tables and the rules set the alert)."""
    w = m.world
    values = {
        "hazard": w.hazard,
        "group_hazard": w.group_hazard,
        "call": w.call,
        "place_host": w.place_host,
        "place_reception": m._reception,
        "place_shelter": m._shelter,
        "place_border": m._border_exit,
        "route_days": m.routes.days,
        "route_wait": m.route_wait,
        "next_link": m.routes.next_link,
        "link_from": w.link_from,
        "link_to": w.link_to,
        "link_km": w.link_km,
        "link_mode": w.link_mode,
        "link_capped": m.link_capped,
        "place_onward": m.place_onward,
        "cr_option": m._cr_option,
        "n_options": int(m.n_options),
        "hh_start": m.hh_start,
        "peers_left": m.peers_left,
        "employer_gone": m.employers.gone,
        "local": m.local,
        "alert": float(m.alert),
        "used_to": m.used_to,
    }
    return _make_world(*(values[k] for k in WORLD_FIELDS))
