"""Validation of simulated displacement against observed counts.

:mod:`micic_sim.validation.flee_data` reads validation folders in the format of Flee (the
refugee-movement agent-based model) and computes its headline error measure, the averaged
relative difference (ARD; Suleimenova, Bell and Groen 2017).
"""

from micic_sim.validation.flee_data import (
    FleeValidationData,
    RegistrationCorrection,
    apply_registration_corrections,
    ard,
    camp_curves,
    daily_relative_difference,
    interpolate_daily,
    read_count_file,
    read_registration_corrections,
    read_validation_folder,
)

__all__ = [
    "FleeValidationData",
    "RegistrationCorrection",
    "apply_registration_corrections",
    "ard",
    "camp_curves",
    "daily_relative_difference",
    "interpolate_daily",
    "read_count_file",
    "read_registration_corrections",
    "read_validation_folder",
]
