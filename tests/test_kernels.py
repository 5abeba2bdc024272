"""The compiled passes (``sim.people.kernels``) give the numpy rules' results exactly.

Each kernel replaces numpy expressions stated in ``sim.people.rates`` and its callers;
these tests build both on a real synthetic population (and on edge cases) and compare
them bit for bit, so a kernel that drifts from the rules it replaces fails here.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import small_scenario
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import HealthEconomy
from sim.care.month import _expected_care, admitting_factor, care_factor, expected_month
from sim.money import need
from sim.money.case_mix import complexity
from sim.money.tariff import average_elective_tariff, outpatient_episode_tariff
from sim.outcomes.missed_referrals import missed_referral_rate
from sim.people import blocks, risk_factors
from sim.people.age_profile import BAND_OF_WHOLE_YEAR, BANDS, OLDEST_AGE, band_of
from sim.people.ageing import age_one_month
from sim.people.cancer import onset_per_month as cancer_onset_per_month
from sim.people.conditions import BITS, CONDITIONS, load_condition_curves
from sim.people.draws import add_counts
from sim.people.kernels import (
    advance_age,
    count_below,
    cumulative_ltc_onset,
    cumulative_referral_rate,
    cumulative_sum,
    keep_rows,
    living_per_group,
    mean_of_few,
    pairwise_sum,
    pick_by_shares,
    search_sorted_points,
)
from sim.people.population import COLUMNS, expected_ltc
from sim.people.rates import (
    ae_multiplier,
    ae_per_month,
    consultation_multiplier,
    consultations_per_month,
    emergency_multiplier,
    emergency_per_month,
    gompertz_term,
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
from sim.people.severity import load_severity_curves


@pytest.fixture(scope="module")
def economy():
    """A built economy whose population has died, joined and gained conditions."""
    model = HealthEconomy(small_scenario(size=20_000, practices=6, months=14))
    for _ in range(13):
        model.step()
    return model


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 127, 128, 129, 1000, 4097, 123_457])
def test_sums_are_numpys_to_the_last_bit(size):
    values = np.random.default_rng(size).lognormal(-3.0, 2.0, size)
    assert pairwise_sum(values) == values.sum()
    np.testing.assert_array_equal(cumulative_sum(values), np.cumsum(values))


def test_death_and_onset_totals_are_the_rules(economy):
    pop, params, rates = economy.population, economy.params, economy.rates
    # no time passing (0 years, growth 1): the death rates at today's ages, with a fresh
    # Gompertz term, are the rule's to the last bit
    age, band, ltc_expected = pop.age.copy(), pop.band.copy(), pop.ltc_expected.copy()
    death = advance_age(age, band, gompertz_term(pop.age, params), ltc_expected, 0.0, 1.0,
                        1.0, BAND_OF_WHOLE_YEAR, OLDEST_AGE, pop.m_mortality,
                        rates.mortality, params.mortality_background, params.mortality_infant)
    np.testing.assert_array_equal(age, pop.age)
    np.testing.assert_array_equal(band, band_of(pop.age))
    np.testing.assert_array_equal(death, np.cumsum(mortality_per_month(
        pop.age, band_of(pop.age), pop.m_mortality, params, rates)))
    onset = cumulative_ltc_onset(expected_ltc(pop.age, pop.deprivation, params), pop.alive,
                                 params.ltc_age_gradient, 12.0)
    np.testing.assert_array_equal(onset, np.cumsum(
        ltc_onset_per_month(pop.age, pop.deprivation, params) * pop.alive))


def test_a_year_of_ageing_keeps_band_and_age_terms_with_age(economy):
    """The kept terms are products of monthly factors: equal to a fresh exp but for
    rounding (``sim.people.ageing``); the band is exact."""
    pop, params = economy.population, economy.params
    saved = {name: getattr(pop, name).copy() for name in ("age", "band", "gompertz_term",
                                                          "ltc_expected")}
    try:
        for _ in range(12):
            death = age_one_month(pop, params, economy.rates)
        np.testing.assert_array_equal(pop.band, band_of(pop.age))
        np.testing.assert_allclose(death, np.cumsum(mortality_per_month(
            pop.age, pop.band, pop.m_mortality, params, economy.rates)), rtol=1e-12)
        np.testing.assert_allclose(pop.gompertz_term, gompertz_term(pop.age, params),
                                   rtol=1e-12)
        np.testing.assert_allclose(pop.ltc_expected,
                                   expected_ltc(pop.age, pop.deprivation, params), rtol=1e-12)
    finally:
        for name, values in saved.items():
            getattr(pop, name)[:] = values


def _numpy_care(pop, band, providers, month, params, rates):
    """The month's expected care as ``step_care`` computed it with numpy."""
    practices, trusts = len(providers.practice_referral), len(providers.trust_admitting)
    acute = emergency_per_month(band, pop.m_emergency, rates, care_factor(pop, providers))
    extra = missed_referral_rate(pop, month, params.missed_referral_emergency_risk)
    if extra is not None:
        acute = acute + extra
    first = (gp_referrals_per_month(band, pop.m_referral,
                                    providers.practice_referral[pop.practice], rates)
             + other_first_outpatient_per_month(band, pop.m_other_first, rates))
    return {
        "consultations_p": np.bincount(pop.practice, consultations_per_month(
            band, pop.m_consultation, rates), minlength=practices),
        "prescribing_p": np.bincount(pop.practice, prescribing_per_month(
            band, pop.m_prescribing, providers.practice_prescribing[pop.practice], rates),
            minlength=practices),
        "ae_t": np.bincount(pop.trust, ae_per_month(band, pop.m_ae, rates), minlength=trusts),
        "first_cumulative": np.cumsum(first),
        "acute_cumulative": np.cumsum(acute),
    }


