"""The kernels' bundles (micic_sim.bundles): complete, sharing the model's arrays, and of one
Numba type for the whole run (a bundle whose type changed mid-run would compile every kernel
that takes it again)."""

from __future__ import annotations

import numba
import numpy as np

from micic_sim.bundles import RULE_FIELDS, WORLD_FIELDS, rules_bundle, world_bundle
from micic_sim.codes import COLUMNS
from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.model import EvacuationModel


@numba.njit
def _poke(pop):
    pop.fear[0] = 0.25


@numba.njit
def _poke_fee(rules):
    rules.opt_fee[0] = 12.5


@numba.njit
def _alert(world):
    return world.alert


@numba.njit
def _next_link(world):
    return world.next_link


def _model(levers=None) -> EvacuationModel:
    return EvacuationModel("libya_2011", seed=0, population_total=2000, days=20, levers=levers)


def test_population_bundle_is_the_columns_themselves():
    m = _model()
    assert list(numba.typeof(m.pop).field_dict) == list(COLUMNS)
    _poke(m.pop)  # a kernel writing through the bundle writes the population's own column
    assert m.population.fear[0] == np.float32(0.25)


def test_rule_and_world_bundles_hold_every_field():
    m = _model()
    r, w = m.rule_arrays, world_bundle(m)
    assert list(numba.typeof(r).field_dict) == list(RULE_FIELDS)
    assert list(numba.typeof(w).field_dict) == list(WORLD_FIELDS)
    _poke_fee(r)
    assert m.rules.opt_fee[0] == 12.5


def test_bundle_types_do_not_change_during_a_run():
    everything = {n: {"enabled": True} for n in CATALOGUE}
    types = set()
    world_types = set()
    for levers in (None, everything):
        m = _model(levers)
        types.add(numba.typeof(m.rule_arrays))
        world_types.add(numba.typeof(m.world_arrays))
        for _ in range(20 * 4):
            m.step()
            types.add(numba.typeof(rules_bundle(m.rules)))
            world_types.add(numba.typeof(m.world_arrays))
    assert len(types) == 1, types
    assert len(world_types) == 1, world_types


def test_scalar_settings_keep_one_type_however_they_are_written():
    """A lever setting written as an int, a float or a NumPy scalar gives one bundle type."""
    m = _model()
    seen = set()
    for value in (200, 200.0, np.float32(200), np.int64(200)):
        m.rules.diaspora_transfer_usd = value
        m.rules.child_priority = np.bool_(True) if value == 200 else True
        seen.add(numba.typeof(rules_bundle(m.rules)))
    assert len(seen) == 1, seen


def test_world_bundle_is_rebuilt_by_the_rules_stage():
    """The world bundle of a step carries that step's alert (set by the rules stage)."""
    m = EvacuationModel(
        "libya_2011", seed=0, population_total=2000, days=20, behaviour={"alert_share": 0.5}
    )
    for _ in range(40):
        m.step()
    assert m.alert > 0  # the crisis is on: a stale bundle would carry the start's 0
    assert _alert(m.world_arrays) == m.alert
    assert np.shares_memory(_next_link(m.world_arrays), m.routes.next_link)


_REFCOUNT_PROBE = """
import re
from numba.core.caching import NullCache
from micic_sim.kernels import decide as D
D.decide._cache = NullCache()  # compile here, so the LLVM IR can be inspected
from micic_sim.model import EvacuationModel
EvacuationModel("libya_2011", seed=0, population_total=2000, days=2, collect=False).run()
(ir,) = D.decide.inspect_llvm().values()
body = [f for f in re.split(r"\\ndefine ", ir) if "numba_parfor_gufunc" in f[:300]
        and not f.startswith("__gufunc__") and "__gufunc__" not in f[:120]]
print(len(body), sum(len(re.findall(r"@NRT_(?:incref|decref)\\(", f)) for f in body))
"""


def test_decide_parallel_loop_takes_no_reference_counts():
    """A reference count taken inside `decide`'s parallel loop (a bundle passed to a helper
    that is not inlined) is an atomic update on memory every thread shares: two threads then
    run slower than one. The loop must compile to code with no NRT_incref/decref at all."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _REFCOUNT_PROBE], capture_output=True, text=True, check=True
    )
    n_bodies, n_refcounts = map(int, out.stdout.split())
    assert n_bodies >= 1, out.stdout
    assert n_refcounts == 0, f"{n_refcounts} reference-count calls in decide's parallel loop"
