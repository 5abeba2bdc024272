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

from sim.care.outcomes import QualityOfLife
from sim.care.waiting_list import Admissions, add_to_list, admit
from sim.money.case_mix import CaseMix, complexity
from sim.money.tariff import average_elective_tariff, outpatient_episode_tariff
from sim.outcomes.acute_events import Emergencies, draw_emergencies
from sim.outcomes.cancer_pathway import CancerMonth, step_cancer, withheld_needed_share
from sim.outcomes.missed_referrals import missed_referral_monthly, withhold_referrals
from sim.outcomes.treatment_trend import treatment_factor
from sim.people.age_profile import BANDS, AgeProfile
from sim.people.draws import add_counts, draw_from_cumulative
from sim.people.kernels import care_rates, expected_sums
from sim.people.population import QUINTILES, Population
from sim.people.rates import (
    BandRates,
    acs_share,
    gp_referrals_per_month,
    other_first_outpatient_per_month,
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
    practice_referral_withheld: np.ndarray  # per practice, referral propensity given up

    def same_as(self, other: Providers) -> bool:
        """Whether both give the same rates (so expected activity need not be redone)."""
        return self.care_plan_effect == other.care_plan_effect and all(
            np.array_equal(getattr(self, name), getattr(other, name))
            for name in ("practice_referral", "practice_prescribing", "trust_admitting",
                         "elective_capacity", "practice_emergency", "practice_substitution"))


@dataclass(frozen=True)
class CareMonth:
    """Activity this month, by practice (p), trust (t) or deprivation quintile (q).

    Values are pounds at full tariff (case-mix prices for spells,
    ``sim.money.case_mix``), before any marginal rule or block contract.
    """

    consultations_p: np.ndarray
    referrals_p: np.ndarray
    first_outpatient_p: np.ndarray  # hospital first attendances of each practice's people
    first_outpatient_t: np.ndarray
    follow_up_p: np.ndarray
    follow_up_t: np.ndarray
    decisions_to_admit_t: np.ndarray
    electives: Admissions
    electives_p: np.ndarray
    day_cases_t: np.ndarray
    ae_t: np.ndarray
    emergency_p: np.ndarray
    emergency_t: np.ndarray
    emergency_q: np.ndarray
    emergency_b: np.ndarray  # by age band
    quality: QualityOfLife  # everyone's quality of life this month (sim.care.outcomes)
    emergency_acs: int
    emergencies: Emergencies  # acute events and short stays added (sim.outcomes)
    cancer: CancerMonth  # the cancer pathway (sim.outcomes.cancer_pathway)
    referrals_needed_withheld: int
    prescribing_items_p: np.ndarray
    emergency_value_p: np.ndarray  # pounds
    emergency_value_t: np.ndarray  # pounds
    elective_value_p: np.ndarray  # pounds: planned admissions
    elective_value_t: np.ndarray  # pounds: planned admissions (day cases and ordinary)
    outpatient_value_p: np.ndarray  # pounds: hospital first attendances with follow-ups
    prescribing_value_p: np.ndarray  # pounds
    community_outpatient_value_p: np.ndarray  # pounds, first attendances in the community

    @property
    def emergency(self) -> int:
        return int(self.emergency_t.sum())

    @property
    def hospital_value_p(self) -> np.ndarray:
        """Pounds at full tariff of each practice's hospital care (all but A&E)."""
        return self.emergency_value_p + self.elective_value_p + self.outpatient_value_p


def step_care(population: Population, band: np.ndarray, providers: Providers, month: int,
              params: WorldParameters, rates: BandRates, case_mix: CaseMix,
              draws: MonthDraws, profile: AgeProfile) -> CareMonth:
    """Draw this month's care events and update people's utilisation.

    ``band`` is each row's age band this month; ``profile`` gives each band's quality
    of life (``CareMonth.quality``). Multipliers are zero for people who are not alive,
    so rates need no separate mask. Each kind of event draws from its
    own stream (``draws``), so scenarios keep common random numbers where they agree.
    """
    pop = population
    n_practices = len(providers.practice_referral)
    n_trusts = len(providers.trust_admitting)

    def by_practice(rows, weights=None):
        return np.bincount(pop.practice[rows], weights=weights, minlength=n_practices)

    def by_trust(rows, weights=None):
        return np.bincount(pop.trust[rows], weights=weights, minlength=n_trusts)

    needed_withheld = withhold_referrals(
        pop, band, rates, providers.practice_referral_withheld, month,
        params.needed_share_of_withheld_referrals, draws["referrals_withheld"])
    expected = _expected_care(pop, band, providers, month, params, rates, profile)
    consultations = draws["consultations"].poisson(expected.consultations_p)

    rng = draws["first_outpatient"]
    first = draw_from_cumulative(expected.first_cumulative, rng)
    gp_rate = gp_referrals_per_month(band[first], pop.m_referral[first],
                                     providers.practice_referral[pop.practice[first]], rates)
    other_rate = other_first_outpatient_per_month(band[first], pop.m_other_first[first], rates)
    by_gp = rng.random(len(first)) * (gp_rate + other_rate) < gp_rate
    referred = first[by_gp]
    in_community = rng.random(len(first)) < providers.practice_substitution[pop.practice[first]]
    hospital_first = first[~in_community]
    follow_ups = rng.poisson(params.follow_up_per_first, len(hospital_first))

    decided = first[rng.random(len(first)) < params.decisions_to_admit_per_first]
    add_to_list(pop, decided, month)
    electives = admit(pop, providers.elective_capacity, month,
                      params.elective_minimum_wait_months)
    admitted = electives.rows
    elective_price, day_case = case_mix.elective_prices(
        band[admitted], complexity(pop.log_frailty[admitted], pop.ltc[admitted], params),
        params, draws["electives"])

    ae_t = draws["ae"].poisson(expected.ae_t)
    cancer = step_cancer(pop, withheld_needed_share(
        providers.practice_referral, providers.practice_referral_withheld,
        params.needed_share_of_withheld_referrals), params, draws["cancer"],
        draws["cancer_onset"])
    rng = draws["emergency"]
    emergencies = draw_emergencies(pop, band, expected.acute_cumulative,
                                   providers.trust_admitting, rates, rng,
                                   draws["acute_events"], draws["short_stays"],
                                   cancer.emergency_rows, treatment_factor(params, month))
    emergency = emergencies.admitted
    acs = int(np.count_nonzero(rng.random(len(emergency)) < acs_share(pop.ltc[emergency],
                                                                        params)))
    emergency_price = case_mix.emergency_prices(
        band[emergency], complexity(pop.log_frailty[emergency], pop.ltc[emergency], params),
        params, rng)
    items = draws["prescribing"].poisson(expected.prescribing_p)

    episode = outpatient_episode_tariff(params)
    _record_utilisation(pop, first, admitted, elective_price, emergency, emergency_price,
                        episode)
    return CareMonth(
        consultations_p=consultations,
        referrals_p=by_practice(referred),
        first_outpatient_p=by_practice(hospital_first),
        first_outpatient_t=by_trust(hospital_first),
        follow_up_p=by_practice(hospital_first, follow_ups).astype(np.int64),
        follow_up_t=by_trust(hospital_first, follow_ups).astype(np.int64),
        decisions_to_admit_t=by_trust(decided),
        electives=electives,
        electives_p=by_practice(admitted),
        day_cases_t=by_trust(admitted[day_case]),
        ae_t=ae_t,
        emergency_p=by_practice(emergency),
        emergency_t=by_trust(emergency),
        emergency_q=np.bincount(pop.deprivation[emergency], minlength=5),
        emergency_b=np.bincount(band[emergency], minlength=len(BANDS)),
        quality=expected.quality,
        emergency_acs=acs,
        emergencies=emergencies,
        cancer=cancer,
        referrals_needed_withheld=needed_withheld,
        prescribing_items_p=items,
        emergency_value_p=by_practice(emergency, emergency_price),
        emergency_value_t=by_trust(emergency, emergency_price),
        elective_value_p=by_practice(admitted, elective_price),
        elective_value_t=by_trust(admitted, elective_price),
        outpatient_value_p=by_practice(hospital_first) * episode,
        prescribing_value_p=items * params.cost_per_item,
        community_outpatient_value_p=by_practice(first[in_community]) * episode
        * params.community_outpatient_cost_share,
    )


@dataclass(frozen=True)
class ExpectedCare:
    """This month's expected care from one compiled pass (``sim.people.kernels.care_rates``):
    totals per practice (p) or trust (t), running totals over people for the events
    drawn per person, and the month's quality of life (with the living people by age
    band and quintile)."""

    consultations_p: np.ndarray
    prescribing_p: np.ndarray
    ae_t: np.ndarray
    first_cumulative: np.ndarray  # first outpatient attendances: GP referrals and others
    acute_cumulative: np.ndarray  # acute events (care_factor and missed referrals applied)
    quality: QualityOfLife


def _expected_care(pop: Population, band: np.ndarray, providers: Providers, month: int,
                   params: WorldParameters, rates: BandRates,
                   profile: AgeProfile) -> ExpectedCare:
    """Every rate of the month for everyone, in one pass: the rules of
    ``sim.people.rates`` with the practices' factors, ``care_factor`` and
    ``missed_referral_rate``; each person's expected consultations are added to their
    year's. The month's quality of life (``hrqol_weight``, by ``profile``) is summed in
    the same pass."""
    practice_emergency, care_plan_effect = _care_factors(pop, providers)
    *care, quality_total, people, lived = care_rates(
        band, pop.practice, pop.trust, pop.alive, pop.m_consultation, pop.m_referral,
        pop.m_other_first, pop.m_ae, pop.m_prescribing, pop.m_emergency, pop.care_plan,
        pop.missed_referral_until, rates.consultations, rates.referrals, rates.other_first,
        rates.ae, rates.prescribing, rates.emergency, providers.practice_referral,
        providers.practice_prescribing, practice_emergency, care_plan_effect, month,
        missed_referral_monthly(pop, month, params.missed_referral_emergency_risk),
        pop.expected_consultations_this_year, len(providers.practice_referral),
        len(providers.trust_admitting), len(BANDS), pop.deprivation, pop.ltc,
        profile["hrqol_weight"], rates.ltc_mean, params.qaly_ltc_decrement, QUINTILES)
    return ExpectedCare(*care, QualityOfLife(quality_total, people, lived))


def admitting_factor(pop: Population, providers: Providers):
    """Per person: the trust's admitting times the care they get (``care_factor``): the
    expected admissions (acute events and the short stays a trust adds)."""
    return providers.trust_admitting[pop.trust] * care_factor(pop, providers)


def _care_factors(pop: Population, providers: Providers) -> tuple[np.ndarray, float]:
    """``care_factor``'s practice factors (empty when they are all 1) and care-plan
    effect (0 when it acts on no one), as the compiled passes take them."""
    emergency = providers.practice_emergency
    effect = float(providers.care_plan_effect)
    return (emergency if np.any(emergency != 1.0) else np.empty(0),
            effect if effect > 0 and pop.care_plan.any() else 0.0)


def care_factor(pop: Population, providers: Providers):
    """Per person: how their practice's LTC management and a care plan change their
    rate of acute events. Factors that are 1 for everyone (as under PCT commissioning)
    are skipped."""
    practice_emergency, care_plan_effect = _care_factors(pop, providers)
    factor = np.ones(1)
    if practice_emergency.size:
        factor = practice_emergency[pop.practice]
    if care_plan_effect > 0:
        factor = factor * (1.0 - care_plan_effect * pop.care_plan)
    return factor


def _record_utilisation(pop: Population, first: np.ndarray, admitted: np.ndarray,
                        elective_price: np.ndarray, emergency: np.ndarray,
                        emergency_price: np.ndarray, outpatient_episode: float) -> None:
    """Per-person hospital use this year, at tariff (what risk tools and PBRA would see).

    A first attendance counts at the price of the episode (with its expected
    follow-ups), wherever it happened. A&E attendances are drawn as totals per trust,
    so they are not in the person's cost. (Expected consultations are added by
    ``_expected_care``.)
    """
    add_counts(pop.emergency_this_year, emergency)
    add_counts(pop.outpatient_this_year, first)
    add_counts(pop.elective_this_year, admitted)
    for cost in (pop.hospital_cost_this_year, pop.elective_cost_this_year):
        add_counts(cost, first, outpatient_episode)
        np.add.at(cost, admitted, elective_price)
    np.add.at(pop.hospital_cost_this_year, emergency, emergency_price)


@dataclass(frozen=True)
class ExpectedMonth:
    """Expected activity for a month at current rates (no random draws), by trust (t)
    or practice (p); values are pounds at full tariff with case-mix prices."""

    emergency_t: np.ndarray
    first_outpatient_t: np.ndarray
    decisions_to_admit_t: np.ndarray
    emergency_value_t: np.ndarray
    elective_value_t: np.ndarray  # planned admissions
    value_t: np.ndarray  # all hospital care and A&E
    prescribing_value: float
    ae_t: np.ndarray
    emergency_value_p: np.ndarray
    planned_value_p: np.ndarray  # planned admissions and outpatient episodes
    prescribing_value_p: np.ndarray

    def value_by_category(self, params: WorldParameters, trust: int) -> dict[str, float]:
        """Expected tariff value for one trust, by spending category (pounds)."""
        return {
            "acute_emergency": float(self.emergency_value_t[trust]),
            "acute_elective": float(self.elective_value_t[trust]),
            "outpatient": float(self.first_outpatient_t[trust])
            * outpatient_episode_tariff(params),
            "ae": float(self.ae_t[trust]) * params.tariff_ae,
        }


def expected_month(population: Population, providers: Providers, params: WorldParameters,
                   rates: BandRates, case_mix: CaseMix) -> ExpectedMonth:
    """What this month should bring on average: used to plan the year."""
    pop = population
    band = pop.band  # kept with age (sim.people.ageing)
    n_trusts = len(providers.trust_admitting)
    n_practices = len(providers.practice_referral)

    # every rate of sim.people.rates with the providers' factors and the case mix's
    # prices, summed by trust and by practice in one compiled pass (np.bincount's sums)
    (emergency_t, first_t, ae, emergency_value_t, elective_value_t), \
        (emergency_value_p, planned_value_p, items_p), items = expected_sums(
            band, pop.practice, pop.trust, pop.care_plan, pop.m_emergency, pop.m_referral,
            pop.m_other_first, pop.m_ae, pop.m_prescribing,
            complexity(pop.log_frailty, pop.ltc, params), rates.emergency, rates.referrals,
            rates.other_first, rates.ae, rates.prescribing,
            case_mix.band_prices("emergency"), case_mix.band_prices("elective"),
            providers.trust_admitting, *_care_factors(pop, providers),
            providers.practice_referral, providers.practice_prescribing,
            params.tariff_emergency, params.decisions_to_admit_per_first,
            average_elective_tariff(params), outpatient_episode_tariff(params), n_trusts,
            n_practices)
    return ExpectedMonth(
        emergency_t=emergency_t,
        first_outpatient_t=first_t,
        decisions_to_admit_t=first_t * params.decisions_to_admit_per_first,
        emergency_value_t=emergency_value_t,
        elective_value_t=elective_value_t,
        value_t=(emergency_value_t + elective_value_t + first_t * outpatient_episode_tariff(params)
                 + ae * params.tariff_ae),
        prescribing_value=float(items.sum()) * params.cost_per_item,
        ae_t=ae,
        emergency_value_p=emergency_value_p,
        planned_value_p=planned_value_p,
        prescribing_value_p=items_p * params.cost_per_item,
    )
