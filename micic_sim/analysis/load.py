"""Load one run folder or a whole sweep into pandas, the same shape either way.

Charts, comparisons and the report all take a `Results`, so a planner can point any of them at
a single run or at a sweep of levers x seeds without changing anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from micic_sim.analysis.collect import collect, read_run, tidy
from micic_sim.analysis.runs import (
    RunInfo,
    find_runs,
    is_complete,
    read_config,
    read_json,
    read_parquet,
    run_info,
)
from micic_sim.scenario import Scenario, load_scenario


@dataclass
class Results:
    """Tidy tables of one run or a sweep (see analysis.collect for their columns)."""

    root: Path
    timeseries: pd.DataFrame
    outcomes: pd.DataFrame
    runs: list[RunInfo] = field(default_factory=list)

    @property
    def is_sweep(self) -> bool:
        return len(self.runs) > 1

    @property
    def policies(self) -> list[str]:
        """Policies in a readable order: baseline first, all guidelines last."""
        names = sorted({r.policy for r in self.runs})
        first = [p for p in ("baseline",) if p in names]
        last = [p for p in ("guidelines",) if p in names]
        return first + [p for p in names if p not in first + last] + last

    @property
    def scenarios(self) -> list[str]:
        return sorted({r.scenario for r in self.runs})

    @property
    def seeds(self) -> list[int]:
        return sorted({r.seed for r in self.runs})

    def runs_of(self, policy: str) -> list[RunInfo]:
        return [r for r in self.runs if r.policy == policy]

    def institutions(self) -> pd.DataFrame:
        """Per service point: people passed, refused, detained (and `*_agents`), one row per
        run x point."""
        frames = []
        for r in self.runs:
            path = r.path / "institutions.parquet"
            if path.is_file():
                df = read_parquet(path)
                if "passed_agents" not in df.columns:  # written before people were recorded
                    for key in ("passed", "refused", "detained"):
                        df[f"{key}_agents"] = df[key]
                        df[key] = (df[key] * self.people_per_agent(r)).round().astype("int64")
                df.insert(0, "seed", r.seed)
                df.insert(0, "policy", r.policy)
                df.insert(0, "run_id", r.run_id)
                frames.append(df)
        return (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(
                columns=[
                    "run_id",
                    "policy",
                    "seed",
                    "label",
                    "kind",
                    "passed",
                    "refused",
                    "detained",
                    "passed_agents",
                    "refused_agents",
                    "detained_agents",
                ]
            )
        )

    def people_per_agent(self, run: RunInfo | None = None) -> float:
        """People each simulated agent stands for in `run` (default: the first run); 1 for
        runs written before summaries recorded it."""
        o = self.outcomes
        if o.empty or "people_per_agent" not in o.columns:
            return 1.0
        rows = o[o["group_type"].astype(str) == "overall"]
        if run is not None:
            rows = rows[rows["run_id"].astype(str) == run.run_id]
        value = rows["people_per_agent"].dropna()
        return float(value.iloc[0]) if len(value) else 1.0

    def agents_total(self, policy: str | None = None) -> int:
        """Simulated agents per run (of `policy`'s runs, if given)."""
        o = self.outcomes
        if o.empty:
            return 0
        rows = o[o["group_type"].astype(str) == "overall"]
        if policy is not None:
            rows = rows[rows["policy"].astype(str) == policy]
        col = "agents" if "agents" in rows.columns else "population"
        return int(rows[col].iloc[0]) if len(rows) else 0

    def config(self) -> dict:
        """The config of the first run (scenario, days, population are shared in a sweep)."""
        return read_config(self.runs[0].path) if self.runs else {}

    @cached_property
    def scenario(self) -> Scenario | None:
        """The scenario the runs used (for place names, positions and nationality names);
        None if it cannot be found any more (charts then fall back to ids)."""
        if not self.runs:
            return None
        candidates = [self.config().get("scenario")]
        prov = self.runs[0].path / "provenance.json"
        if prov.is_file():
            made = read_json(prov)
            candidates.append(made.get("scenario") if isinstance(made, dict) else None)
        candidates.append(self.runs[0].scenario)
        for name in candidates:
            if not name:
                continue
            try:
                return load_scenario(name)
            except (OSError, ValueError, KeyError):
                continue
        return None

    def agents(self, run: RunInfo) -> pd.DataFrame | None:
        """The final agent table of one run (None if the run did not write it)."""
        path = run.path / "agents.parquet"
        return read_parquet(path) if path.is_file() else None


def load(path: str | Path, *, write_collection: bool = True) -> Results:
    """Load a run folder (one with summary.json) or a sweep folder (collected, with the cache
    of analysis.collect; `write_collection=False` leaves the sweep folder untouched)."""
    root = Path(path)
    if is_complete(root):
        info = run_info(root, root)
        ts, out = read_run(info)
        return Results(root, tidy([ts]), tidy([out]), [info])
    runs = [run_info(r, root) for r in find_runs(root)]
    if not runs:
        raise FileNotFoundError(f"no complete runs (folders with summary.json) under {root}")
    ts, out = collect(root, write=write_collection)
    return Results(root, ts, out, runs)
