"""A month of ageing: everyone's age, their age band, and the parts of their rates that
grow exponentially with age, advanced together in one pass.

Two rates grow exponentially with age: the Gompertz part of the death rate
(``exp(intercept + gradient x age)``, ``sim.people.rates.gompertz_term``) and the
expected number of long-term conditions (``sim.people.population.expected_ltc``), whose
slope is the onset rate. Computing ``exp`` for every person every month was the largest
single cost of a month (about 5 ms for 340,000 people, twice). So each person's two
terms are population columns: a month of age multiplies them by ``exp(gradient / 12)``,
and they are computed afresh whenever the person's multipliers are
(``sim.people.risk_factors.refresh_multipliers``: arrivals and changes monthly,
everyone once a year). A product of a dozen monthly factors differs from a fresh ``exp``
in the last bits only: the rates, and so the distributions, are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.people.age_profile import BAND_OF_WHOLE_YEAR, OLDEST_AGE, band_of
from sim.people.kernels import advance_age
from sim.people.population import Population, expected_ltc
from sim.people.rates import MONTHS_PER_YEAR, BandRates, gompertz_term

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters


def age_one_month(population: Population, params: WorldParameters,
                  rates: BandRates) -> np.ndarray:
    """Everyone a month older, with their band and exponential age terms. Returns the
    running total of the month's death rates at the new ages (``mortality_per_month``,
    from the kept Gompertz term), made in the same compiled pass because it reads the
    same columns: the deaths are drawn from it (``sim.people.demography``)."""
    years = 1.0 / MONTHS_PER_YEAR
    return advance_age(population.age, population.band, population.gompertz_term,
                       population.ltc_expected, years,
                       float(np.exp(params.mortality_age_gradient * years)),
                       float(np.exp(params.ltc_age_gradient * years)), BAND_OF_WHOLE_YEAR,
                       OLDEST_AGE, population.m_mortality, rates.mortality,
                       params.mortality_background, params.mortality_infant)


def refresh_age_terms(population: Population, params: WorldParameters,
                      rows: np.ndarray | slice) -> None:
    """Compute the band and age terms of ``rows`` afresh from their age."""
    age = population.age[rows]
    population.band[rows] = band_of(age)
    population.gompertz_term[rows] = gompertz_term(age, params)
    population.ltc_expected[rows] = expected_ltc(age, population.deprivation[rows], params)
