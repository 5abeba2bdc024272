"""``sim.stats``: t quantiles, intervals of a mean and paired differences over replicates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.stats import Interval, mean_interval, paired_difference, t_quantile


@pytest.mark.parametrize(("df", "expected"), [
    (1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (30, 2.042), (120, 1.980)])
def test_t_quantile_matches_the_printed_tables(df, expected):
    assert t_quantile(df) == pytest.approx(expected, abs=5e-4)


def test_t_quantile_falls_to_the_normal_quantile():
    values = [t_quantile(df) for df in range(1, 400)]
    assert all(a > b for a, b in zip(values, values[1:], strict=False))
    assert t_quantile(1_000_000) == pytest.approx(1.959964, abs=1e-5)


def test_t_quantile_at_other_levels():
    assert t_quantile(10, level=0.90) == pytest.approx(1.812, abs=5e-4)
    assert t_quantile(10, level=0.99) == pytest.approx(3.169, abs=5e-4)


@pytest.mark.parametrize(("df", "level"), [(0, 0.95), (5, 0.0), (5, 1.0)])
def test_t_quantile_refuses_what_has_no_answer(df, level):
    with pytest.raises(ValueError):
        t_quantile(df, level)


def test_mean_interval_of_a_known_sample():
    interval = mean_interval([2.0, 4.0, 6.0, 8.0])  # mean 5, sd sqrt(20/3)
    sd = math.sqrt(20 / 3)
    half = 3.182446 * sd / 2  # t(0.975, 3) sd / sqrt(4)
    assert interval.mean == 5.0
    assert interval.sd == pytest.approx(sd)
    assert (interval.low, interval.high) == pytest.approx((5 - half, 5 + half))
    assert interval.clear


def test_a_wider_level_gives_a_wider_interval():
    values = [1.0, 3.0, 2.0, 5.0]
    narrow, wide = mean_interval(values, level=0.8), mean_interval(values, level=0.99)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_too_few_values_have_no_interval():
    one = mean_interval([3.0])
    assert one.mean == 3.0 and math.isnan(one.sd) and math.isnan(one.low)
    assert not one.clear
    none = mean_interval(np.array([]))
    assert all(math.isnan(v) for v in (none.mean, none.sd, none.low, none.high))


def test_an_interval_is_clear_only_when_it_excludes_zero():
    assert Interval(1.0, 1.0, 0.5, 1.5).clear
    assert Interval(-1.0, 1.0, -1.5, -0.5).clear
    assert not Interval(0.2, 1.0, -0.5, 0.9).clear


def test_paired_difference_is_taken_replicate_by_replicate():
    reference = [100.0, 200.0, 300.0]
    values = [102.0, 201.0, 303.0]  # differences 2, 1, 3: mean 2, sd 1
    interval = paired_difference(values, reference)
    half = 4.302653 / math.sqrt(3)
    assert (interval.mean, interval.sd) == pytest.approx((2.0, 1.0))
    assert (interval.low, interval.high) == pytest.approx((2 - half, 2 + half))
    # unpaired, the spread between replicates (sd 100) would swamp the difference
    assert interval.high - interval.low < 10


def test_paired_difference_needs_one_value_per_replicate_on_both_sides():
    with pytest.raises(ValueError, match="one per replicate"):
        paired_difference([1.0, 2.0], [1.0, 2.0, 3.0])
