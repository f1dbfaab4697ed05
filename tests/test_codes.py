"""The codes kernels compare against come from one place: the enums in micic_sim.codes.

Kernels see plain ints (module-level constants in micic_sim.kernels.common, which Numba folds
into the compiled code). These tests fail if an enum gains, loses or renumbers a member without
its kernel constant following, and if a kernel goes back to writing a code as a bare literal.
"""

from __future__ import annotations

import re
from enum import IntEnum
from pathlib import Path

import pytest

from micic_sim import codes
from micic_sim.kernels import common

#: Kernel constant prefix -> enum, and the names that differ from the enum member's name.
PREFIXES: list[tuple[str, type[IntEnum], dict[str, str]]] = [
    ("S_", codes.State, {}),
    ("ST_", codes.Status, {"ASYLUM_SEEKER": "ASYLUM"}),
    ("K_", codes.OptionKind, {}),
    ("A_", codes.Awareness, {}),
    ("M_", codes.Mode, {}),
    ("CH_", codes.Channel, {}),
    ("AGE_", codes.Age, {}),
    ("HH_", codes.Household, {}),
    ("RULE_", codes.DocRule, {}),
    ("", codes.Doc, {"NONE": "NONE_DOC"}),
]


@pytest.mark.parametrize(("prefix", "enum", "renamed"), PREFIXES, ids=lambda x: str(x))
def test_every_enum_member_has_its_kernel_constant(prefix, enum, renamed):
    for member in enum:
        name = prefix + renamed.get(member.name, member.name)
        assert hasattr(common, name), (
            f"kernels.common has no {name} for {enum.__name__}.{member.name}"
        )
        value = getattr(common, name)
        assert type(value) is int, f"{name} must be a plain int for Numba, got {type(value)}"
        assert value == int(member), (
            f"{name} = {value}, but {enum.__name__}.{member.name} = {int(member)}"
        )


def test_counts_sizes_follow_the_enums():
    assert common.N_STATES == len(codes.State) == max(codes.State) + 1
    assert common.N_STATUS == len(codes.Status) == max(codes.Status) + 1


KERNELS = Path(common.__file__).parent
#: Comparisons of a code column with a bare number (the column names whose values are codes).
CODE_COLUMNS = ("state", "status", "doc", "awareness", "age", "household_type", "link_mode", "mode")
LITERAL = re.compile(
    r"\b(?:" + "|".join(CODE_COLUMNS) + r")(?:\[[^\]]*\])?\s*(?:==|!=|<=|>=|<|>)\s*\d"
    r"|\b(?:s|a|k)\s*(?:==|!=)\s*\d|channels\[[^,\]]+,\s*\d\]"
)


def test_kernels_write_no_code_as_a_bare_number():
    found = []
    for path in sorted(KERNELS.glob("*.py")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if LITERAL.search(line.split("#", 1)[0]):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, "codes written as numbers (use kernels.common's constants):\n" + "\n".join(
        found
    )
