"""Budget holders cut from one economy: exact sizes, disjoint, sums that match a count."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.risk import IntervalSums, make_partitions
from sim.risk.holders import KeyLine, person_keys


def people(n: int, n_practices: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    person_id = np.sort(rng.choice(3 * n, n, replace=False))
    practice = rng.integers(0, n_practices, n)
    uniform = rng.random(3 * n)
    return person_id, practice, uniform


@settings(max_examples=40, deadline=None)
@given(n=st.integers(50, 400), size=st.integers(1, 120), grouping=st.sampled_from(
    ["practices", "random"]), seed=st.integers(0, 1000))
def test_holders_have_exactly_their_size_and_do_not_overlap(n, size, grouping, seed):
    person_id, practice, uniform = people(n, 7, seed)
    line = KeyLine(grouping, 7, person_id, practice, uniform)
    keys = line.keys(person_id, practice)
    parts = make_partitions(line.sorted_keys(person_id, practice), line.span, size, 3,
                            np.random.default_rng(seed))
    assert parts.holders == n // size
    sums = line.interval_sums(person_id, practice)
    counts = sums(np.ones(n), parts)
    np.testing.assert_allclose(counts, size)
    for p in range(parts.count):
        seen = np.zeros(n, int)
        for h in range(parts.holders):
            seen += parts.contains(keys, p, h)
        assert seen.max() <= 1  # no one is in two holders of one partition
        assert seen.sum() == parts.holders * size


def test_interval_sums_match_brute_force():
    person_id, practice, uniform = people(300, 5, seed=4)
    keys = person_keys("practices", person_id, practice, uniform)
    values = np.random.default_rng(1).gamma(0.5, 1000, 300)
    parts = make_partitions(np.sort(keys), 5.0, 40, 4, np.random.default_rng(2))
    sums = IntervalSums(keys, 5.0)(values, parts)
    for p in range(parts.count):
        for h in range(parts.holders):
            inside = parts.contains(keys, p, h)
            assert sums[p, h] == pytest.approx(values[inside].sum())


def test_practice_holders_follow_practices_and_random_ones_do_not():
    person_id, practice, uniform = people(2000, 10, seed=7)
    for grouping, most_practices in (("practices", 3), ("random", 10)):
        line = KeyLine(grouping, 10, person_id, practice, uniform)
        keys = line.keys(person_id, practice)
        parts = make_partitions(line.sorted_keys(person_id, practice), line.span, 200, 1,
                                np.random.default_rng(0))
        inside = parts.contains(keys, 0, 0)
        assert len(np.unique(practice[inside])) <= most_practices


def test_key_order_without_sorting_matches_a_sort():
    person_id, practice, uniform = people(500, 6, seed=3)
    line = KeyLine("practices", 6, person_id, practice, uniform)
    subset = np.sort(np.random.default_rng(5).choice(len(person_id), 200, replace=False))
    ids, prac = person_id[subset], practice[subset]
    keys = line.keys(ids, prac)
    np.testing.assert_array_equal(keys[line.order(ids, prac)], np.sort(keys))
    moved = (prac + 1) % 6  # a practice changed: falls back to sorting
    np.testing.assert_array_equal(line.keys(ids, moved)[line.order(ids, moved)],
                                  np.sort(line.keys(ids, moved)))


def test_a_size_larger_than_the_area_gives_no_holders():
    parts = make_partitions(np.sort(np.random.default_rng(0).random(50)), 1.0, 60, 2,
                            np.random.default_rng(0))
    assert parts.holders == 0
