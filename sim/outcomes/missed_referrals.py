"""Needed referrals withheld: the harm of doing less.

When an incentive lowers a practice's referrals below its own propensity (a budget to
protect, savings to share, advice instead of a referral), the referrals it no longer
makes are mostly discretionary: practices' rates differ two- to threefold with little
of it explained by need. A share (``needed_share_of_withheld_referrals``) were needed,
and each of those raises the person's risk of an emergency admission over the next
year by ``missed_referral_emergency_risk`` (an acute event: it carries the risk of
death and QALY loss of any other). Under PCT commissioning no referral is withheld, so
the mechanism is silent there.

Approximation: the harm is a flat extra risk for 12 months whatever the condition.
Cancer has its own course: an urgent cancer referral withheld leaves the cancer
undiagnosed, to spread or present as an emergency (``sim.outcomes.cancer_pathway``).
"""

from __future__ import annotations

import numpy as np

from sim.people.draws import draw_from_cumulative
from sim.people.kernels import cumulative_referral_rate
from sim.people.population import Population
from sim.people.rates import BandRates

HARM_MONTHS = 12  # assumption: the missed condition presents within a year, if at all


def withhold_referrals(population: Population, band: np.ndarray, rates: BandRates,
                       withheld_by_practice: np.ndarray, month: int, needed_share: float,
                       rng: np.random.Generator) -> int:
    """Draw the needed referrals withheld this month and mark the people; returns how
    many. ``withheld_by_practice`` is the referral propensity each practice gave up."""
    if not np.any(withheld_by_practice > 0):
        return 0
    withheld = draw_from_cumulative(cumulative_referral_rate(  # gp_referrals_per_month
        band, population.practice, population.m_referral, rates.referrals,
        withheld_by_practice), rng)
    needed = np.unique(withheld[rng.random(len(withheld)) < needed_share])
    population.missed_referral_until[needed] = month + HARM_MONTHS
    return len(needed)


def missed_referral_rate(population: Population, month: int,
                         yearly_risk: float) -> np.ndarray | None:
    """Each row's extra acute-event rate this month from a withheld needed referral
    (None when nobody has one, so the common case costs one comparison)."""
    monthly = missed_referral_monthly(population, month, yearly_risk)
    if monthly == 0.0:
        return None
    return monthly * ((population.missed_referral_until > month) & population.alive)


def missed_referral_monthly(population: Population, month: int, yearly_risk: float) -> float:
    """The extra acute-event rate a month of someone living with a withheld needed
    referral (0 when nobody has one)."""
    if yearly_risk <= 0 or not np.any(population.missed_referral_until > month):
        return 0.0
    return float(-np.log1p(-min(yearly_risk, 0.999999)) / HARM_MONTHS)
