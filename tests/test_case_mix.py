"""Case-mix prices for hospital spells (sim.money.case_mix)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.money.case_mix import MAX_PRICED_CONDITIONS, CaseMix, age_relative_prices, complexity
from sim.money.tariff import average_elective_tariff
from sim.parameters import Parameters
from sim.people.age_profile import BANDS

PARAMS = Parameters()


@pytest.fixture(scope="module")
def people():
    rng = np.random.default_rng(4)
    count = 200_000
    band = rng.integers(0, len(BANDS), count)
    log_frailty = rng.normal(-0.125, 0.5, count)
    ltc = rng.poisson(0.2 * band)
    emergency_rate = 0.01 * (1 + band) * np.exp(log_frailty)  # older and frailer: more
    elective_rate = 0.02 * (1 + band / 2)
    person = complexity(log_frailty, ltc, PARAMS)
    return band, person, emergency_rate, elective_rate, CaseMix.fit(band, person,
                                                                    emergency_rate,
                                                                    elective_rate)


def test_the_starting_mean_spell_price_is_the_tariff(people):
    band, person, emergency, elective, mix = people
    assert np.average(mix.person_price("emergency", band, person),
                      weights=emergency) == pytest.approx(1.0)
    assert np.average(mix.person_price("elective", band, person),
                      weights=elective) == pytest.approx(1.0)


def test_drawn_prices_average_the_tariff_with_a_long_tail(people):
    band, person, emergency, _, mix = people
    rng = np.random.default_rng(1)
    spells = rng.choice(len(band), 400_000, p=emergency / emergency.sum())
    prices = mix.emergency_prices(band[spells], person[spells], PARAMS, rng)
    assert prices.mean() == pytest.approx(PARAMS.tariff_emergency, rel=0.03)
    assert np.percentile(prices, 99.9) > 15 * np.median(prices)


def test_elective_prices_split_day_cases_and_average_the_tariff(people):
    band, person, _, elective, mix = people
    rng = np.random.default_rng(2)
    spells = rng.choice(len(band), 400_000, p=elective / elective.sum())
    prices, day_case = mix.elective_prices(band[spells], person[spells], PARAMS, rng)
    assert day_case.mean() == pytest.approx(PARAMS.day_case_share, abs=0.005)
    assert prices.mean() == pytest.approx(average_elective_tariff(PARAMS), rel=0.03)


def test_older_frailer_and_multimorbid_people_have_dearer_spells():
    relative = age_relative_prices()["emergency"]
    assert relative[-1] > relative[0]
    frail = complexity(np.array([0.0, 1.0]), np.array([0, 0]), PARAMS)
    assert frail[1] / frail[0] == pytest.approx(np.exp(PARAMS.price_frailty_elasticity))
    ill = complexity(np.zeros(3), np.array([0, 1, MAX_PRICED_CONDITIONS + 3]), PARAMS)
    assert ill[1] == pytest.approx(PARAMS.price_ltc_ratio)
    assert ill[2] == pytest.approx(PARAMS.price_ltc_ratio ** MAX_PRICED_CONDITIONS)
    flat = Parameters(price_frailty_elasticity=0.0, price_ltc_ratio=1.0)
    assert np.ptp(complexity(np.array([0.0, 1.0]), np.array([0, 3]), flat)) == 0
