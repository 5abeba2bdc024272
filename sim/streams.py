"""Named, independent random streams derived from one seed.

Two scenarios run with the same seed and replicate should share common random numbers
wherever their rules agree, so that their difference is the policy, not noise. So:
- set-up and slow processes have one stream each for the run (``make_streams``);
- every monthly draw (deaths, referrals, emergency admissions, ...) has a fresh stream
  per month (``MonthDraws``), so a different number of, say, emergency admissions in one
  scenario does not shift the random numbers of its referrals or of later months.
No global random state.
"""

from __future__ import annotations

import numpy as np

STREAMS: tuple[str, ...] = ("setup", "behaviour", "outcomes", "mesa")


DRAWS: tuple[str, ...] = (
    "deaths", "leavers", "ltc_onset", "births", "registrations", "frailty",
    "consultations", "first_outpatient", "electives", "ae", "emergency", "prescribing",
    "referrals_withheld", "acute_events", "condition_onset", "short_stays",
    "cancer_deaths", "cancer", "cancer_onset", "severity",
)


class MonthDraws:
    """The generators of one month's draws, created on first use.

    ``prefix`` is the replicate, as a tuple: ``(replicate,)`` (tests that need
    independent runs from one starting population extend it).
    """

    def __init__(self, seed: int, prefix: tuple[int, ...], month: int) -> None:
        self.seed, self.prefix, self.month = seed, prefix, month
        self._made: dict[str, np.random.Generator] = {}

    def __getitem__(self, draw: str) -> np.random.Generator:
        if draw not in self._made:
            key = (*self.prefix, len(STREAMS) + 1 + DRAWS.index(draw), self.month)
            self._made[draw] = np.random.default_rng(np.random.SeedSequence(self.seed,
                                                                            spawn_key=key))
        return self._made[draw]


def make_streams(seed: int, replicate: int = 0) -> dict[str, np.random.Generator]:
    """One generator per named stream for this seed and replicate."""
    return {
        name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replicate, i)))
        for i, name in enumerate(STREAMS)
    }
