"""Outcomes that respond to care (sim.outcomes, sim.people.conditions).

Unit tests of the rules (which admissions are acute events, who dies after one, the
withheld referrals, the named conditions, net monetary benefit), then small runs that
check the mechanisms end to end: short stays a trust adds change admissions but not
health; better LTC care lowers acute events and deaths; withheld needed referrals cause
acute events; deaths now differ between commissioning models.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.outcomes.acute_events import deaths_after_events, draw_emergencies
from sim.outcomes.missed_referrals import (
    HARM_MONTHS,
    missed_referral_rate,
    withhold_referrals,
)
from sim.outcomes.treatment_trend import treatment_factor
from sim.outcomes.value import THRESHOLDS_GBP_PER_QALY, discount_factors, net_monetary_benefit
from sim.parameters import Parameters
from sim.people.conditions import (
    BITS,
    CONDITIONS,
    COUNT_BY_MASK,
    draw_conditions,
    emergency_ratio,
    load_condition_curves,
    onset_rate,
    prevalence_of,
)
from sim.people.population import Population
from sim.runs.run import run_scenario
from sim.scenario import Scenario

# --- acute events --------------------------------------------------------------------


class _Rates:
    """The one field of BandRates the draw reads."""

    def __init__(self, death: float) -> None:
        self.event_death = np.full(8, death)


def _people(count: int, trusts: int = 1, practices: int = 1) -> Population:
    population = Population(count)
    population.append({"age": np.full(count, 70.0),
                       "trust": np.arange(count) % trusts,
                       "practice": np.arange(count) % practices})
    return population


def _draw(people: Population, rate: float, factors, death: float = 0.0, seed: int = 1):
    rngs = [np.random.default_rng([seed, k]) for k in range(3)]
    return draw_emergencies(people, np.zeros(people.n, dtype=np.intp),
                            np.cumsum(np.full(people.n, rate)), np.asarray(factors, dtype=float),
                            _Rates(death), *rngs)


def test_every_admission_is_an_acute_event_when_no_trust_adds_short_stays():
    drawn = _draw(_people(10_000), 0.1, [1.0])
    assert drawn.acute_admitted == drawn.acute_events == len(drawn.admitted)
    assert drawn.acute_events == pytest.approx(1000, rel=0.1)
    assert drawn.deaths_due == 0


def test_a_trust_factor_above_one_adds_short_stays_in_proportion():
    drawn = _draw(_people(50_000, trusts=2), 0.1, [1.0, 1.5])
    added = drawn.admitted[drawn.acute_admitted:]
    assert np.all(_people(50_000, trusts=2).trust[added] == 1)  # only the second trust adds
    assert len(added) == pytest.approx(0.5 * 0.1 * 25_000, rel=0.1)


def test_trusts_admitting_leaves_the_acute_events_draw_for_draw_alike():
    flat, drift = _draw(_people(5000), 0.1, [1.0], death=0.1), _draw(_people(5000), 0.1,
                                                                       [1.3], death=0.1)
    assert flat.acute_events == drift.acute_events and flat.deaths_due == drift.deaths_due
    assert np.array_equal(flat.admitted, drift.admitted[:flat.acute_admitted])
    assert len(drift.admitted) > len(flat.admitted)


def test_a_factor_below_one_admits_fewer_acute_events_but_they_keep_their_risk():
    people = _people(50_000)
    drawn = _draw(people, 0.1, [0.8], death=0.05)
    assert drawn.acute_admitted == pytest.approx(0.8 * drawn.acute_events, rel=0.03)
    assert drawn.deaths_due == pytest.approx(0.05 * drawn.acute_events, rel=0.1)


def test_people_killed_by_an_acute_event_die_the_next_month_once():
    people = _people(10_000)
    drawn = _draw(people, 0.2, [1.0], death=0.05)
    assert drawn.deaths_due == pytest.approx(0.05 * drawn.acute_events, rel=0.15)
    due = deaths_after_events(people)
    assert len(due) == drawn.deaths_due == len(np.unique(due))
    assert not people.dies_after_event.any()  # marks cleared
    people.alive[due] = False
    assert len(deaths_after_events(people)) == 0


# --- withheld referrals --------------------------------------------------------------------
class _ReferralRates:
    """The one field of BandRates the referral draw reads."""

    def __init__(self, rate: float) -> None:
        self.referrals = np.full(8, rate)


def _referral_rates(people: Population, rate: float):
    """Band and rates giving every row ``rate`` referrals a month at propensity 1."""
    people.m_referral[:] = 1.0
    return np.zeros(people.n, dtype=np.intp), _ReferralRates(rate)


def test_no_referral_is_withheld_when_no_practice_gives_any_up():
    people = _people(1000)
    count = withhold_referrals(people, *_referral_rates(people, 0.5), np.zeros(1), month=3,
                               needed_share=1.0, rng=np.random.default_rng(5))
    assert count == 0 and missed_referral_rate(people, 3, 0.05) is None


def test_withheld_needed_referrals_raise_risk_for_a_year():
    people = _people(1000, practices=2)
    withheld = np.array([0.0, 0.5])  # only the second practice withholds
    count = withhold_referrals(people, *_referral_rates(people, 0.5), withheld, month=10,
                               needed_share=1.0, rng=np.random.default_rng(6))
    marked = np.flatnonzero(people.missed_referral_until > 0)
    assert count == len(marked) > 0
    assert np.all(people.practice[marked] == 1)
    yearly = 0.2
    rate = missed_referral_rate(people, 10, yearly)
    assert rate[marked] * HARM_MONTHS == pytest.approx(-np.log(1 - yearly))
    assert missed_referral_rate(people, 10 + HARM_MONTHS, yearly) is None


# --- named conditions ----------------------------------------------------------------------
def test_condition_prevalence_rises_with_age_deprivation_and_for_men():
    curves = load_condition_curves()
    for index, _ in enumerate(CONDITIONS):
        assert curves.prevalence(index, 80, 0, 0) > curves.prevalence(index, 50, 0, 0)
        assert curves.prevalence(index, 60, 0, 4) > curves.prevalence(index, 60, 0, 0)
        assert curves.prevalence(index, 60, 0, 0) > curves.prevalence(index, 60, 1, 0)
        assert curves.prevalence(index, 104, 0, 4) <= curves.max_prevalence[index]


def test_synthetic_conditions_match_the_curves():
    rng = np.random.default_rng(7)
    age = rng.uniform(0, 100, 200_000)
    female, deprivation = rng.random(200_000) < 0.5, rng.integers(0, 5, 200_000)
    drawn = draw_conditions(age, female, deprivation, rng)
    curves = load_condition_curves()
    alive = np.ones(len(age), dtype=bool)
    for index, name in enumerate(CONDITIONS):
        expected = curves.prevalence(index, age, female, deprivation).mean()
        assert prevalence_of(name, drawn, alive, np.full(len(age), 50.0)) == pytest.approx(
            expected, rel=0.05)


def test_onset_is_zero_for_conditions_held_and_follows_the_age_slope():
    curves = load_condition_curves()
    everything = np.array([sum(int(b) for b in BITS.values())], dtype=np.uint8)
    assert onset_rate(np.array([70.0]), np.array([0]), np.array([2]), everything)[0] == 0
    none = np.zeros(1, dtype=np.uint8)
    copd = CONDITIONS.index("copd")
    p = curves.prevalence(copd, 70.0, 0, 2)
    slope = (curves.age_gradient[copd] + curves.trend_per_year[copd]) * p / (1 - p) / 12
    total = onset_rate(np.array([70.0]), np.array([0]), np.array([2]), none)[0]
    assert total > slope  # every condition contributes
    assert curves.onset_per_month(copd, 70.0, 0, 2) == pytest.approx(slope)


def test_each_named_condition_counts_and_raises_emergency_risk():
    assert COUNT_BY_MASK[0] == 0 and COUNT_BY_MASK[BITS["copd"] | BITS["chd"]] == 2
    curves = load_condition_curves()
    both = np.array([BITS["copd"] | BITS["heart_failure"]], dtype=np.uint8)
    expected = curves.emergency_ratio[0] * curves.emergency_ratio[1]
    assert emergency_ratio(both)[0] == pytest.approx(expected)
    assert emergency_ratio(np.zeros(1, dtype=np.uint8))[0] == 1.0


# --- what a pound buys ---------------------------------------------------------------------
def test_net_monetary_benefit_and_green_book_discounting():
    nmb = net_monetary_benefit(qalys=10.0, resource_cost=150_000.0)
    assert nmb["nmb_20k"] == 10 * THRESHOLDS_GBP_PER_QALY["nmb_20k"] - 150_000
    assert nmb["nmb_30k"] == 150_000
    factors = discount_factors(np.array([0, 12, 24]), 0.035)
    np.testing.assert_allclose(factors, [1.0, 1 / 1.035, 1 / 1.035 ** 2])


# --- end to end ----------------------------------------------------------------------------
def _totals(scenario: dict, replicates: int = 3) -> dict[str, float]:
    base = {"name": "t", "months": 36, "seed": 5,
            "population": {"size": 40_000, "practices": 6}}
    base.update(scenario)
    timeseries = run_scenario(Scenario.model_validate(base), replicates=replicates).timeseries
    return timeseries.sum(numeric_only=True).to_dict()


@pytest.mark.slow
def test_short_stays_a_trust_adds_change_admissions_and_cost_but_not_health():
    flat = _totals({"parameters": {"pbr_short_stay_growth": 0.0}})
    drift = _totals({"parameters": {"pbr_short_stay_growth": 0.08}})
    assert drift["emergency_admissions"] > 1.08 * flat["emergency_admissions"]
    assert drift["spend_acute_emergency"] > flat["spend_acute_emergency"]
    assert flat["emergency_admissions_short_stay_added"] == 0
    assert drift["emergency_admissions_acute"] == pytest.approx(
        flat["emergency_admissions_acute"], rel=0.02)
    # about 1,400 deaths after acute events in each: chance alone moves them ~3%
    assert drift["deaths_after_acute_events"] == pytest.approx(
        flat["deaths_after_acute_events"], rel=0.1)


@pytest.mark.slow
def test_care_that_prevents_acute_events_prevents_deaths():
    """Practices' LTC management at its most effective: fewer acute events, and fewer
    deaths after them, than with none (partnership at 150,000 people)."""
    economy = {"population": {"size": 150_000, "practices": 23},
               "commissioning": {"model": "lcp"}, "months": 48}
    none = _totals({**economy, "parameters": {"ltc_management_effect": 0.0,
                                              "care_plan_effect": 0.0}}, replicates=2)
    strong = _totals({**economy, "parameters": {"ltc_management_effect": 0.5,
                                                "care_plan_effect": 0.8}}, replicates=2)
    assert strong["emergency_admissions_acute"] < 0.9 * none["emergency_admissions_acute"]
    assert strong["deaths_after_acute_events"] < 0.93 * none["deaths_after_acute_events"]
    assert strong["deaths"] < none["deaths"]


@pytest.mark.slow
def test_withheld_needed_referrals_cause_acute_events_and_deaths():
    economy = {"population": {"size": 150_000, "practices": 23},
               "commissioning": {"model": "lcp"}, "months": 48}
    harmless = _totals({**economy, "parameters": {"missed_referral_emergency_risk": 0.0}},
                       replicates=2)
    harmful = _totals({**economy, "parameters": {"missed_referral_emergency_risk": 0.9,
                                                 "needed_share_of_withheld_referrals": 1.0}},
                      replicates=2)
    assert harmful["referrals_needed_withheld"] > 1000
    extra = harmful["emergency_admissions_acute"] - harmless["emergency_admissions_acute"]
    assert extra > 0.3 * harmful["referrals_needed_withheld"]
    assert harmful["deaths_after_acute_events"] > harmless["deaths_after_acute_events"]


@pytest.mark.slow
def test_deaths_differ_between_pct_and_lcp():
    economy = {"population": {"size": 150_000, "practices": 23}, "months": 24}
    pct = _totals({**economy, "commissioning": {"model": "pct"}}, replicates=1)
    lcp = _totals({**economy, "commissioning": {"model": "lcp"}}, replicates=1)
    assert pct["deaths"] != lcp["deaths"]
    assert lcp["emergency_admissions_acute"] < pct["emergency_admissions_acute"]


def test_treatment_improves_the_death_rates_care_acts_on_year_by_year():
    params = Parameters(treatment_improvement_per_year=0.02)
    assert treatment_factor(params, 0) == 1.0
    assert treatment_factor(params, 12) == pytest.approx(0.98)
    assert treatment_factor(params, 120) == pytest.approx(0.98 ** 10)
    assert treatment_factor(Parameters(treatment_improvement_per_year=0.0), 120) == 1.0
    people = _people(200_000)
    scaled = _draw(people, 0.01, [1.0], death=0.5, seed=3)
    people = _people(200_000)
    rngs = [np.random.default_rng([3, k]) for k in range(3)]
    halved = draw_emergencies(people, np.zeros(people.n, dtype=np.intp),
                              np.cumsum(np.full(people.n, 0.01)), np.ones(1), _Rates(0.5), *rngs,
                              death_factor=0.5)
    assert halved.acute_events == scaled.acute_events  # the same events, fewer deaths
    assert halved.deaths_due == pytest.approx(0.5 * scaled.deaths_due, rel=0.15)
