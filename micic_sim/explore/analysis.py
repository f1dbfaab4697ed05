"""What an exploration's runs say: sensitivity indices, robustness (regret) and the conditions
under which a lever fails (PRIM scenario discovery).

- Sensitivity (SALib): for each quantity, either an outcome under one policy or a lever's effect
  against the baseline, in people. Morris gives mu* (the mean absolute change a move of one
  assumption across a quarter-to-whole of its range causes, in people) and sigma (how much that
  change depends on the other assumptions); Sobol gives the share of the variance each
  assumption explains alone (S1) and with its interactions (ST).
- Regret: in each sample (a possible world), a policy's regret is how many people it does worse
  than the best policy in that world. A robust policy has little regret in every world: the
  table ranks policies by their largest regret, then by the 90th percentile.
- PRIM (EMA Workbench): the box of assumption ranges in which a lever's gain is smallest, with
  its coverage (the share of all such worlds the box holds) and density (the share of the worlds
  in the box that are such worlds).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from micic_sim.explore.sampling import problem
from micic_sim.explore.uncertainties import Uncertainty


def morris_indices(
    items: list[Uncertainty], unit: np.ndarray, values: pd.DataFrame, *, levels: int = 4
) -> pd.DataFrame:
    """Morris mu*, mu, sigma (and mu*'s 95% confidence) of each quantity (a column of `values`,
    one row per design point) for each uncertainty; mu* in the quantity's own unit (people)."""
    from SALib.analyze import morris

    frames = []
    for col in values.columns:
        y = values[col].to_numpy(dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = morris.analyze(problem(items), unit, y, num_levels=levels, seed=0)
        part = pd.DataFrame(
            {
                "uncertainty": res["names"],
                "mu_star": res["mu_star"],
                "mu": res["mu"],
                "sigma": res["sigma"],
                "mu_star_conf": res["mu_star_conf"],
            }
        )
        part.insert(0, "quantity", col)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def sobol_indices(items: list[Uncertainty], values: pd.DataFrame) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices, with 95% confidence half-widths, of each
    quantity for each uncertainty (Saltelli design without second order)."""
    from SALib.analyze import sobol

    frames = []
    for col in values.columns:
        y = values[col].to_numpy(dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = sobol.analyze(problem(items), y, calc_second_order=False, seed=0)
        part = pd.DataFrame(
            {
                "uncertainty": [u.name for u in items],
                "S1": res["S1"],
                "S1_conf": res["S1_conf"],
                "ST": res["ST"],
                "ST_conf": res["ST_conf"],
            }
        )
        part.insert(0, "quantity", col)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def top_drivers(indices: pd.DataFrame, by: str, n: int = 5) -> pd.DataFrame:
    """The `n` uncertainties with the largest index `by` for each quantity, ranked."""
    ranked = indices.sort_values(["quantity", by], ascending=[True, False], kind="stable")
    top = ranked.groupby("quantity", sort=False).head(n).copy()
    top["rank"] = top.groupby("quantity").cumcount() + 1
    return top.reset_index(drop=True)


def regret(outcome: pd.DataFrame, *, higher_is_better: bool) -> pd.DataFrame:
    """Per policy: its regret in each sample is the gap to the best policy there (>= 0, in the
    outcome's unit); returns max, 90th percentile and mean regret, ranked (most robust first:
    smallest max regret, then smallest 90th percentile). `outcome`: rows = samples, columns =
    policies."""
    best = outcome.max(axis=1) if higher_is_better else outcome.min(axis=1)
    gaps = (best.to_numpy()[:, None] - outcome.to_numpy()) * (1 if higher_is_better else -1)
    gaps = pd.DataFrame(np.maximum(gaps, 0.0), index=outcome.index, columns=outcome.columns)
    table = pd.DataFrame(
        {
            "max_regret": gaps.max(),
            "p90_regret": gaps.quantile(0.9),
            "mean_regret": gaps.mean(),
            "best_in_share": (gaps <= 0).mean(),
        }
    )
    table.index.name = "policy"
    table = table.sort_values(["max_regret", "p90_regret"], kind="stable").reset_index()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table


@dataclass(frozen=True)
class Box:
    """A PRIM box: the restricted ranges, with coverage, density and the number of samples."""

    limits: pd.DataFrame  # uncertainty, low, high (only the restricted ones)
    coverage: float
    density: float
    mass: float
    n_cases: int  # samples of interest in all
    n_samples: int


def prim_box(x: pd.DataFrame, y: np.ndarray, *, min_density: float = 0.8) -> Box:
    """Scenario discovery with EMA Workbench's PRIM: the box (on the peeling trajectory) with
    the largest coverage among those at least `min_density` dense (the densest if none is).

    The columns are cast to float before PRIM: with pandas 3, EMA Workbench 3.0.0's PRIM fails
    on integer columns and on restricted booleans (it writes a float limit into an int64 or bool
    frame); our uncertainties are numeric ranges, so float loses nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        y = np.asarray(y, dtype=bool)
        xf = x.astype(float).reset_index(drop=True)
        if not y.any() or y.all():
            raise ValueError("PRIM needs some samples of interest and some others")
        finder = prim.Prim(xf, y, peel_alpha=0.05, paste_alpha=0.05, mass_min=0.05)
        box = finder.find_box()
        traj = box.peeling_trajectory
        ok = traj[traj["density"] >= min_density]
        i = int(ok["coverage"].idxmax()) if len(ok) else int(traj["density"].idxmax())
        lims = box.box_lims[i]
    full = xf.agg(["min", "max"])
    rows = [
        {"uncertainty": c, "low": float(lims.loc[0, c]), "high": float(lims.loc[1, c])}
        for c in xf.columns
        if lims.loc[0, c] > full.loc["min", c] or lims.loc[1, c] < full.loc["max", c]
    ]
    return Box(
        limits=pd.DataFrame(rows, columns=["uncertainty", "low", "high"]),
        coverage=float(traj.loc[i, "coverage"]),
        density=float(traj.loc[i, "density"]),
        mass=float(traj.loc[i, "mass"]),
        n_cases=int(y.sum()),
        n_samples=len(y),
    )


def fails_to_help(gain: pd.Series, threshold: float | None) -> tuple[np.ndarray, float]:
    """Which samples a lever fails to help in: its gain (people) is at or below `threshold`;
    None: at or below 0 if that is at least 10% of the samples, else its lowest fifth."""
    if threshold is None:
        threshold = 0.0 if (gain <= 0).mean() >= 0.1 else float(gain.quantile(0.2))
    return (gain <= threshold).to_numpy(), float(threshold)
