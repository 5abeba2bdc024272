"""The patient rules: standardisation of band rates, and the direction of every
person-level multiplier."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import run_model, small_scenario
from hypothesis import given
from hypothesis import strategies as st

from sim import HealthEconomy
from sim.parameters import Parameters
from sim.people.age_profile import BANDS, band_of, load_age_profile
from sim.people.cancer import StageRates, death_per_year, seed_cancers
from sim.people.conditions import BITS, CONDITIONS, emergency_ratio
from sim.people.population import synthesise
from sim.people.rates import (
    MONTHS_PER_YEAR,
    BandRates,
    acs_share,
    ae_multiplier,
    ae_per_month,
    consultation_multiplier,
    consultations_per_month,
    emergency_multiplier,
    emergency_per_month,
    gompertz_makeham_per_year,
    gp_referrals_per_month,
    hrqol_weight,
    ltc_onset_per_month,
    mortality_multiplier,
    mortality_per_month,
    other_first_multiplier,
    other_first_outpatient_per_month,
    prescribing_multiplier,
    prescribing_per_month,
    referral_multiplier,
)
from sim.people.severity import (
    emergency_severity_ratio,
    load_severity_curves,
    mortality_severity_ratio,
)

PARAMS = Parameters()
PROFILE = load_age_profile()
SEVERITY = load_severity_curves()
MULTIPLIER_COLUMNS = {
    "m_mortality": lambda p, prm: mortality_multiplier(p.ltc, p.log_frailty, p.conditions,
                                                       p.severe, prm),
    "m_emergency": lambda p, prm: emergency_multiplier(p.ltc, p.log_frailty, p.deprivation,
                                                       p.conditions, p.severe, prm),
    "m_consultation": lambda p, prm: consultation_multiplier(p.ltc, p.gp_propensity, prm),
    "m_referral": lambda p, prm: referral_multiplier(p.ltc, p.deprivation, prm),
    "m_other_first": lambda p, prm: other_first_multiplier(p.ltc, prm),
    "m_ae": lambda p, prm: ae_multiplier(p.log_frailty, p.deprivation, prm),
    "m_prescribing": lambda p, prm: prescribing_multiplier(p.ltc, prm),
}


class Start:
    """A synthetic starting population with fitted band rates."""

    def __init__(self, params: Parameters = PARAMS, size: int = 40_000, seed: int = 8):
        rng = np.random.default_rng(seed)
        self.pop = pop = synthesise(size, 6, 2, params, PROFILE, rng)
        self.practice_referral = rng.lognormal(-0.02, 0.2, 6)[pop.practice]
        self.practice_prescribing = rng.lognormal(-0.005, 0.1, 6)[pop.practice]
        self.band = band_of(pop.age)
        self.params = params
        seed_cancers(pop, params, rng)
        stages = StageRates.from_params(params)
        self.cancer_death = death_per_year(pop.cancer, pop.age, params) / MONTHS_PER_YEAR
        self.cancer_emergency = stages.emergency_presentation[pop.cancer] / MONTHS_PER_YEAR
        self.rates = BandRates.fit(pop.age, pop.ltc, pop.conditions, pop.severe, pop.log_frailty,
                                   pop.deprivation,
                                   pop.gp_propensity, self.practice_referral,
                                   self.practice_prescribing,
                                   death_per_year(pop.cancer, pop.age, params),
                                   stages.emergency_presentation[pop.cancer], params, PROFILE)

    def band_means(self, values: np.ndarray) -> np.ndarray:
        sums = np.bincount(self.band, weights=values, minlength=len(BANDS))
        return sums / np.bincount(self.band, minlength=len(BANDS))


@pytest.fixture(scope="module")
def start() -> Start:
    return Start()


# --- standardisation ---------------------------------------------------------------------
def test_band_mean_emergency_rate_equals_the_profile_at_the_start(start):
    pop, params = start.pop, start.params
    """Acute events plus the emergencies that find a cancer give each band's rate."""
    rate = emergency_per_month(start.band, emergency_multiplier(
        pop.ltc, pop.log_frailty, pop.deprivation, pop.conditions, pop.severe, params),
        start.rates)
    target = PROFILE["emergency_admissions_per_1000"] / 1000.0 / MONTHS_PER_YEAR
    np.testing.assert_allclose(start.band_means(rate + start.cancer_emergency), target,
                               rtol=1e-10)
    assert start.cancer_emergency.sum() > 0


