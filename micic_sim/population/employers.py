"""Employers as a reason to leave: each shuts down or leaves at its own time.

In 2011 many migrant workers left Libya because their employer closed the site, left the country
or organised their departure, not because fighting reached them (see the Libya scenario's
SOURCES.md, "Reasons to leave"). Every employer (a firm at one place, or the household of a live-in
domestic worker) has a time-to-event clock: it closes once the integral of
`employer_close_rate x propensity x max(hazard where it works, national alert)` reaches its
Exp(1) budget. Its workers then have `employer_leave_rate` added to their rate of leaving
(kernels.decide). The propensity (mean 1, spread by `employer_heterogeneity`, as people's by
`leave_heterogeneity`) separates firms that pull out in the first weeks (foreign contractors with
evacuation plans) from those that carry on through a long war (households, small businesses):
with identical employers, closures run on at the same pace as long as the danger lasts.
The array work is per employer (thousands), once a step, vectorised.
"""

from __future__ import annotations

import numpy as np

from micic_sim.population.propensity import spread
from micic_sim.rng import STREAMS, uniform_array


class Employers:
    """Per employer: where it works, its closing clock, and whether it has gone."""

    def __init__(
        self, employer: np.ndarray, place: np.ndarray, seed: np.uint64, heterogeneity: float = 0.0
    ) -> None:
        n = int(employer.max(initial=-1)) + 1
        self.place = np.zeros(n, np.int32)
        works = employer >= 0
        self.place[employer[works]] = place[works]  # workers of one employer share its place
        self.budget = -np.log1p(-uniform_array(seed, 0, n, STREAMS["employer"].first))
        self.propensity = np.ones(n)
        if heterogeneity > 0:  # drawn only when used: other streams stay as they were
            e = -np.log1p(-uniform_array(seed, 0, n, STREAMS["employer_spread"].first))
            self.propensity = spread(e, heterogeneity)
        # At least one slot so kernels can index it even when nobody has an employer.
        self.gone = np.zeros(max(n, 1), bool)

    @property
    def n(self) -> int:
        return len(self.place)

    def advance(
        self,
        dt: float,
        rate_per_hazard: float,
        hazard: np.ndarray,
        alert: float,
        everyday: float | np.ndarray = 0.0,
    ) -> None:
        """Run the clocks for one step of dt days; only danger above the insecurity people are
        used to closes firms: `everyday` is Behaviour.everyday_hazard, or per place the level
        people have got used to (micic_sim.habituation)."""
        if rate_per_hazard <= 0 or self.n == 0:
            return
        used_to = everyday if np.isscalar(everyday) else np.asarray(everyday)[self.place]
        danger = np.maximum(np.maximum(hazard[self.place], alert) - used_to, 0.0)
        self.budget -= rate_per_hazard * self.propensity * danger * dt
        self.gone[: self.n] |= self.budget <= 0.0
