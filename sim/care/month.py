"""A month of care events, drawn for everyone at once.

GP consultations and prescribing are needed only as totals, so they are drawn per
practice. Referrals, first outpatient attendances, A&E attendances, emergency and
elective admissions are drawn per person (``sim.people.draws``), because who used care feeds
risk tools and person-based budgets. Referrals become first attendances in the same
month (the outpatient wait is not modelled; the elective wait is).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.care.waiting_list import Admissions, add_to_list, admit
from sim.money.tariff import average_elective_tariff, outpatient_episode_tariff
from sim.people.age_profile import BANDS, band_of
from sim.people.draws import add_counts, draw_events, poisson_totals
from sim.people.population import Population
from sim.people.rates import (
    BandRates,
    acs_share,
    ae_per_month,
    consultations_per_month,
    emergency_per_month,
    gp_referrals_per_month,
    other_first_outpatient_per_month,
    prescribing_per_month,
)
from sim.streams import MonthDraws

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters


@dataclass(frozen=True)
class Providers:
    """What the organisations contribute to this month's rates (arrays by index)."""

    practice_referral: np.ndarray  # per practice, relative referral propensity
    practice_prescribing: np.ndarray  # per practice, relative prescribing propensity
    trust_admitting: np.ndarray  # per trust, short-stay admitting factor
    elective_capacity: np.ndarray  # per trust, admissions this month
    practice_emergency: np.ndarray  # per practice, LTC-management factor on admissions
    practice_substitution: np.ndarray  # per practice, share of first attendances in community
    care_plan_effect: float  # reduction in admission risk with a care plan


@dataclass(frozen=True)
class CareMonth:
    """Activity this month, by practice (p), trust (t) or deprivation quintile (q)."""

    consultations_p: np.ndarray
    referrals_p: np.ndarray
    first_outpatient_t: np.ndarray
    follow_up_t: np.ndarray
    decisions_to_admit_t: np.ndarray
    electives: Admissions
    day_cases_t: np.ndarray
    ae_t: np.ndarray
    emergency_p: np.ndarray
    emergency_t: np.ndarray
    emergency_q: np.ndarray
    emergency_b: np.ndarray  # by age band
    population_b: np.ndarray  # people alive by age band (after demography)
    emergency_acs: int
    prescribing_items_p: np.ndarray
    hospital_value_p: np.ndarray  # pounds at full tariff of each practice's hospital care
    prescribing_value_p: np.ndarray  # pounds
    community_outpatient_value_p: np.ndarray  # pounds, first attendances in the community

    @property
    def emergency(self) -> int:
        return int(self.emergency_t.sum())


def step_care(population: Population, band: np.ndarray, providers: Providers, month: int,
              params: WorldParameters, rates: BandRates, draws: MonthDraws) -> CareMonth:
    """Draw this month's care events and update people's utilisation.

    ``band`` is each row's age band this month. Multipliers are zero for people who
    are not alive, so rates need no separate mask. Each kind of event draws from its
    own stream (``draws``), so scenarios keep common random numbers where they agree.
    """
    pop = population
    alive = pop.alive
    n_practices = len(providers.practice_referral)
    n_trusts = len(providers.trust_admitting)

    expected_consult = consultations_per_month(band, pop.m_consultation, rates)
    consultations = poisson_totals(expected_consult, pop.practice, n_practices,
                                   draws["consultations"])

    gp_rate = gp_referrals_per_month(band, pop.m_referral,
                                     providers.practice_referral[pop.practice], rates)
    other_rate = other_first_outpatient_per_month(band, pop.m_other_first, rates)
    rng = draws["first_outpatient"]
    first = draw_events(gp_rate + other_rate, rng)
    by_gp = rng.random(len(first)) * (gp_rate[first] + other_rate[first]) < gp_rate[first]
    referred = first[by_gp]
    in_community = rng.random(len(first)) < providers.practice_substitution[pop.practice[first]]
    hospital_first = first[~in_community]
    first_t = np.bincount(pop.trust[hospital_first], minlength=n_trusts)
    follow_up_t = rng.poisson(params.follow_up_per_first * first_t)

    decided = first[rng.random(len(first)) < params.decisions_to_admit_per_first]
    add_to_list(pop, decided, month)
    electives = admit(pop, providers.elective_capacity, month,
                      params.elective_minimum_wait_months)
    day_cases_t = draws["electives"].binomial(electives.by_trust, params.day_case_share)

    ae_t = poisson_totals(ae_per_month(band, pop.m_ae, rates), pop.trust, n_trusts,
                          draws["ae"])
    rng = draws["emergency"]
    emergency = draw_events(emergency_per_month(
        band, pop.m_emergency, rates, _admitting_factor(pop, providers)), rng)
    acs = int(np.count_nonzero(rng.random(len(emergency)) < acs_share(pop.ltc[emergency],
                                                                        params)))
    items = poisson_totals(prescribing_per_month(
        band, pop.m_prescribing, providers.practice_prescribing[pop.practice], rates),
        pop.practice, n_practices, draws["prescribing"])

    _record_utilisation(pop, expected_consult, first, electives, emergency, params)
    practice = pop.practice
    hospital_value = (
        np.bincount(practice[emergency], minlength=n_practices) * params.tariff_emergency
        + np.bincount(practice[electives.rows], minlength=n_practices)
        * average_elective_tariff(params)
        + np.bincount(practice[hospital_first], minlength=n_practices)
        * outpatient_episode_tariff(params))
    community_value = (np.bincount(practice[first[in_community]], minlength=n_practices)
                       * outpatient_episode_tariff(params)
                       * params.community_outpatient_cost_share)
    return CareMonth(
        consultations_p=consultations,
        referrals_p=np.bincount(pop.practice[referred], minlength=n_practices),
        first_outpatient_t=first_t,
        follow_up_t=follow_up_t,
        decisions_to_admit_t=np.bincount(pop.trust[decided], minlength=n_trusts),
        electives=electives,
        day_cases_t=day_cases_t,
        ae_t=ae_t,
        emergency_p=np.bincount(pop.practice[emergency], minlength=n_practices),
        emergency_t=np.bincount(pop.trust[emergency], minlength=n_trusts),
        emergency_q=np.bincount(pop.deprivation[emergency], minlength=5),
        emergency_b=np.bincount(band[emergency], minlength=len(BANDS)),
        population_b=np.bincount(band[alive], minlength=len(BANDS)),
        emergency_acs=acs,
        prescribing_items_p=items,
        hospital_value_p=hospital_value,
        prescribing_value_p=items * params.cost_per_item,
        community_outpatient_value_p=community_value,
    )


