"""People and agents: one place that says how a count of simulated agents becomes people.

A run simulates `agents` agents for a scenario whose population tables count real people; each
agent stands for `people_per_agent` people (the inverse of `EvacuationModel.scale`). Planners
read people, so every count shown to them is agents x people_per_agent, with the agent count
and the scale beside it so they can judge how many simulated agents a number rests on.

`MIN_AGENTS` is the smallest number of agents a claim may rest on: a group share, a ratio
between groups ("2x as likely") or a group's bar. Below it one agent more or less moves the
number by several percentage points, so such claims are suppressed or marked as unreliable.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Smallest number of simulated agents a group comparison or ratio may rest on.
MIN_AGENTS = 30


def people(agents: float, people_per_agent: float) -> int:
    """A count of agents in (whole) people."""
    return int(round(float(agents) * float(people_per_agent)))


def scale_note(n_agents: int, people_per_agent: float) -> str:
    """'200,000 agents, 1 agent = 10.3 people' (the scale printed beside counts in people)."""
    ppa = float(people_per_agent)
    if math.isclose(ppa, 1.0, rel_tol=1e-9):
        return f"{n_agents:,} agents, 1 agent = 1 person"
    each = f"{ppa:,.0f}" if ppa >= 100 else f"{ppa:,.3g}"
    return f"{n_agents:,} agents, 1 agent = {each} people"


def few_agents(n_agents: float) -> bool:
    """True when a number rests on fewer than MIN_AGENTS agents (NaN counts as few)."""
    return not (n_agents >= MIN_AGENTS)


def count_column(ts: pd.DataFrame) -> str:
    """The time-series column to count with: `people`, or `value` (agents) in tables written
    before runs recorded people (one agent per person there unless the summary says more)."""
    return "people" if "people" in ts.columns else "value"


def largest_remainder(exact: np.ndarray, total: int) -> np.ndarray:
    """Whole counts adding up to `total` from real-valued shares `exact` (which add up to
    `total`): each share rounded down, then the people left over go one each to the largest
    remainders (ties to the first). Scaling a population or splitting a count over groups keeps
    its total exactly this way."""
    exact = np.asarray(exact, dtype=np.float64)
    base = np.floor(exact).astype(np.int64)
    short = int(total - base.sum())
    if short > 0:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:short]] += 1
    return base
