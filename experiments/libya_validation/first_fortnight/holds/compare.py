"""Compare validate.py tables of the held-at-the-gate trial (first_fortnight/README.md §10).

    .venv/bin/python experiments/libya_validation/first_fortnight/holds/compare.py

For the fitted and the untuned rows of each run's `table.csv`: mean and median |log ratio|
(simulated / observed, floored at 0.01 so that a row the model leaves at zero counts as a 100x
miss and not as infinity), the same over the rows no run leaves at zero, and how many rows each
run brings closer to or takes further from the record than the baseline (by more than 0.02 in
|log ratio|). The judgement of first_fortnight/README.md §9: a change is kept only if the
untuned rows do not get worse overall.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
RUNS = ("baseline", "rule", "rule_recalibrated", "rule_patience", "rule_patience_recalibrated")
KEY = ["date", "metric", "geography", "observed"]
FLOOR = 0.01


def log_error(simulated: pd.Series, observed: pd.Series) -> pd.Series:
    return np.abs(np.log(np.maximum(simulated / observed, FLOOR)))


def merged() -> pd.DataFrame:
    """One row per fitted or untuned figure, one column of simulated people per run."""
    out: pd.DataFrame | None = None
    for run in RUNS:
        t = pd.read_csv(HERE / run / "table.csv")
        t = t[t.fitted.isin(["fitted", "untuned"])][[*KEY, "fitted", "simulated"]]
        t = t.rename(columns={"simulated": run})
        out = t if out is None else out.merge(t.drop(columns="fitted"), on=KEY)
    assert out is not None
    return out


def summary(m: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for kind in ("fitted", "untuned"):
        x = m[m.fitted == kind]
        nonzero = x[(x[list(RUNS)] > 0).all(axis=1)]
        base = log_error(x["baseline"], x.observed)
        for run in RUNS:
            err = log_error(x[run], x.observed)
            diff = err - base
            rows.append(
                {
                    "rows": kind,
                    "run": run,
                    "n": len(x),
                    "mean": round(err.mean(), 3),
                    "median": round(err.median(), 3),
                    "n_nonzero": len(nonzero),
                    "mean_nonzero": round(log_error(nonzero[run], nonzero.observed).mean(), 3),
                    "closer": int((diff < -0.02).sum()),
                    "further": int((diff > 0.02).sum()),
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    table = summary(merged())
    table.to_csv(HERE / "summary.csv", index=False)
    print(table.to_markdown(index=False))


if __name__ == "__main__":
    main()
