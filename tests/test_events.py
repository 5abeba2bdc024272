"""Drawing who has an event: ``draw_events`` and ``draw_once``."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.people.draws import draw_events, draw_once

rates = hnp.arrays(np.float64, st.integers(0, 60),
                   elements=st.one_of(st.just(0.0), st.floats(1e-6, 3.0)))


def test_empty_and_zero_rates_draw_nothing(rng):
    assert len(draw_events(np.zeros(0), rng)) == 0
    assert len(draw_events(np.zeros(1000), rng)) == 0
    assert len(draw_once(np.zeros(1000), rng)) == 0


@settings(max_examples=60)
@given(rates, st.integers(0, 2**32 - 1))
def test_events_only_fall_on_rows_with_a_positive_rate(rate, seed):
    rng = np.random.default_rng(seed)
    rows = draw_events(rate, rng)
    assert rows.dtype.kind == "i"
    assert np.all((rows >= 0) & (rows < len(rate)))
    assert np.all(rate[rows] > 0)
    once = draw_once(rate, rng)
    assert np.all(np.diff(once) > 0)  # sorted and unique
    assert np.all(rate[once] > 0)


def test_total_count_is_poisson_with_the_summed_rate(rng):
    rate = np.full(10_000, 0.002)  # 20 expected events a draw
    counts = np.array([len(draw_events(rate, rng)) for _ in range(2000)])
    assert abs(counts.mean() - 20.0) < 0.5  # sd of the mean ~0.1
    assert abs(counts.var() - 20.0) < 2.5  # Poisson: variance equals mean


def test_each_row_gets_events_in_proportion_to_its_rate(rng):
    rate = np.array([0.0, 1.0, 2.0, 0.0, 5.0, 2.0])
    counts = np.zeros(len(rate))
    for _ in range(4000):
        np.add.at(counts, draw_events(rate, rng), 1)
    expected = rate * 4000
    assert counts[0] == counts[3] == 0
    np.testing.assert_allclose(counts, expected, rtol=0.05)


def test_a_row_can_have_several_events_but_draw_once_counts_it_once(rng):
    rate = np.array([3.0])
    many = [draw_events(rate, rng) for _ in range(500)]
    assert max(len(m) for m in many) > 1
    once = [draw_once(rate, rng) for _ in range(2000)]
    share = np.mean([len(o) for o in once])
    assert abs(share - (1 - np.exp(-3.0))) < 0.02


def test_draw_once_probability_is_one_minus_exp_minus_rate(rng):
    rate = np.array([0.1, 0.5, 1.0, 0.0])
    hits = np.zeros(len(rate))
    for _ in range(20_000):
        hits[draw_once(rate, rng)] += 1
    np.testing.assert_allclose(hits / 20_000, 1 - np.exp(-rate), atol=0.01)


def test_same_seed_same_draws():
    rate = np.random.default_rng(1).random(500) * 0.01
    a = draw_events(rate, np.random.default_rng(5))
    b = draw_events(rate, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
