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
- `WorldArrays`: the world and the model's per-step arrays (hazard, places, links, routes,
  peers, employers, who finds their way locally), rebuilt each step.

Kernels read fields by name (`pop.state[i]`, `rules.opt_fee[o]`, `world.hazard[p]`). The
structref types are made once, here, and scalars are cast to one type each: Numba compiles a
kernel once per bundle type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    "opt_in_host",
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

#: World and per-step model arrays kernels read (see `world_bundle`).
WORLD_FIELDS = (
    "hazard",
    "group_hazard",
    "call",
    "place_host",
    "place_reception",
    "route_days",
    "peers_left",
    "employer_gone",
    "local",
    "alert",
)
structref.define_proxy(WorldArrays, WorldArraysType, list(WORLD_FIELDS))

_SCALARS = {
    "employer_cover": bool,
    "peer_multiplier": float,
    "hotline_call_rate": float,
    "diaspora_transfer_usd": float,
    "diaspora_transfer_rate": float,
    "release_detainees": bool,
    "hardship_factor": float,
    "patience_factor": float,
    "sea_factor": float,
    "child_priority": bool,
}


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
    """The day's rules; scalars are cast to one Python type each, so that the bundle's Numba
    type never changes (a new type would compile the kernels again)."""
    o = r.options
    options = {"opt_kind": o.kind, "opt_place": o.place, "opt_target": o.target}
    options["opt_crossing"] = o.crossing
    values = {k: options[k] if k in options else getattr(r, k) for k in RULE_FIELDS}
    for k, cast in _SCALARS.items():
        values[k] = cast(values[k])
    return _make_rules(*(values[k] for k in RULE_FIELDS))


def world_bundle(m: EvacuationModel) -> WorldArrays:
    w = m.world
    return _make_world(
        w.hazard,
        w.group_hazard,
        w.call,
        w.place_host,
        m._reception,
        m.routes.days,
        m.peers_left,
        m.employers.gone,
        m.local,
        float(m.alert),
    )
