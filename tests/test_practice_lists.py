"""Practice lists that differ as England's do (sim.people.practice_lists)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.parameters import Parameters
from sim.people.age_profile import BAND_LOWER_AGES, BANDS, band_of, load_age_profile
from sim.people.practice_lists import (
    IMD_QUINTILE_BOUNDARIES,
    draw_ages_within_bands,
    draw_practice_lists,
    imd_quintile,
    split_integer,
)

PROFILE = load_age_profile()
SHARES = PROFILE["population_share"] / PROFILE["population_share"].sum()


@pytest.fixture(scope="module")
def lists():
    """400 practices of 2,000 people: enough to see the spread between practices."""
    return draw_practice_lists(800_000, 400, Parameters(), PROFILE, np.random.default_rng(5))


def practice_shares(lists, mask):
    counts = np.bincount(lists.practice, minlength=400)
    return np.bincount(lists.practice, weights=mask, minlength=400) / counts


def test_the_area_keeps_englands_age_structure(lists):
    shares = np.bincount(band_of(lists.age), minlength=len(BANDS)) / len(lists.age)
    np.testing.assert_allclose(shares, SHARES, atol=0.002)


def test_practices_differ_in_age_mix_about_as_english_practices_do(lists):
    band = band_of(lists.age)
    # BJGP 2017 (7,478 practices): sd 3.3 points aged 75+, 3.5 aged 65-74, 1.7 aged 0-4
    assert 2.3 < 100 * practice_shares(lists, band >= 6).std() < 4.3
    assert 2.5 < 100 * practice_shares(lists, band == 5).std() < 4.5
    assert 1.0 < 100 * practice_shares(lists, band == 0).std() < 2.4


def test_practices_differ_in_deprivation_and_deprived_lists_are_younger(lists):
    imd = np.bincount(lists.practice, weights=lists.imd_score, minlength=400) / np.bincount(
        lists.practice, minlength=400)
    assert 19 < imd.mean() < 28 and 8 < imd.std() < 16  # BJGP 2017: mean 23.7, sd 11.8
    old = practice_shares(lists, band_of(lists.age) >= 5)
    assert np.corrcoef(imd, old)[0, 1] < -0.1


def test_quintiles_are_national_fifths(lists):
    shares = np.bincount(lists.deprivation, minlength=5) / len(lists.deprivation)
    # an area is a sample of localities, so it may lean a little either way
    np.testing.assert_allclose(shares, 0.2, atol=0.05)
    np.testing.assert_array_equal(imd_quintile(IMD_QUINTILE_BOUNDARIES + 0.01), [1, 2, 3, 4])
    assert imd_quintile(np.array([0.0]))[0] == 0


def test_neighbouring_practices_are_alike(lists):
    level = np.bincount(lists.practice, weights=np.log(lists.imd_score), minlength=400) / (
        np.bincount(lists.practice, minlength=400))
    locality = np.arange(400) // Parameters().practices_per_locality
    means = np.bincount(locality, weights=level) / np.bincount(locality)
    within = level - means[locality]
    assert within.var() < level.var() * 0.8


def test_ages_within_a_band_thin_out_towards_old_age():
    rng = np.random.default_rng(2)
    band = np.full(200_000, 6)  # 75-84
    age = draw_ages_within_bands(band, PROFILE["population_share"], rng)
    assert ((age >= BAND_LOWER_AGES[6]) & (age < BAND_LOWER_AGES[7])).all()
    young_half = np.mean(age < 80)
    assert young_half > 0.55  # more people at 75-79 than at 80-84, as in England
    flat = draw_ages_within_bands(np.full(100_000, 1), PROFILE["population_share"], rng)
    assert abs(np.mean(flat < 10) - 0.5) < 0.02  # 5-14: neighbours alike, nearly flat


@given(st.integers(0, 100_000), st.lists(st.floats(0.01, 100), min_size=1, max_size=30))
def test_split_integer_is_exact_and_proportional(total, weights):
    weights = np.array(weights)
    parts = split_integer(total, weights)
    assert parts.sum() == total
    assert (parts >= 0).all()
    exact = total * weights / weights.sum()
    assert np.all(np.abs(parts - exact) < 1.0)
