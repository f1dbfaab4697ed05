"""`model.migrants`: the population as a vectorised agent set, and a Mesa `Agent` view of one
person for inspection.

Selections are boolean masks over the columns, never Python loops over people. `select` takes
column=value conditions with values as words ("irregular", "crossed", a nationality id, a place
id), so notebooks read like the scenario files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from micic_sim.codes import Age, Doc, Household, State, Status, parse
from micic_sim.units import people

if TYPE_CHECKING:
    from micic_sim.model import EvacuationModel

ENUMS = {
    "status": Status,
    "doc": Doc,
    "doc_start": Doc,
    "age": Age,
    "household_type": Household,
    "state": State,
}


class MigrantSet:
    """A view of (a subset of) the population."""

    def __init__(self, model: EvacuationModel, index: np.ndarray | None = None) -> None:
        self.model = model
        self.index = index  # None: everyone

    def _col(self, name: str) -> np.ndarray:
        col = self.model.population.columns[name]
        return col if self.index is None else col[self.index]

    def __len__(self) -> int:
        return self.model.population.n if self.index is None else len(self.index)

    def _code(self, column: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if column in ENUMS:
            return parse(ENUMS[column], value)
        if column == "nationality":
            return self.model.world.nat_ids.index(value)
        if column == "place":
            return self.model.world.place_ids.index(value)
        raise ValueError(f"column '{column}' does not take words")

    def mask(self, **conditions: Any) -> np.ndarray:
        """Boolean mask of people meeting every condition (a value, or a list of values)."""
        m = np.ones(len(self), bool)
        for column, value in conditions.items():
            if column not in self.model.population.columns:
                raise KeyError(
                    f"unknown column '{column}'; columns: "
                    f"{', '.join(self.model.population.columns)}"
                )
            values = value if isinstance(value, list | tuple | set) else [value]
            codes = [self._code(column, v) for v in values]
            m &= np.isin(self._col(column), codes)
        return m

    def select(self, mask: np.ndarray | None = None, **conditions: Any) -> MigrantSet:
        """A subset by boolean mask and/or conditions, e.g. select(status="irregular")."""
        m = self.mask(**conditions)
        if mask is not None:
            m &= np.asarray(mask, bool)
        base = np.arange(self.model.population.n) if self.index is None else self.index
        return MigrantSet(self.model, base[m])

    def count(self, unit: str = "agents", **conditions: Any) -> int:
        """How many meet the conditions: simulated agents (the default, for model code), or
        real people with `unit="people"` (agents x `model.people_per_agent`)."""
        agents = int(self.mask(**conditions).sum())
        if unit == "agents":
            return agents
        if unit == "people":
            return people(agents, self.model.people_per_agent)
        raise ValueError(f"unit must be 'agents' or 'people', got {unit!r}")

    def people(self, **conditions: Any) -> int:
        """How many real people meet the conditions (what a planner reads), e.g.
        `m.migrants.people(status="irregular", state="stranded")`."""
        return self.count("people", **conditions)

    def to_frame(self) -> pd.DataFrame:
        w = self.model.world
        df = self.model.population.to_frame(w.nat_ids, w.place_ids)
        if self.index is not None:
            df = df.iloc[self.index]
        return df

    def __getitem__(self, i: int) -> MigrantView:
        base = i if self.index is None else int(self.index[i])
        return MigrantView(self.model, base)


class MigrantView(mesa.Agent):
    """One person, read from (and written to) the columns: for inspection and teaching, not for
    stepping. Created on demand; it does not take part in the model's schedule."""

    def __init__(self, model: EvacuationModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        self.remove()  # a view, not a scheduled agent: keep model.agents for institutions

    def __getattr__(self, name: str) -> Any:
        cols = self.model.population.columns
        if name in cols:
            value = cols[name][self.index]
            if name in ENUMS:
                return ENUMS[name](int(value)).name.lower()
            if name == "nationality":
                return self.model.world.nat_ids[int(value)]
            if name == "place":
                return self.model.world.place_ids[int(value)]
            return value.item() if hasattr(value, "item") else value
        raise AttributeError(name)

    def __repr__(self) -> str:
        return (
            f"<Migrant {self.index}: {self.nationality} {self.status}, {self.doc}, "
            f"{self.state} at {self.place}>"
        )
