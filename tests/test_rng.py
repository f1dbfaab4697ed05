"""One registry of random stream ids (micic_sim.rng.STREAMS), with no two draws sharing one.

Two kinds of draw that shared an id would draw the same number for the same person and step:
correlated decisions nobody meant. These tests check the blocks are disjoint, that the
synthesiser's and the kernels' offsets stay inside their blocks, and that no kernel draws from
an id the registry does not know.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np

from micic_sim import rng
from micic_sim.kernels import common
from micic_sim.kernels.wayfind import MAX_HOPS_PER_STEP
from micic_sim.rng import STREAMS, SYNTH_DRAWS, Stream


def test_no_two_streams_share_an_id():
    for (a, sa), (b, sb) in itertools.combinations(STREAMS.items(), 2):
        overlap = set(sa.ids()) & set(sb.ids())
        assert not overlap, f"streams {a} and {b} share ids {sorted(overlap)[:5]}"


def test_a_colliding_registry_is_caught():
    """The check above can fail: two blocks that overlap by one id are found."""
    streams = {"x": Stream(10, 5), "y": Stream(14)}
    pairs = [
        (a, b)
        for (a, sa), (b, sb) in itertools.combinations(streams.items(), 2)
        if set(sa.ids()) & set(sb.ids())
    ]
    assert pairs == [("x", "y")]


def test_synthesiser_draws_are_distinct_and_inside_their_block():
    offsets = [k for ks in SYNTH_DRAWS.values() for k in ks]
    assert len(offsets) == len(set(offsets)), "two synthesiser draws share an id"
    assert all(1 <= k < STREAMS["synth"].size for k in offsets)
    for ks in SYNTH_DRAWS.values():  # a normal draw takes two consecutive ids
        assert list(ks) == list(range(ks[0], ks[0] + len(ks)))


def test_per_hop_and_per_option_draws_fit_their_blocks():
    # kernels.wayfind draws at + 0, + 2 hop and + 2 hop + 1 for hop < MAX_HOPS_PER_STEP
    assert 2 * MAX_HOPS_PER_STEP + 1 < STREAMS["wayfind"].size
    # kernels.decide draws at + option: the option count is checked against the block
    from micic_sim.levers.rules import MAX_OPTIONS

    assert MAX_OPTIONS == STREAMS["choose"].size


def test_registry_keeps_the_historic_ids():
    """Runs reproduce across versions only if the ids stay what they were."""
    assert STREAMS["choose"].first == 3 * 4096
    assert STREAMS["wayfind"].first == 13 * 4096
    assert STREAMS["admit"].first == 13 * 4096 + 4000
    assert rng.synth_stream("savings") == 6 * 2 + 101
    assert rng.synth_stream("phone") == 101
    assert (STREAMS["registration_drive"].first, STREAMS["pre_departure_training"].first) == (
        201,
        202,
    )


def test_every_kernel_draw_uses_a_registered_stream():
    """`uniform(...)` in the kernels is always called with a P_* constant taken from STREAMS."""
    kernels = Path(common.__file__).parent
    registered = {s.first for s in STREAMS.values()}
    for path in sorted(kernels.glob("*.py")):
        text = path.read_text()
        for m in re.finditer(r"uniform\([^()]*\b(P_[A-Z_]+)", text):
            module = __import__(f"micic_sim.kernels.{path.stem}", fromlist=["x"])
            assert getattr(module, m.group(1)) in registered, f"{path.name}: {m.group(1)}"
        assert not re.search(r"uniform\([^()]*,\s*\d+\s*\)", text), f"{path.name}: literal id"


def test_normal_array_uses_two_consecutive_streams():
    seed = 7
    z = rng.normal_array(seed, 1000, 113)
    u1 = rng.uniform_array(np.uint64(seed), 0, 1000, 113)
    u2 = rng.uniform_array(np.uint64(seed), 0, 1000, 114)
    expect = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
    np.testing.assert_array_equal(z, expect)