@pytest.mark.parametrize("effects", ["none", "practices, care plans, missed referrals"])
def test_one_pass_of_expected_care_is_the_rules(economy, effects):
    pop, params = economy.population, economy.params
    providers = economy.providers()
    month = economy.month
    saved = (pop.care_plan.copy(), pop.missed_referral_until.copy(),
             pop.expected_consultations_this_year.copy())
    try:
        if effects != "none":
            rng = np.random.default_rng(3)
            providers = type(providers)(**{
                **vars(providers),
                "practice_emergency": rng.uniform(0.8, 1.2, len(providers.practice_referral)),
                "care_plan_effect": 0.2})
            pop.care_plan[:] = rng.random(pop.n) < 0.1
            pop.missed_referral_until[:] = np.where(rng.random(pop.n) < 0.05, month + 3, 0)
        expected = _numpy_care(pop, pop.band, providers, month, params, economy.rates)
        before = pop.expected_consultations_this_year.copy()
        care = _expected_care(pop, pop.band, providers, month, params, economy.rates,
                              economy.profile)
        for name, values in expected.items():
            np.testing.assert_array_equal(getattr(care, name), values, err_msg=name)
        np.testing.assert_array_equal(care.quality.living_by_band,
                                      np.bincount(pop.band[pop.alive], minlength=len(BANDS)),
                                      err_msg="living people by band")
        np.testing.assert_array_equal(
            pop.expected_consultations_this_year,
            before + consultations_per_month(pop.band, pop.m_consultation, economy.rates))
    finally:
        pop.care_plan[:], pop.missed_referral_until[:] = saved[0], saved[1]
        pop.expected_consultations_this_year[:] = saved[2]


