"""Simulated time: month parsing, the clock and financial years (April to March)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.clock import Clock, parse_month

years = st.integers(1900, 2200)
months = st.integers(1, 12)


@given(years, months)
def test_parse_month_reads_every_valid_month(year, month):
    assert parse_month(f"{year:04d}-{month:02d}") == (year, month)


@pytest.mark.parametrize("text", ["2010-13", "2010-00", "2010-4", "10-04", "2010/04",
                                  "2010-04-01", "", "april", "1899-12", "2201-01", " 2010-04"])
def test_parse_month_rejects_impossible_or_malformed(text):
    with pytest.raises(ValueError, match="month|year|YYYY-MM"):
        parse_month(text)


def test_parse_month_error_explains_the_month_range():
    with pytest.raises(ValueError, match="01-12"):
        parse_month("2010-13")


@given(years.filter(lambda y: y < 2150), months, st.integers(0, 600))
def test_label_and_index_of_are_inverse(year, month, index):
    clock = Clock(year, month)
    label = clock.label(index)
    assert clock.index_of(label) == index
    assert clock.date(index) == pd.Timestamp(label + "-01")


def test_clock_counts_calendar_months_across_year_ends():
    clock = Clock.starting("2010-11")
    assert [clock.label(i) for i in range(4)] == ["2010-11", "2010-12", "2011-01", "2011-02"]
    assert clock.index_of("2010-04") == -7
    assert clock.index_of("2012-11") == 24


@pytest.mark.parametrize("label, year", [
    ("2010-04", 2010), ("2010-12", 2010), ("2011-01", 2010), ("2011-03", 2010),
    ("2011-04", 2011), ("2009-03", 2008),
])
def test_financial_year_runs_april_to_march(label, year):
    clock = Clock.starting("2008-01")
    assert clock.financial_year(clock.index_of(label)) == year


@given(years.filter(lambda y: y < 2150), months, st.integers(0, 300))
def test_april_march_and_months_left_agree(year, month, index):
    clock = Clock(year, month)
    _, calendar_month = clock.year_month(index)
    left = clock.months_left_in_year(index)
    assert 1 <= left <= 12
    assert clock.is_april(index) == (calendar_month == 4) == (left == 12)
    assert clock.is_march(index) == (calendar_month == 3) == (left == 1)
    # the last month of this financial year is a March of the same financial year
    last = index + left - 1
    assert clock.is_march(last)
    assert clock.financial_year(last) == clock.financial_year(index)
    assert clock.financial_year(last + 1) == clock.financial_year(index) + 1


def test_months_left_in_year_examples():
    clock = Clock.starting("2010-04")
    assert [clock.months_left_in_year(i) for i in range(13)] == [
        12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 12]