def test_band_mean_mortality_multiplier_is_standardised(start):
    """Cancer deaths come out of each band's deaths first; the community keeps
    1 - event_death_share of the rest."""
    pop = start.pop
    relative = mortality_multiplier(pop.ltc, pop.log_frailty, pop.conditions, pop.severe,
                                    PARAMS) * start.rates.mortality[start.band] * MONTHS_PER_YEAR
    deaths = start.band_means(gompertz_makeham_per_year(pop.age, PARAMS)) / MONTHS_PER_YEAR
    cancer_share = start.band_means(start.cancer_death) / deaths
    np.testing.assert_allclose(start.band_means(relative),
                               (1.0 - PARAMS.event_death_share) * (1.0 - cancer_share),
                               rtol=1e-10)
    # ONS 2009: cancer causes about a quarter of deaths at 25-44, two-fifths at 45-64
    assert 0.15 < cancer_share[3] < 0.45 and 0.3 < cancer_share[4] < 0.6


def test_deaths_in_the_community_and_after_acute_events_add_up_to_the_band_rate(start):
    """At the start (no trust factor) every admission but those that find a cancer is
    an acute event, so each band's deaths are the community's, plus its acute events
    times their risk of death, plus its cancer deaths."""
    pop = start.pop
    community = mortality_per_month(pop.age, start.band, mortality_multiplier(
        pop.ltc, pop.log_frailty, pop.conditions, pop.severe, PARAMS), PARAMS, start.rates)
    admissions = (PROFILE["emergency_admissions_per_1000"] / 1000.0 / MONTHS_PER_YEAR
                  - start.band_means(start.cancer_emergency))
    total = (start.band_means(community) + admissions * start.rates.event_death
             + start.band_means(start.cancer_death))
    expected = start.band_means(gompertz_makeham_per_year(pop.age, PARAMS)) / MONTHS_PER_YEAR
    # 85+: older people in the band have more conditions, so age and the multiplier go
    # together and the band's mean rate is a few per cent above the curve's mean
    np.testing.assert_allclose(total, expected, rtol=0.1)
    share = admissions * start.rates.event_death / (total - start.band_means(start.cancer_death))
    np.testing.assert_allclose(share, PARAMS.event_death_share, rtol=0.1)


def test_consultations_match_the_band_profile_and_the_all_ages_target(start):
    pop = start.pop
    rate = consultations_per_month(start.band, consultation_multiplier(
        pop.ltc, pop.gp_propensity, PARAMS), start.rates)
    means = start.band_means(rate)
    relative = PROFILE["gp_consultations_relative"]
    np.testing.assert_allclose(means / means[4], relative / relative[4], rtol=1e-10)
    assert rate.mean() * MONTHS_PER_YEAR == pytest.approx(
        PARAMS.gp_consultations_per_person_year, rel=1e-10)


def test_other_rates_hit_their_all_ages_targets(start):
    pop, rates = start.pop, start.rates
    cases = [
        (gp_referrals_per_month(start.band, referral_multiplier(pop.ltc, pop.deprivation,
                                                                PARAMS),
                                start.practice_referral, rates),
         PARAMS.gp_referrals_per_1000 / 1000.0),
        (other_first_outpatient_per_month(start.band, other_first_multiplier(pop.ltc, PARAMS),
                                          rates),
         PARAMS.other_first_outpatient_per_1000 / 1000.0),
        (ae_per_month(start.band, ae_multiplier(pop.log_frailty, pop.deprivation, PARAMS),
                      rates),
         PARAMS.ae_attendances_per_1000 / 1000.0),
        (prescribing_per_month(start.band, prescribing_multiplier(pop.ltc, PARAMS),
                               start.practice_prescribing, rates),
         PARAMS.prescribing_items_per_head),
    ]
    for rate, per_year in cases:
        assert rate.mean() * MONTHS_PER_YEAR == pytest.approx(per_year, rel=1e-10)


def test_standardisation_holds_whatever_the_ltc_ratio():
    """A steeper LTC gradient moves admissions to people with more conditions; the band
    totals stay on target."""
    steep = Start(Parameters(emergency_ltc_ratio=2.0), size=20_000)
    flat = Start(Parameters(emergency_ltc_ratio=1.0), size=20_000)
    target = PROFILE["emergency_admissions_per_1000"] / 1000.0 / MONTHS_PER_YEAR
    share_with_ltc = []
    for s in (steep, flat):
        pop = s.pop
        rate = emergency_per_month(s.band, emergency_multiplier(
            pop.ltc, pop.log_frailty, pop.deprivation, pop.conditions, pop.severe, s.params),
            s.rates)
        np.testing.assert_allclose(s.band_means(rate + s.cancer_emergency), target,
                                   rtol=1e-10)
        share_with_ltc.append(rate[pop.ltc >= 2].sum() / rate.sum())
    assert share_with_ltc[0] > share_with_ltc[1]