def _numpy_expected_month(pop, providers, params, rates, case_mix) -> dict[str, np.ndarray]:
    """``expected_month`` as numpy statements of the rules (its code before it was
    compiled into ``expected_sums``)."""
    band, n_trusts, n_practices = pop.band, len(providers.trust_admitting), \
        len(providers.practice_referral)
    emergency = emergency_per_month(band, pop.m_emergency, rates,
                                    admitting_factor(pop, providers))
    first = (gp_referrals_per_month(band, pop.m_referral,
                                    providers.practice_referral[pop.practice], rates)
             + other_first_outpatient_per_month(band, pop.m_other_first, rates))
    person_complexity = complexity(pop.log_frailty, pop.ltc, params)
    emergency_value = (emergency * params.tariff_emergency
                       * case_mix.person_price("emergency", band, person_complexity))
    elective_value = (first * params.decisions_to_admit_per_first
                      * average_elective_tariff(params)
                      * case_mix.person_price("elective", band, person_complexity))
    items = prescribing_per_month(band, pop.m_prescribing,
                                  providers.practice_prescribing[pop.practice], rates)

    def by_trust(weights):
        return np.bincount(pop.trust, weights=weights, minlength=n_trusts)

    def by_practice(weights):
        return np.bincount(pop.practice, weights=weights, minlength=n_practices)

    return {"emergency_t": by_trust(emergency), "first_outpatient_t": by_trust(first),
            "ae_t": by_trust(ae_per_month(band, pop.m_ae, rates)),
            "emergency_value_t": by_trust(emergency_value),
            "elective_value_t": by_trust(elective_value),
            "emergency_value_p": by_practice(emergency_value),
            "planned_value_p": by_practice(elective_value + first
                                           * outpatient_episode_tariff(params)),
            "prescribing_value": float(items.sum()) * params.cost_per_item,
            "prescribing_value_p": by_practice(items) * params.cost_per_item}


@pytest.mark.parametrize("effects", ["none", "practices", "care plans",
                                     "practices and care plans"])
def test_one_pass_of_expected_month_is_the_rules(economy, effects):
    pop, params = economy.population, economy.params
    providers = economy.providers()
    saved = pop.care_plan.copy()
    try:
        rng = np.random.default_rng(5)
        changes = {}
        if "practices" in effects:
            changes["practice_emergency"] = rng.uniform(
                0.8, 1.2, len(providers.practice_referral))
        if "care plans" in effects:
            changes["care_plan_effect"] = 0.25
            pop.care_plan[:] = rng.random(pop.n) < 0.1
        providers = type(providers)(**{**vars(providers), **changes})
        expected = _numpy_expected_month(pop, providers, params, economy.rates,
                                         economy.case_mix)
        month = expected_month(pop, providers, params, economy.rates, economy.case_mix)
        for name, values in expected.items():
            np.testing.assert_array_equal(getattr(month, name), values, err_msg=name)
    finally:
        pop.care_plan[:] = saved


def _numpy_need_by_practice(pop, line, method, min_cell, n_practices) -> np.ndarray:
    """``need_by_practice`` as numpy statements (its code before it was compiled)."""
    alive = pop.alive
    cost = need.recorded_cost(pop, line)[alive]
    band = np.minimum(pop.age.astype(np.intp) // 5, 18)
    capitation = ((band * 2 + pop.female) * 5 + pop.deprivation)[alive]

    def cell_means(cells, n_cells):
        counts = np.bincount(cells, minlength=n_cells).astype(float)
        sums = np.bincount(cells, weights=cost, minlength=n_cells)
        return np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0), counts

    means, _ = cell_means(capitation, 190)
    predicted = means[capitation]
    if method == "person_based":
        cells = capitation * 5 + np.minimum(pop.ltc[alive], 4).astype(np.intp)
        with_conditions, counts = cell_means(cells, 950)
        predicted = np.where(counts[cells] >= min_cell, with_conditions[cells], predicted)
    return np.bincount(pop.practice[alive], weights=predicted, minlength=n_practices)


@pytest.mark.parametrize("line", ["elective", "emergency"])
@pytest.mark.parametrize(("method", "min_cell"), [("capitation", 30), ("person_based", 30),
                                                  ("person_based", 1)])
