"""The year-end census: the living registered population counted once for the year's
measures (``sim.results.accounts.record_year_measures``).

Why: the year's long-term-condition prevalence, each named condition's QOF prevalence
and severe share, and every practice's list profile each made their own passes and
temporaries over the population (about 12 ms a year at 340,000 people); they are all
counts of the same living people, so one compiled pass (``census_counts``) makes them
all. The shares are the counts' ratios, so each is the same number to the last bit as
its definition by numpy (``sim.people.conditions.prevalence_of``,
``sim.people.severity.severe_share_of``; checked in ``tests/test_census.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.people.age_profile import BANDS
from sim.people.conditions import ADULT_REGISTERS, CONDITIONS, QOF_DIABETES_MIN_AGE
from sim.people.kernels import census_counts
from sim.people.population import Population

ADULT_ONLY = np.array([name in ADULT_REGISTERS for name in CONDITIONS])  # by bit


@dataclass(frozen=True)
class Census:
    """Counts of the living people (``census_counts``): per named condition (in
    ``CONDITIONS``' order) and per practice x age band."""

    living: int
    with_ltc: int
    on_register: np.ndarray  # counted on each condition's register
    on_register_holding: np.ndarray  # of those, holding the condition
    holding: np.ndarray  # living people holding each condition
    holding_severely: np.ndarray  # of those, with a severe case
    by_practice_band: np.ndarray  # practices x BANDS
    imd_by_practice: np.ndarray  # summed IMD score of each practice's living patients

    @classmethod
    def of(cls, population: Population, n_practices: int) -> Census:
        pop = population
        return cls(*census_counts(pop.alive, pop.age, pop.band, pop.practice,
                                  pop.conditions, pop.severe, pop.ltc, pop.imd_score,
                                  ADULT_ONLY, QOF_DIABETES_MIN_AGE, n_practices,
                                  len(BANDS)))

    @property
    def ltc_prevalence(self) -> float:
        """Share of the living with at least one long-term condition."""
        return _share(self.with_ltc, self.living)

    def prevalence(self, name: str) -> float:
        """Share on the condition's QOF register (``prevalence_of``)."""
        k = CONDITIONS.index(name)
        return _share(self.on_register_holding[k], self.on_register[k])

    def severe_share(self, name: str) -> float:
        """Share of the living with the condition whose case is severe
        (``severe_share_of``)."""
        k = CONDITIONS.index(name)
        return _share(self.holding_severely[k], self.holding[k])


def _share(part: int, whole: int) -> float:
    """``part / whole``; NaN when there is no one to count (as numpy's mean of none)."""
    return float(part) / float(whole) if whole else float("nan")