def test_a_new_model_starts_on_the_profile():
    """The model's cached multipliers and fitted rates reproduce the band targets."""
    model = HealthEconomy(small_scenario(size=20_000, practices=5, months=1, seed=4))
    pop = model.population
    band = band_of(pop.age)
    rate = (emergency_per_month(band, pop.m_emergency, model.rates)
            + StageRates.from_params(model.params).emergency_presentation[pop.cancer]
            / MONTHS_PER_YEAR)  # acute events, and the emergencies that find a cancer
    means = np.bincount(band, weights=rate) / np.bincount(band)
    target = PROFILE["emergency_admissions_per_1000"] / 1000.0 / MONTHS_PER_YEAR
    np.testing.assert_allclose(means, target, rtol=1e-10)


@pytest.mark.parametrize("months", [13, 24])
def test_cached_multipliers_stay_fresh(months):
    """After births, arrivals, deaths, leavers, new conditions and the April frailty
    drift, every cached multiplier equals its rule; people gone have zero."""
    model = run_model(small_scenario(size=4000, practices=4, months=months, seed=9))
    pop = model.population
    alive = pop.alive
    assert (~alive).any()  # some rows departed since April's compaction
    for column, rule in MULTIPLIER_COLUMNS.items():
        cached = getattr(pop, column)
        np.testing.assert_allclose(cached[alive], rule(pop, model.params)[alive], rtol=1e-12,
                                   err_msg=column)
        assert (cached[~alive] == 0).all(), column


# --- directions ---------------------------------------------------------------------------
ltcs = st.integers(0, 8)
frailties = st.floats(-2, 2)
quintiles = st.integers(0, 3)


@given(ltcs, frailties, quintiles)
def test_emergency_risk_rises_with_ltcs_frailty_and_deprivation(ltc, frailty, q):
    base = emergency_multiplier(ltc, frailty, q, 0, 0, PARAMS)
    assert emergency_multiplier(ltc + 1, frailty, q, 0, 0, PARAMS) == pytest.approx(
        base * PARAMS.emergency_ltc_ratio)
    assert emergency_multiplier(ltc, frailty + 0.1, q, 0, 0, PARAMS) > base
    assert emergency_multiplier(ltc, frailty, q + 1, 0, 0, PARAMS) > base
    copd = int(BITS["copd"])
    mild = emergency_multiplier(ltc, frailty, q, copd, 0, PARAMS)
    severe = emergency_multiplier(ltc, frailty, q, copd, copd, PARAMS)
    assert mild == pytest.approx(base * emergency_ratio(np.array([copd]))[0]
                                 * emergency_severity_ratio(copd, 0))
    assert severe == pytest.approx(mild * SEVERITY.emergency_ratio[0])


def test_severity_ratios_average_to_one_at_englands_severe_share():
    """A condition's own ratio keeps its meaning: at England's severe share its mild and
    severe cases average 1 (sim.people.severity)."""
    for index, name in enumerate(CONDITIONS):
        bit = int(BITS[name])
        share = SEVERITY.england_share[index]
        for table in (SEVERITY.emergency_by_masks, SEVERITY.mortality_by_masks):
            average = (1 - share) * table[bit, 0] + share * table[bit, bit]
            assert average == pytest.approx(1.0)
            assert table[bit, bit] > 1.0 > table[bit, 0]
        assert mortality_severity_ratio(0, 0) == 1.0


def test_deprivation_ratio_is_most_versus_least_deprived():
    ratio = (emergency_multiplier(0, 0.0, 4, 0, 0, PARAMS)
             / emergency_multiplier(0, 0.0, 0, 0, 0, PARAMS))
    assert ratio == pytest.approx(PARAMS.emergency_deprivation_ratio)