def test_need_by_practice_in_two_passes_is_the_rules(economy, line, method, min_cell):
    pop = copy.deepcopy(economy.population)  # last year's costs made up: the fixture stays
    rng = np.random.default_rng(11)
    pop.elective_cost_last_year[:] = rng.exponential(400.0, pop.n) * (rng.random(pop.n) < 0.3)
    pop.hospital_cost_last_year[:] = (pop.elective_cost_last_year
                                      + rng.exponential(900.0, pop.n) * (rng.random(pop.n) < 0.2))
    n_practices = len(economy.practices)
    params = economy.params.model_copy(update={"person_based_min_cell": min_cell})
    np.testing.assert_array_equal(
        need.need_by_practice(pop, line, method, params, n_practices),
        _numpy_need_by_practice(pop, line, method, min_cell, n_practices))


def test_withheld_referral_total_is_the_rules(economy):
    pop = economy.population
    withheld = np.random.default_rng(2).uniform(0.0, 0.3, len(economy.practices))
    np.testing.assert_array_equal(
        cumulative_referral_rate(pop.band, pop.practice, pop.m_referral,
                                 economy.rates.referrals, withheld),
        np.cumsum(gp_referrals_per_month(pop.band, pop.m_referral, withheld[pop.practice],
                                         economy.rates)))


def test_quality_of_life_in_one_pass_is_the_rules(economy):
    pop, params = economy.population, economy.params
    band = pop.band
    weights = hrqol_weight(band, pop.ltc, params, economy.profile, economy.rates) * pop.alive
    saved = pop.expected_consultations_this_year.copy()
    try:  # the quality of life is summed in the month's pass over care
        quality = _expected_care(pop, band, economy.providers(), economy.month, params,
                                 economy.rates, economy.profile).quality
    finally:
        pop.expected_consultations_this_year[:] = saved
    assert quality.total == weights.sum()
    cell = band.astype(np.intp) * 5 + pop.deprivation
    cells = len(BANDS) * 5
    np.testing.assert_array_equal(quality.people.ravel(), np.bincount(
        cell, weights=pop.alive, minlength=cells))
    np.testing.assert_array_equal(quality.lived.ravel(), np.bincount(
        cell, weights=weights, minlength=cells))


@pytest.mark.parametrize("size", [0, 1, 7, 8, 127, 128, 129, 1000, 4097])
def test_quality_of_life_total_is_numpys_sum_at_any_size(economy, size):
    """The care pass sums the weights a block at a time, in numpy's pairwise order: the
    first ``size`` people of the economy give ``weights.sum()`` to the last bit."""
    pop, params = economy.population, economy.params
    people = SimpleNamespace(**{name: getattr(pop, name)[:size].copy() for name in COLUMNS})
    weights = hrqol_weight(people.band, people.ltc, params, economy.profile,
                           economy.rates) * people.alive
    quality = _expected_care(people, people.band, economy.providers(), economy.month, params,
                             economy.rates, economy.profile).quality
    assert quality.total == weights.sum()


@pytest.mark.parametrize("count", range(1, 13))
def test_mean_of_few_is_numpys_mean_to_the_last_bit(count):
    rng = np.random.default_rng(count)
    for _ in range(200):
        values = list(rng.random(count) * 3.0)
        assert mean_of_few(values) == float(np.mean(values))


@settings(max_examples=200, deadline=None)
@given(rates=st.lists(st.sampled_from([0.0, 0.0, 1e-9, 0.01, 0.5, 3.0]), max_size=300),
       uniforms=st.lists(st.floats(0.0, 1.0), max_size=200))
def test_sorted_search_finds_numpys_rows(rates, uniforms):
    """Runs of zero rates (flat running totals), points equal to a total and points at
    the ends all give ``np.searchsorted(..., side="right")``'s rows."""
    cumulative = np.cumsum(np.asarray(rates, dtype=float))
    points = np.sort(np.asarray(uniforms, dtype=float)) * (cumulative[-1] if len(rates) else 1.0)
    points = np.sort(np.concatenate([points, cumulative[: len(points)]]))
    np.testing.assert_array_equal(search_sorted_points(cumulative, points),
                                  np.searchsorted(cumulative, points, side="right"))


