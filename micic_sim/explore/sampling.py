"""Samples of the uncertainties: Morris trajectories, Sobol (Saltelli) and Latin hypercube,
all drawn by SALib in the unit cube and mapped to each uncertainty's range.

Sampling in the unit cube and mapping afterwards gives every method the same treatment of
log-uniform ranges, and the Morris and Sobol analyses read the unit-cube design they were given
(SALib's analysers need the design exactly as sampled). Same method, size and seed => same
samples.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from micic_sim.explore.uncertainties import Uncertainty

METHODS = ("morris", "sobol", "lhs")


def problem(items: list[Uncertainty]) -> dict:
    """SALib's problem description: one unit interval per uncertainty."""
    return {
        "num_vars": len(items),
        "names": [u.name for u in items],
        "bounds": [[0.0, 1.0]] * len(items),
    }


def unit_design(
    method: str, items: list[Uncertainty], n: int, *, seed: int, levels: int = 4
) -> np.ndarray:
    """The design in the unit cube, one row per sample.

    morris: `n` trajectories of len(items) + 1 points (`levels` grid levels);
    sobol: Saltelli's scheme, n x (len(items) + 2) points (n a power of 2);
    lhs: `n` points of a Latin hypercube."""
    prob = problem(items)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(prob, n, num_levels=levels, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol

        if n < 2 or n & (n - 1):
            raise ValueError(f"a Sobol design needs n a power of 2 (64, 128, ...), got {n}")
        return sobol.sample(prob, n, calc_second_order=False, scramble=True, seed=seed)
    if method == "lhs":
        from SALib.sample import latin

        return latin.sample(prob, n, seed=seed)
    raise ValueError(f"unknown method '{method}': one of {', '.join(METHODS)}")


def to_values(items: list[Uncertainty], unit: np.ndarray) -> pd.DataFrame:
    """The unit design as values, one column per uncertainty (index = sample number)."""
    cols = {u.name: u.from_unit(unit[:, k]) for k, u in enumerate(items)}
    frame = pd.DataFrame(cols)
    frame.index.name = "sample"
    return frame