@given(ltcs, frailties)
def test_mortality_rises_with_ltcs_frailty_and_severity(ltc, frailty):
    base = mortality_multiplier(ltc, frailty, 0, 0, PARAMS)
    assert mortality_multiplier(ltc + 1, frailty, 0, 0, PARAMS) == pytest.approx(
        base * PARAMS.mortality_ltc_ratio)
    assert mortality_multiplier(ltc, frailty + 0.1, 0, 0, PARAMS) > base
    failure = int(BITS["heart_failure"])
    assert mortality_multiplier(ltc, frailty, failure, failure, PARAMS) == pytest.approx(
        mortality_multiplier(ltc, frailty, failure, 0, PARAMS) * SEVERITY.mortality_ratio[1])


def test_mortality_rises_with_age_within_a_band(start):
    ages = np.array([66.0, 70.0, 74.0])
    band = band_of(ages)
    rate = mortality_per_month(ages, band, np.ones(3), PARAMS, start.rates)
    assert np.all(np.diff(rate) > 0)
    # the Gompertz slope: about a doubling every 7 years
    assert rate[2] / rate[0] == pytest.approx(np.exp(PARAMS.mortality_age_gradient * 8),
                                              rel=0.05)


def test_babies_have_the_infant_death_rate(start):
    rate = mortality_per_month(np.array([0.5, 1.5]), np.array([0, 0]), np.ones(2), PARAMS,
                               start.rates)
    assert rate[0] > rate[1]


@given(ltcs, st.floats(0.1, 5))
def test_consultations_rise_with_ltcs_and_propensity(ltc, propensity):
    base = consultation_multiplier(ltc, propensity, PARAMS)
    assert consultation_multiplier(ltc + 1, propensity, PARAMS) > base
    assert consultation_multiplier(ltc, propensity * 2, PARAMS) == pytest.approx(2 * base)


@given(ltcs, quintiles)
def test_referrals_rise_with_ltcs_and_fall_with_deprivation(ltc, q):
    base = referral_multiplier(ltc, q, PARAMS)
    assert referral_multiplier(ltc + 1, q, PARAMS) > base
    assert referral_multiplier(ltc, q + 1, PARAMS) < base  # inverse care law (seed 002)
    assert other_first_multiplier(ltc + 1, PARAMS) > other_first_multiplier(ltc, PARAMS)


@given(frailties, quintiles)
def test_ae_rises_with_frailty_and_deprivation(frailty, q):
    base = ae_multiplier(frailty, q, PARAMS)
    assert ae_multiplier(frailty + 0.1, q, PARAMS) > base
    assert ae_multiplier(frailty, q + 1, PARAMS) > base


@given(ltcs)
def test_prescribing_rises_with_ltcs(ltc):
    assert prescribing_multiplier(ltc + 1, PARAMS) == pytest.approx(
        prescribing_multiplier(ltc, PARAMS) * PARAMS.prescribing_ltc_ratio)


def test_acs_share_rises_with_ltcs_up_to_four():
    shares = acs_share(np.arange(8), PARAMS)
    assert np.all(np.diff(shares[:5]) > 0)
    assert np.all(shares[4:] == shares[4])
    assert shares[0] == PARAMS.acs_share_without_ltc
    assert np.all((shares >= 0) & (shares <= 1))


def test_quality_of_life_falls_with_ltcs_and_stays_in_range(start):
    band = np.full(10, 6)
    weight = hrqol_weight(band, np.arange(10), PARAMS, PROFILE, start.rates)
    assert np.all(np.diff(weight) <= 0)
    assert weight[0] > weight[-1]
    assert np.all((weight >= 0) & (weight <= 1))
    # someone with the band's mean number of conditions has the band's weight
    mean_ltc = start.rates.ltc_mean[6]
    assert hrqol_weight(np.array([6]), np.array([mean_ltc]), PARAMS, PROFILE,
                        start.rates)[0] == pytest.approx(PROFILE["hrqol_weight"][6])


def test_ltc_onset_rises_with_age_and_deprivation():
    ages = np.array([30.0, 50.0, 70.0, 90.0])
    onset = ltc_onset_per_month(ages, np.zeros(4), PARAMS)
    assert np.all(np.diff(onset) > 0)
    assert ltc_onset_per_month(np.array([60.0]), np.array([4]), PARAMS)[0] > \
        ltc_onset_per_month(np.array([60.0]), np.array([0]), PARAMS)[0]


def test_trustadmitting_factor_scales_emergency_risk(start):
    rate = emergency_per_month(np.array([5, 5]), np.array([1.0, 1.0]), start.rates,
                               np.array([1.0, 1.2]))
    assert rate[1] == pytest.approx(1.2 * rate[0])
