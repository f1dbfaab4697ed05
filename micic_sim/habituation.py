"""The danger people are used to: habituation to a hazard that lasts.

In 2011 migrants left Libya in a burst when the danger came and far fewer later while it went
on: ~140,000 Egyptians in the first week (IOM), 79,369 Egyptians into Egypt by 27 Mar and
82,218 by 10 Apr; "Thousands have remained in Tripoli" through the war (IOM/UNHCR, Aug 2011).
A hazard rate integrated as it stands sends people out at the same pace as long as it lasts;
people answer the danger above what they have got used to. Per place, the level people are used
to starts at `everyday_hazard` (what they lived with before the crisis) and relaxes towards the
hazard there with a time constant of `habituation_days`; it never falls below the everyday
level. Only danger above it drives people (kernels.decide) and their employers
(population/employers.py) out. With `habituation_days` 0 it stays at `everyday_hazard`.
"""

from __future__ import annotations

import numpy as np


def habituate(
    used_to: np.ndarray, hazard: np.ndarray, dt: float, days: float, everyday: float
) -> None:
    """Move each place's level people are used to one step of dt days towards its hazard (in
    place): exact for a hazard that is constant over the step."""
    if days <= 0:
        return
    used_to += (hazard - used_to) * (1.0 - np.exp(-dt / days))
    np.maximum(used_to, everyday, out=used_to)