def test_sorted_search_on_a_population_scale_draw():
    rng = np.random.default_rng(3)
    cumulative = np.cumsum(rng.lognormal(-4.0, 2.0, 400_000) * (rng.random(400_000) < 0.9))
    points = np.sort(rng.random(50_000)) * cumulative[-1]
    np.testing.assert_array_equal(search_sorted_points(cumulative, points),
                                  np.searchsorted(cumulative, points, side="right"))


def test_choices_in_one_pass_are_numpys():
    """``count_below`` (a band from a practice's shares) and ``pick_by_shares`` (a
    cancer state from a person's shares) make numpy's choices, ties and zero shares
    included."""
    rng = np.random.default_rng(5)
    shares = rng.random((40, 7)) * (rng.random((40, 7)) < 0.7)
    row_of = rng.integers(0, 40, 5000)
    values = np.concatenate([rng.random(4000) * 4.0,
                             np.cumsum(shares, axis=1)[row_of[:1000], 2]])  # exact ties
    np.testing.assert_array_equal(
        count_below(np.cumsum(shares, axis=1), row_of, values),
        (np.cumsum(shares, axis=1)[row_of] < values[:, None]).sum(axis=1))
    people = shares[row_of]
    uniform = rng.random(len(people))
    cumulative = np.cumsum(people, axis=1)
    expected = (cumulative < (uniform * cumulative[:, -1])[:, None]).sum(axis=1)
    np.testing.assert_array_equal(pick_by_shares(people, uniform), expected)


def test_living_per_practice_is_the_count(economy):
    pop = economy.population
    n_practices = len(economy.practices)
    np.testing.assert_array_equal(living_per_group(pop.practice, pop.alive, n_practices),
                                  np.bincount(pop.practice[pop.alive], minlength=n_practices))
    assert not pop.alive.all()  # the economy has had deaths: the mask matters


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), max_size=300), st.sampled_from([np.float64, np.int32, np.bool_]))
def test_keeping_rows_is_numpys_gather(alive, dtype):
    """The yearly compaction moves the kept rows down in order, as ``column[keep]``."""
    keep = np.array(alive, dtype=bool)
    column = (np.arange(len(keep)) * 7 % 5).astype(dtype)
    expected = column[keep]
    assert keep_rows(column, keep) == len(expected)
    np.testing.assert_array_equal(column[: len(expected)], expected)


def test_compacting_a_population_keeps_the_living_rows_in_order(economy):
    population = copy.deepcopy(economy.population)  # the fixture stays as it was
    assert not population.alive.all()  # the economy has had deaths: rows are dropped
    living = {name: column[: population.n][population.alive].copy()
              for name, column in population._cols.items()}
    population.compact()
    assert population.n == len(living["age"]) and population.alive.all()
    for name, values in living.items():
        np.testing.assert_array_equal(getattr(population, name), values)


@pytest.mark.parametrize("dtype, amount", [(np.int16, 1), (np.float64, 1234.5678)])
def test_counts_added_from_sorted_rows_are_numpys(dtype, amount):
    """``add_counts`` on sorted rows (the compiled runs) and on unsorted rows (numpy's
    ``unique``) adds ``count x amount`` to each row, as ``np.unique`` then ``+=`` does."""
    rng = np.random.default_rng(11)
    start = (rng.random(500) * 100).astype(dtype)
    rows = rng.integers(0, 500, 3000)
    unique, counts = np.unique(rows, return_counts=True)
    expected = start.copy()
    expected[unique] += counts * amount
    for order in (np.sort(rows), rows):
        column = start.copy()
        add_counts(column, order, amount)
        np.testing.assert_array_equal(column, expected)