def _admitting_factor(pop: Population, providers: Providers):
    """Per person: the trust's admitting, practice LTC management, care plans.

    Factors that are 1 for everyone (as under PCT commissioning) are skipped.
    """
    factor = providers.trust_admitting[pop.trust]
    if np.any(providers.practice_emergency != 1.0):
        factor = factor * providers.practice_emergency[pop.practice]
    if providers.care_plan_effect > 0 and pop.care_plan.any():
        factor = factor * (1.0 - providers.care_plan_effect * pop.care_plan)
    return factor


def _record_utilisation(pop: Population, expected_consult: np.ndarray, first: np.ndarray,
                        electives: Admissions, emergency: np.ndarray,
                        params: WorldParameters) -> None:
    """Per-person hospital use this year, at tariff (what risk tools and PBRA would see).

    A&E attendances are drawn as totals per trust, so they are not in the person's cost.
    """
    pop.expected_consultations_this_year[:] += expected_consult
    add_counts(pop.emergency_this_year, emergency)
    add_counts(pop.outpatient_this_year, first)
    add_counts(pop.elective_this_year, electives.rows)
    cost = pop.hospital_cost_this_year
    add_counts(cost, emergency, params.tariff_emergency)
    add_counts(cost, first, outpatient_episode_tariff(params))
    add_counts(cost, electives.rows, average_elective_tariff(params))


@dataclass(frozen=True)
class ExpectedMonth:
    """Expected activity for a month at current rates (no random draws), by trust."""

    emergency_t: np.ndarray
    first_outpatient_t: np.ndarray
    decisions_to_admit_t: np.ndarray
    value_t: np.ndarray  # pounds at full tariff
    prescribing_value: float  # pounds
    ae_t: np.ndarray
    emergency_p: np.ndarray  # per practice: expected emergency admissions
    first_outpatient_p: np.ndarray  # per practice: expected first attendances
    prescribing_value_p: np.ndarray  # per practice: pounds

    def value_by_category(self, params: WorldParameters, trust: int) -> dict[str, float]:
        """Expected tariff value for one trust, by spending category (pounds)."""
        return {
            "acute_emergency": float(self.emergency_t[trust]) * params.tariff_emergency,
            "acute_elective": float(self.decisions_to_admit_t[trust])
            * average_elective_tariff(params),
            "outpatient": float(self.first_outpatient_t[trust])
            * outpatient_episode_tariff(params),
            "ae": float(self.ae_t[trust]) * params.tariff_ae,
        }


def expected_month(population: Population, providers: Providers, params: WorldParameters,
                   rates: BandRates) -> ExpectedMonth:
    """What this month should bring on average: used to plan the first year."""
    pop = population
    band = band_of(pop.age)
    n_trusts = len(providers.trust_admitting)

    def by_trust(rate):
        return np.bincount(pop.trust, weights=rate, minlength=n_trusts)

    emergency_rate = emergency_per_month(band, pop.m_emergency, rates,
                                         _admitting_factor(pop, providers))
    first_rate = (gp_referrals_per_month(band, pop.m_referral,
                                         providers.practice_referral[pop.practice], rates)
                  + other_first_outpatient_per_month(band, pop.m_other_first, rates))
    emergency, first = by_trust(emergency_rate), by_trust(first_rate)
    ae = by_trust(ae_per_month(band, pop.m_ae, rates))
    decisions = first * params.decisions_to_admit_per_first
    value = (emergency * params.tariff_emergency + decisions * average_elective_tariff(params)
             + first * outpatient_episode_tariff(params) + ae * params.tariff_ae)
    items = prescribing_per_month(band, pop.m_prescribing,
                                  providers.practice_prescribing[pop.practice], rates)
    n_practices = len(providers.practice_referral)

    def by_practice(rate):
        return np.bincount(pop.practice, weights=rate, minlength=n_practices)

    return ExpectedMonth(emergency, first, decisions, value,
                         float(items.sum()) * params.cost_per_item, ae,
                         by_practice(emergency_rate), by_practice(first_rate),
                         by_practice(items) * params.cost_per_item)
