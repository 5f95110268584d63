"""Population sizes per scale and the model's fixed parameters (wages, seasons, RNI dates).

The figures are documented in ``sample_data/generator.py``'s module docstring; changing one
changes the bytes of every generated inbox (see ``tests/test_generator_bytes.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scale:
    """Population sizes of one scale (counts of persons per segment, employers)."""

    residents: int
    dutch_abroad: int
    historic_migrants: int
    arrivals_per_month: int
    longterm_rni_workers: int
    unknown_bsn: int
    multi_bsn: int
    employers: int
    scheduled_events: int = 0  # extra departures and deaths of employed residents per month, each
    chunk: int = 1_000_000


SCALES: dict[str, Scale] = {
    "small": Scale(6_000, 800, 500, 10, 40, 3, 3, 400, scheduled_events=2),
    "medium": Scale(1_800_000, 240_000, 150_000, 3_000, 12_000, 600, 150, 50_000),
    "national": Scale(18_000_000, 2_400_000, 1_500_000, 30_000, 120_000, 6_000, 1_500, 500_000),
}

MIN_WAGE = 14.71  # euro an hour, approximately the 2026 statutory minimum wage
FIRST_RNI_MONTH = 2014 * 12  # the RNI exists since January 2014
STAY_ADDRESS_MONTH = 2022 * 12 + 10  # stay addresses can be registered from November 2022
RNI_DEATH_SHARE = 0.004

ARRIVAL_SEASON = np.array([0.6, 0.7, 1.1, 1.4, 1.5, 1.4, 1.3, 1.1, 1.0, 0.9, 0.7, 0.5])
HOURS_SEASON = np.array([0.85, 0.85, 1.0, 1.0, 1.12, 1.12, 1.12, 1.12, 1.0, 1.0, 1.0, 0.85])
