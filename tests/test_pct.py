"""The PCT: allocation path, marginal-rate rule, the year's plan and its accounts."""

from __future__ import annotations

import mesa
import numpy as np
import pytest
from helpers import financial_year_of, run_model, small_scenario

from sim.agents import PCT
from sim.money.allocation import allocation_per_head
from sim.parameters import Parameters

PARAMS = Parameters()


@pytest.mark.parametrize("year, expected", [
    (2008, 1450.0),
    (2009, 1450.0 * 1.055),
    (2010, 1450.0 * 1.055 ** 2),
    (2011, 1450.0 * 1.055 ** 2 * 1.02),
    (2012, 1450.0 * 1.055 ** 2 * 1.02 ** 2),
    (2019, 1450.0 * 1.055 ** 2 * 1.02 ** 9),
])
def test_allocation_path(year, expected):
    assert allocation_per_head(PARAMS, year) == pytest.approx(expected, rel=1e-12)


def test_allocation_growth_rates_by_year():
    growth = [allocation_per_head(PARAMS, y + 1) / allocation_per_head(PARAMS, y) - 1
              for y in range(2008, 2016)]
    assert growth[:2] == pytest.approx([0.055, 0.055], abs=1e-12)
    assert growth[2:] == pytest.approx([0.02] * 6, abs=1e-12)


def test_allocation_follows_its_parameters():
    params = Parameters(allocation_per_head_2008_09=1000, allocation_growth_2009_11=0.1,
                        allocation_growth_from_2011=0.0)
    assert allocation_per_head(params, 2010) == pytest.approx(1210.0)
    assert allocation_per_head(params, 2014) == pytest.approx(1210.0)


def test_marginal_rate_applies_from_2010_11():
    pct = PCT(mesa.Model(), PARAMS)
    assert pct.marginal_rate(2009) == 1.0
    assert pct.marginal_rate(2010) == PARAMS.marginal_emergency_rate
    pct.marginal_rate_setting = 0.5
    assert pct.marginal_rate(2012) == 0.5
    assert pct.marginal_rate(2008) == 1.0


def test_plan_year_splits_the_allocation():
    pct = PCT(mesa.Model(), PARAMS)
    plan = pct.plan_year(2010, months=6, population=10_000, expected_activity=3_000_000.0,
                         primary_care=800_000.0)
    assert plan.allocation == pytest.approx(allocation_per_head(PARAMS, 2010) * 10_000 / 2)
    assert plan.management == pytest.approx(PARAMS.management_per_head * 5_000)
    assert plan.community_block == pytest.approx(PARAMS.community_per_head * 5_000)
    assert plan.planned_surplus == pytest.approx(PARAMS.planned_surplus_share * plan.allocation)
    parts = (plan.planned_surplus + plan.expected_activity + 800_000.0 + plan.management
             + plan.community_block + plan.other_block)
    assert parts == pytest.approx(plan.allocation)


def test_block_contract_is_never_negative():
    pct = PCT(mesa.Model(), PARAMS)
    plan = pct.plan_year(2010, 12, 1000, expected_activity=1e9, primary_care=0.0)
    assert plan.other_block == 0.0


def test_model_allocation_is_per_head_times_population(small_run):
    ts = small_run.recorder.timeseries()
    years = financial_year_of(ts["date"])
    pct_accounts = [a for a in small_run.accounts if a["org_type"] == "pct"]
    assert [a["financial_year"] for a in pct_accounts] == sorted(set(years))
    for account in pct_accounts:
        year = ts[years == account["financial_year"]]
        # the allocation is set in April on the list after that month's demography
        people = int(year["population"].iloc[0])
        expected = allocation_per_head(PARAMS, account["financial_year"]) * people * (
            account["months"] / 12.0)
        assert account["income"] == pytest.approx(expected, rel=1e-12)
        assert year["budget_total"].sum() == pytest.approx(account["income"], abs=0.005)


def test_timeline_event_changes_the_marginal_rate_from_its_month():
    base = small_scenario(size=20_000, practices=4, months=12, seed=5,
                          providers={"acute_trusts": 1})
    changed = base.with_overrides(timeline=[
        {"event": "set_marginal_emergency_rate", "date": "2010-10", "rate": 1.0}])
    a, b = run_model(base), run_model(changed)
    ts_a, ts_b = a.recorder.timeseries(), b.recorder.timeseries()
    # same random numbers, so the same admissions and payments before October
    np.testing.assert_array_equal(ts_a["emergency_admissions"][:6],
                                  ts_b["emergency_admissions"][:6])
    np.testing.assert_array_equal(ts_a["spend_acute_emergency"][:6],
                                  ts_b["spend_acute_emergency"][:6])
    # from October every admission is paid its full (case-mix) price
    full_price = b.recorder.practices().groupby("date")["cost_emergency"].sum().to_numpy()
    np.testing.assert_allclose(ts_b["spend_acute_emergency"][6:], full_price[6:],
                               rtol=0, atol=0.005)
    assert b.pct.marginal_rate(2010) == 1.0
    assert ts_b["spend_acute_emergency"].sum() > ts_a["spend_acute_emergency"].sum()


def test_full_tariff_lifts_short_stay_admitting_only_when_drift_follows_margins():
    """Paying the full tariff for every admission turns the trust's extra short stays
    from a loss into a margin: under margin-driven drift it admits more from the change;
    under drift no payment rule moves, the admissions are the same draw for draw."""
    base = small_scenario(size=20_000, practices=4, months=12, seed=5,
                          providers={"acute_trusts": 1})
    event = [{"event": "set_marginal_emergency_rate", "date": "2010-10", "rate": 1.0}]
    margin = run_model(base.with_overrides(timeline=event)).recorder.timeseries()
    margin_base = run_model(base).recorder.timeseries()
    assert (margin["emergency_admissions"][6:].sum()
            > margin_base["emergency_admissions"][6:].sum())
    fixed = base.with_overrides(structure={"drift_driver": "independent"})
    still = run_model(fixed.with_overrides(timeline=event)).recorder.timeseries()
    still_base = run_model(fixed).recorder.timeseries()
    np.testing.assert_array_equal(still["emergency_admissions"],
                                  still_base["emergency_admissions"])
