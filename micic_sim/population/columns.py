"""The migrant population as a structure of arrays: one NumPy column per attribute.

Stable slots, no deletions: leaving, being harmed or reaching safety is a state and a time stamp,
never a removal, so an agent's index is its permanent identity (and its random-stream key).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from micic_sim.codes import COLUMNS, Age, Doc, Household, State, Status, names


class Population:
    """Preallocated columns (dtypes from `codes.COLUMNS`); attribute access returns the array."""

    def __init__(self, n: int) -> None:
        self.n = int(n)
        self.columns: dict[str, np.ndarray] = {}
        for name, dtype in COLUMNS.items():
            self.columns[name] = np.zeros(self.n, dtype=dtype)
        for name in ("link", "goal", "dest", "queue", "employer"):
            self.columns[name][:] = -1
        for name in ("informed_day", "left_day", "safe_day", "home_day"):
            self.columns[name][:] = np.nan
        # Plain attributes for the columns (the arrays are shared, never replaced): the model
        # reads dozens of them every step, and a lookup in __dict__ is the cheapest there is.
        self.__dict__.update(self.columns)

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("columns")
        if cols is not None and name in cols:
            return cols[name]
        raise AttributeError(name)

    def __len__(self) -> int:
        return self.n

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self.columns.values())

    def to_frame(
        self, nationalities: list[str] | None = None, place_ids: list[str] | None = None
    ) -> pd.DataFrame:
        """A readable table (categories as words) for inspection and the final agent table."""
        c = self.columns
        df = pd.DataFrame({k: v for k, v in c.items() if k != "refused"})
        df["refused_mask"] = c["refused"].astype(np.int64)
        for col, enum in (
            ("status", Status),
            ("doc", Doc),
            ("doc_start", Doc),
            ("age", Age),
            ("household_type", Household),
            ("state", State),
        ):
            df[col] = pd.Categorical.from_codes(c[col].astype(np.int64), names(enum))
        if nationalities is not None:
            df["nationality"] = pd.Categorical.from_codes(
                c["nationality"].astype(np.int64), nationalities
            )
        if place_ids is not None:
            df["place"] = pd.Categorical.from_codes(c["place"].astype(np.int64), place_ids)
        return df
