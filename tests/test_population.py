"""The columnar population: synthesis, appending, compaction and patient views."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.parameters import Parameters
from sim.people import blocks
from sim.people.age_profile import BAND_LOWER_AGES, BANDS, OLDEST_AGE, band_of, load_age_profile
from sim.people.cancer import seed_cancers
from sim.people.conditions import COUNT_BY_MASK
from sim.people.population import (
    COLUMNS,
    NOT_WAITING,
    Population,
    expected_ltc,
    main_trust,
    synthesise,
)

PARAMS = Parameters()
PROFILE = load_age_profile()


@pytest.fixture(scope="module")
def big():
    """A 60,000-person synthetic population (for distributional checks)."""
    return synthesise(60_000, 10, 3, PARAMS, PROFILE, np.random.default_rng(3))


def test_synthesised_population_has_everyone_alive_with_unique_ids(big):
    assert big.n == big.size == 60_000
    assert big.alive.all()
    np.testing.assert_array_equal(big.person_id, np.arange(60_000))
    assert (big.waiting_since == NOT_WAITING).all()
    for column in ("emergency_this_year", "emergency_last_year", "hospital_cost_this_year"):
        assert (getattr(big, column) == 0).all()


def test_synthesised_attributes_are_in_range(big):
    assert big.age.min() >= 0 and big.age.max() < OLDEST_AGE
    assert set(np.unique(big.deprivation)) == {0, 1, 2, 3, 4}
    assert big.ltc.min() >= 0
    assert big.practice.min() == 0 and big.practice.max() == 9
    assert set(np.unique(big.trust)) == {0, 1, 2}
    assert (big.gp_propensity > 0).all()


def test_age_structure_matches_the_profile(big):
    shares = np.bincount(band_of(big.age), minlength=len(BANDS)) / big.n
    target = PROFILE["population_share"] / PROFILE["population_share"].sum()
    np.testing.assert_allclose(shares, target, atol=0.006)


def test_female_share_follows_the_profile_in_old_age(big):
    old = big.age >= 85
    assert abs(big.female[old].mean() - PROFILE["female_share"][-1]) < 0.04
    young = big.age < 5
    assert abs(big.female[young].mean() - PROFILE["female_share"][0]) < 0.03


def test_frailty_and_propensity_have_mean_one(big):
    assert abs(np.exp(big.log_frailty).mean() - 1.0) < 0.02
    assert abs(big.gp_propensity.mean() - 1.0) < 0.02


def test_ltc_prevalence_rises_with_age_and_deprivation(big):
    old, young = big.ltc[big.age >= 75].mean(), big.ltc[big.age < 45].mean()
    assert old > 2 * young
    most, least = big.ltc[big.deprivation == 4].mean(), big.ltc[big.deprivation == 0].mean()
    assert most > least
    # the Poisson draw has the expected mean; the named conditions count as LTCs too
    named = COUNT_BY_MASK[big.conditions]
    assert np.all(big.ltc >= named)
    expected = expected_ltc(big.age, big.deprivation, PARAMS).mean()
    assert expected - 0.02 < big.ltc.mean() < expected + named.mean() + 0.02


def test_most_patients_use_their_practices_main_trust(big):
    usual = big.trust == main_trust(big.practice, 10, 3)
    assert abs(usual.mean() - PARAMS.usual_trust_share) < 0.01


def test_practices_differ_in_deprivation(big):
    means = np.array([big.deprivation[big.practice == p].mean() for p in range(10)])
    assert means.max() - means.min() > 1.0  # sorted by deprivation with noise


def test_list_sizes_add_up_to_the_population(big):
    sizes = np.bincount(big.practice, minlength=10)
    assert sizes.sum() == 60_000
    assert (sizes > 0).all()


@given(st.integers(1, 60), st.integers(1, 20))
def test_main_trust_covers_every_trust_in_order(n_practices, n_trusts):
    if n_trusts > n_practices:
        n_trusts = n_practices
    trust = main_trust(np.arange(n_practices), n_practices, n_trusts)
    assert trust.min() == 0 and trust.max() == n_trusts - 1
    assert np.all(np.diff(trust) >= 0)  # neighbouring practices share a trust
    assert set(trust) == set(range(n_trusts))


def test_append_grows_capacity_and_keeps_existing_rows():
    pop = Population(capacity=2)
    first = pop.append({"age": np.array([10.0, 20.0]), "ltc": np.array([0, 1])})
    np.testing.assert_array_equal(first, [0, 1])
    second = pop.append({"age": np.array([30.0, 40.0, 50.0]),
                         "waiting_since": np.array([3, 4, 5], dtype=np.int32)})
    np.testing.assert_array_equal(second, [2, 3, 4])
    assert pop.n == 5 and pop.size == 5
    np.testing.assert_array_equal(pop.age, [10, 20, 30, 40, 50])
    np.testing.assert_array_equal(pop.ltc, [0, 1, 0, 0, 0])
    np.testing.assert_array_equal(pop.person_id, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(pop.waiting_since[:2], [NOT_WAITING, NOT_WAITING])
    np.testing.assert_array_equal(pop.waiting_since[2:], [3, 4, 5])
    for name, dtype in COLUMNS.items():
        assert getattr(pop, name).dtype == np.dtype(dtype)


def test_compact_drops_departed_rows_and_keeps_ids():
    pop = Population(capacity=10)
    pop.append({"age": np.arange(6, dtype=np.float64)})
    pop.alive[[1, 4]] = False
    assert pop.size == 4 and pop.n == 6
    pop.compact()
    assert pop.n == pop.size == 4
    np.testing.assert_array_equal(pop.person_id, [0, 2, 3, 5])
    np.testing.assert_array_equal(pop.age, [0, 2, 3, 5])
    # ids keep counting after compaction
    new = pop.append({"age": np.array([9.0])})
    assert pop.person_id[new[0]] == 6
    assert pop.row_of(5) == 3


def test_patient_view_reads_the_current_row():
    pop = Population(capacity=4)
    pop.append({"age": np.array([50.0, 60.0]), "ltc": np.array([2, 3]),
                "female": np.array([True, False])})
    patient = pop.patient(1)
    assert patient.age == 60.0 and patient.ltc == 3 and patient.female is False
    pop.alive[0] = False
    pop.compact()
    assert pop.patient(1).age == 60.0  # found by id after rows moved
    record = patient.as_dict()
    assert set(record) == set(COLUMNS)
    with pytest.raises(KeyError):
        pop.patient(0)  # compacted away
    with pytest.raises(KeyError):
        pop.row_of(99)
    with pytest.raises(AttributeError):
        _ = pop.no_such_column


def test_band_of_uses_the_lower_ages():
    ages = np.array([0.0, 4.99, 5.0, 14.9, 15.0, 44.99, 45.0, 64.9, 65.0, 84.99, 85.0, 104.9,
                     OLDEST_AGE, OLDEST_AGE + 3])
    np.testing.assert_array_equal(band_of(ages), [0, 0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 7, 7])
    lower = band_of(BAND_LOWER_AGES)
    np.testing.assert_array_equal(lower, np.arange(len(BANDS)))


@given(rows=st.integers(0, 5_000), block=st.integers(1, 2_000))
def test_row_blocks_cover_every_row_once_in_order(rows, block):
    covered = [i for part in blocks.row_blocks(rows, block) for i in range(rows)[part]]
    assert covered == list(range(rows))
    assert all(part.stop - part.start <= block for part in blocks.row_blocks(rows, block))


@pytest.mark.parametrize("block_rows", [1_000, 7_777])
def test_the_starting_people_do_not_depend_on_the_block_size(big, block_rows, monkeypatch):
    """Ages, neighbourhood scores and starting cancers are worked out a block of rows at
    a time (``sim.people.blocks``, so a large population's build holds no
    population-sized temporaries); ``big`` was built in one block, and every person's
    values are the same to the last bit in blocks of any size."""
    in_one_block = copy.deepcopy(big)
    seed_cancers(in_one_block, PARAMS, np.random.default_rng(4))
    monkeypatch.setattr(blocks, "BLOCK_ROWS", block_rows)
    in_blocks = synthesise(60_000, 10, 3, PARAMS, PROFILE, np.random.default_rng(3))
    seed_cancers(in_blocks, PARAMS, np.random.default_rng(4))
    assert 0 < np.count_nonzero(in_blocks.cancer) < in_blocks.n
    for name in COLUMNS:
        np.testing.assert_array_equal(getattr(in_blocks, name), getattr(in_one_block, name),
                                      err_msg=name)
