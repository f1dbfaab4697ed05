"""Kernels read bundle fields before their parallel loops, never inside them.

A structref field read (`pop.state`) or a call handing a bundle on takes a reference: an atomic
count on memory every thread shares. Inside a `prange` loop that makes the threads wait on each
other, so two threads can run slower than one (docs/architecture.md, "Bundles"). The rule is
easy to break by adding one `pop.x[i]` to a loop body, so it is checked on the source.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KERNELS = Path(__file__).resolve().parents[1] / "micic_sim" / "kernels"
BUNDLES = {"pop", "rules", "world"}
#: Modules whose loop hands its bundles to helpers inlined at Numba IR level (`choose`,
#: `option_cost`: inline="always"), so no reference is taken; their compiled loop is checked
#: instead (tests/test_bundles.py, test_decide_parallel_loop_takes_no_reference_counts).
PENDING = {"decide.py"}


def _prange_loops(tree: ast.AST) -> list[ast.For]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.For)
        and isinstance(node.iter, ast.Call)
        and getattr(node.iter.func, "id", None) == "prange"
    ]


def _bundle_uses(loop: ast.For) -> list[tuple[int, str]]:
    return [
        (node.lineno, node.id)
        for stmt in loop.body
        for node in ast.walk(stmt)
        if isinstance(node, ast.Name) and node.id in BUNDLES
    ]


@pytest.mark.parametrize(
    "path", sorted(p for p in KERNELS.glob("*.py") if p.name not in PENDING), ids=lambda p: p.name
)
def test_no_bundle_inside_a_parallel_loop(path):
    tree = ast.parse(path.read_text())
    uses = [use for loop in _prange_loops(tree) for use in _bundle_uses(loop)]
    assert not uses, f"{path.name}: bundles used inside a prange loop at {uses}"


def test_the_check_sees_a_bundle_in_a_loop():
    """The check itself: a field read inside a prange loop is found."""
    src = "def k(pop):\n    for i in prange(3):\n        pop.state[i] = 0\n"
    (loop,) = _prange_loops(ast.parse(src))
    assert _bundle_uses(loop) == [(3, "pop")]