MULTIPLIERS = ("m_mortality", "m_emergency", "m_ae", "m_consultation", "m_referral",
               "m_other_first", "m_prescribing", "m_condition_onset",
               "m_severity_progression", "m_cancer_onset")


def _multipliers_by_the_rules(pop, params) -> dict[str, np.ndarray]:
    """Every cached multiplier of every row, straight from the numpy rules."""
    curves, alive = load_condition_curves(), pop.alive
    ltc, frailty, quintile = pop.ltc, pop.log_frailty, pop.deprivation
    held, severe = pop.conditions, pop.severe
    onset = np.zeros(pop.n)
    for index, name in enumerate(CONDITIONS):
        onset += (curves.onset_per_month(index, pop.age, pop.female, quintile)
                  * ((held & BITS[name]) == 0))
    open_rows = np.flatnonzero((held & ~severe) != 0)
    progression = np.zeros(pop.n)
    progression[open_rows] = np.stack(
        [load_severity_curves().progression_per_month(
            index, pop.age[open_rows], pop.female[open_rows], quintile[open_rows])
         * (((held[open_rows] & ~severe[open_rows]) & BITS[name]) != 0)
         for index, name in enumerate(CONDITIONS)], axis=-1).sum(axis=-1)
    return {
        "m_mortality": mortality_multiplier(ltc, frailty, held, severe, params) * alive,
        "m_emergency": emergency_multiplier(ltc, frailty, quintile, held, severe,
                                            params) * alive,
        "m_ae": ae_multiplier(frailty, quintile, params) * alive,
        "m_consultation": consultation_multiplier(ltc, pop.gp_propensity, params) * alive,
        "m_referral": referral_multiplier(ltc, quintile, params) * alive,
        "m_other_first": other_first_multiplier(ltc, params) * alive,
        "m_prescribing": prescribing_multiplier(ltc, params) * alive,
        "m_condition_onset": onset * alive,
        "m_severity_progression": progression * alive,
        "m_cancer_onset": cancer_onset_per_month(pop.age, pop.female, quintile,
                                                 pop.cancer) * alive,
    }


@pytest.mark.parametrize("block_rows", [1000, 1 << 20])
def test_refreshed_multipliers_are_the_rules_to_the_last_bit(economy, block_rows,
                                                             monkeypatch):
    """The compiled refresh (exponents, numpy's exp, then one pass writing seven
    columns; the conditions' onset and progression likewise), in blocks of any size,
    gives every row the numbers the numpy rules of ``sim.people.rates``, ``conditions``
    and ``severity`` give."""
    monkeypatch.setattr(blocks, "BLOCK_ROWS", block_rows)
    pop = copy.deepcopy(economy.population)
    for name in MULTIPLIERS:
        getattr(pop, name)[:] = -1.0
    risk_factors.refresh_multipliers(pop, economy.params)
    for name, expected in _multipliers_by_the_rules(pop, economy.params).items():
        np.testing.assert_array_equal(getattr(pop, name), expected, err_msg=name)


def test_refreshing_some_rows_leaves_the_others(economy):
    """A month's refresh of the rows that changed computes theirs by the rules and
    leaves every other row's cached values as they were (the age-dependent ones are
    brought up to date for everyone once a year)."""
    pop = copy.deepcopy(economy.population)
    by_the_rules = _multipliers_by_the_rules(pop, economy.params)
    before = {name: getattr(pop, name).copy() for name in MULTIPLIERS}
    rows = np.arange(3, pop.n, 7)
    for name in MULTIPLIERS:
        getattr(pop, name)[rows] = -1.0
    risk_factors.refresh_multipliers(pop, economy.params, rows)
    others = np.ones(pop.n, dtype=bool)
    others[rows] = False
    for name in MULTIPLIERS:
        np.testing.assert_array_equal(getattr(pop, name)[rows], by_the_rules[name][rows],
                                      err_msg=name)
        np.testing.assert_array_equal(getattr(pop, name)[others], before[name][others],
                                      err_msg=name)
