"""The cancer pathway each month: new cancers, spread, and how each one is found.

A cancer is found when its host presents with symptoms to the GP, who refers urgently
(the two-week-wait referral), or when it presents as an emergency admission. Which
route, and how soon, sets the stage at diagnosis, and stage sets survival
(``sim.people.cancer``). Here is where commissioning reaches it: a practice that gives
up a share ``f`` of its referral propensity under an incentive (a budget to protect,
savings to share) withholds an urgent cancer referral with probability
``f * needed_share_of_withheld_referrals``; the person stays undiagnosed, the cancer
may spread or present as an emergency, and they present again later at the same rate.
Approximation: that probability treats every referral as needed when sharing out the
needed withheld ones, so it understates the chance if most referrals are discretionary;
in 2008-10 many referral-management schemes exempted two-week-wait referrals, which a
withheld share of zero represents.

Emergency presentations are emergency admissions: the care month adds them to the
acute events it draws (``sim.outcomes.acute_events``), and ``BandRates.fit`` takes their
expected number out of the band rates, so the calibrated total is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.outcomes.treatment_trend import treatment_factor
from sim.people.cancer import (
    DIAGNOSED_EARLY,
    DIAGNOSED_LATE,
    EARLY,
    LATE,
    MONTHS_PER_YEAR,
    NONE,
    StageRates,
    death_per_year,
)
from sim.people.draws import draw_once
from sim.people.population import Population
from sim.people.risk_factors import refresh_cancer_onset

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

MOVES = ("progression", "gp_presentation", "emergency_presentation", "cure")


@dataclass(frozen=True)
class CancerMonth:
    """What happened on the cancer pathway this month (counts, and the rows admitted)."""

    new_cancers: int
    diagnosed_early: int
    diagnosed_late: int
    diagnosed_in_emergency: int  # of the diagnoses: found in an emergency admission
    referrals_withheld: int  # urgent referrals a practice withheld
    emergency_rows: np.ndarray  # people admitted as an emergency with their cancer


def step_cancer(population: Population, withheld_by_practice: np.ndarray,
                params: WorldParameters, moves_rng: np.random.Generator,
                onset_rng: np.random.Generator) -> CancerMonth:
    """Move every cancer along its pathway, then draw new ones.

    ``withheld_by_practice`` is each practice's chance of withholding a needed referral
    (``withheld_needed_share``)."""
    pop, rates = population, StageRates.from_params(params)
    rows = np.flatnonzero((pop.cancer != NONE) & pop.alive)
    move = _draw_moves(pop.cancer[rows], rates, moves_rng)
    presents = move == MOVES.index("gp_presentation")
    withheld = presents & (moves_rng.random(len(rows))
                           < withheld_by_practice[pop.practice[rows]])
    move[withheld] = -1
    state = pop.cancer[rows]
    emergency = move == MOVES.index("emergency_presentation")
    found = presents & ~withheld | emergency
    early_found = found & (state == EARLY)
    state[move == MOVES.index("progression")] = LATE
    state[early_found] = DIAGNOSED_EARLY
    state[found & ~early_found] = DIAGNOSED_LATE
    cured = move == MOVES.index("cure")
    state[cured] = NONE
    pop.cancer[rows] = state
    refresh_cancer_onset(pop, rows[cured])
    new = draw_once(pop.m_cancer_onset, onset_rng)
    pop.cancer[new] = EARLY
    pop.m_cancer_onset[new] = 0.0
    return CancerMonth(len(new), int(early_found.sum()), int((found & ~early_found).sum()),
                       int(emergency.sum()), int(withheld.sum()), rows[emergency])


def _draw_moves(state: np.ndarray, rates: StageRates, rng: np.random.Generator) -> np.ndarray:
    """Which move (index into ``MOVES``) each person makes this month, or -1 for none:
    competing risks, with probability ``1 - exp(-total / 12)`` of any move."""
    by_move = np.stack([getattr(rates, name)[state] for name in MOVES], axis=1)
    total = by_move.sum(axis=1)
    moves = rng.random(len(state)) < -np.expm1(-total / MONTHS_PER_YEAR)
    pick = rng.random(len(state)) * total
    which = (np.cumsum(by_move, axis=1) < pick[:, None]).sum(axis=1)
    return np.where(moves, np.minimum(which, len(MOVES) - 1), -1)


def withheld_needed_share(practice_referral: np.ndarray, practice_withheld: np.ndarray,
                          needed_share: float) -> np.ndarray:
    """Each practice's chance of withholding an urgent referral: the share of its
    referral propensity it gave up, times the share of withheld referrals that were
    needed (see the module docstring for why this is a lower estimate)."""
    before = practice_referral + practice_withheld
    given_up = np.divide(practice_withheld, before, out=np.zeros_like(before),
                         where=before > 0)
    return given_up * needed_share


def cancer_deaths(population: Population, params: WorldParameters, month: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Rows of living people whose cancer kills them in simulated month ``month``
    (sorted); treatment improves over the years (``sim.outcomes.treatment_trend``)."""
    rows = np.flatnonzero((population.cancer != NONE) & population.alive)
    rate = (death_per_year(population.cancer[rows], population.age[rows], params)
            / MONTHS_PER_YEAR * treatment_factor(params, month))
    dies = rng.random(len(rows)) < -np.expm1(-rate)
    return rows[dies]

