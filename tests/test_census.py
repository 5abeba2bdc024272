"""The year-end census (sim.results.census): its counts give each year measure the same
number, to the last bit, as the measure's definition by numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import run_model, small_scenario

from sim.people.age_profile import BANDS, band_of
from sim.people.conditions import CONDITIONS, prevalence_of
from sim.people.severity import severe_share_of
from sim.results.census import Census
from sim.results.variation import practice_list_profiles


@pytest.fixture(scope="module")
def population():
    """A run's population after two years, its dead and departed rows still in place."""
    model = run_model(small_scenario(size=6000, practices=5, months=24, seed=4))
    return model.population, len(model.practices)


def _list_profiles_by_numpy(pop, n_practices):
    """The list profile as defined before the census: counts by practice and the band of
    each age, and the summed IMD scores, by ``np.bincount``."""
    alive = pop.alive
    practice = pop.practice[alive]
    by_band = np.bincount(practice * len(BANDS) + band_of(pop.age[alive]),
                          minlength=n_practices * len(BANDS)).reshape(n_practices, len(BANDS))
    heads = np.maximum(by_band.sum(axis=1), 1)
    return by_band, np.bincount(practice, weights=pop.imd_score[alive],
                                minlength=n_practices) / heads


def test_the_census_gives_each_measure_as_numpy_defines_it(population):
    pop, n_practices = population
    census = Census.of(pop, n_practices)
    assert census.living == int(pop.alive.sum())
    assert census.ltc_prevalence == float(np.mean(pop.ltc[pop.alive] > 0))
    for name in CONDITIONS:
        assert census.prevalence(name) == prevalence_of(name, pop.conditions, pop.alive,
                                                        pop.age)
        assert census.severe_share(name) == severe_share_of(name, pop.conditions,
                                                            pop.severe, pop.alive)
    by_band, imd = _list_profiles_by_numpy(pop, n_practices)
    assert np.array_equal(census.by_practice_band, by_band)
    assert np.array_equal(practice_list_profiles(census)["imd_score"], imd)


def test_only_adults_count_on_the_diabetes_register():
    """Children with a diabetes bit count in the severe share, not the QOF prevalence."""
    diabetes = np.uint8(1 << CONDITIONS.index("diabetes"))
    age = np.array([10.0, 16.9, 17.0, 40.0, 70.0])
    alive = np.array([True, True, True, True, False])
    conditions = np.array([diabetes, diabetes, 0, diabetes, diabetes], dtype=np.uint8)
    severe = np.array([diabetes, 0, 0, 0, diabetes], dtype=np.uint8)
    pop = _Columns(age=age, alive=alive, conditions=conditions, severe=severe)
    census = Census.of(pop, 1)
    assert census.prevalence("diabetes") == prevalence_of("diabetes", conditions, alive,
                                                          age) == 0.5
    assert census.severe_share("diabetes") == severe_share_of("diabetes", conditions,
                                                              severe, alive) == 1 / 3


def test_with_no_one_living_every_share_is_nan():
    pop = _Columns(age=np.array([50.0]), alive=np.array([False]),
                   conditions=np.array([15], dtype=np.uint8),
                   severe=np.array([15], dtype=np.uint8))
    census = Census.of(pop, 1)
    assert math.isnan(census.ltc_prevalence)
    assert all(math.isnan(census.prevalence(name)) and math.isnan(census.severe_share(name))
               for name in CONDITIONS)
    assert practice_list_profiles(census)["share_age_75_plus"].tolist() == [0.0]


class _Columns:
    """The population columns the census reads, for people given by hand (one practice,
    no long-term conditions, the band of each age)."""

    def __init__(self, age, alive, conditions, severe):
        n = len(age)
        self.age, self.alive, self.conditions, self.severe = age, alive, conditions, severe
        self.band = band_of(age).astype(np.int8)
        self.practice = np.zeros(n, dtype=np.int32)
        self.ltc = np.zeros(n, dtype=np.int16)  # the population's dtypes
        self.imd_score = np.full(n, 20.0, dtype=np.float32)
