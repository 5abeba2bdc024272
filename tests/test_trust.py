"""Acute trusts under payment by results: the marginal emergency tariff, plans, accounts."""

from __future__ import annotations

import mesa
import pytest
from helpers import run_model, small_scenario
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.agents import AcuteTrust
from sim.mechanisms.pbr_drift import drift
from sim.model import HealthEconomy
from sim.parameters import Parameters

PARAMS = Parameters()
TARIFF = PARAMS.tariff_emergency


def new_trust(baseline: float, params: Parameters = PARAMS) -> AcuteTrust:
    trust = AcuteTrust(mesa.Model(), 0, params)
    trust.emergency_baseline = baseline
    return trust


def year_due(admissions: int, baseline: float, rate: float, tariff: float = TARIFF) -> float:
    return tariff * (min(admissions, baseline) + rate * max(admissions - baseline, 0))


@settings(max_examples=300)
@given(monthly=st.lists(st.integers(0, 2000), min_size=12, max_size=12),
       baseline=st.floats(0, 20_000, allow_nan=False),
       rate=st.floats(0, 1))
def test_a_years_payments_add_up_to_the_marginal_rule(monthly, baseline, rate):
    trust = new_trust(baseline)
    payments = [trust.emergency_payment(count, month_of_year, rate)
                for month_of_year, count in enumerate(monthly, start=1)]
    total = sum(monthly)
    assert sum(payments) == pytest.approx(year_due(total, baseline, rate), rel=1e-9, abs=1e-6)
    # no month's payment is negative (a month may settle earlier admissions at full
    # tariff as the year-to-date baseline catches up), and to date the trust has earned
    # between the marginal share and the full tariff for every admission
    assert min(payments) >= -1e-9
    to_date = paid = 0.0
    for count, payment in zip(monthly, payments, strict=True):
        to_date += count
        paid += payment
        assert rate * TARIFF * to_date - 1e-6 <= paid <= TARIFF * to_date + 1e-6
    assert trust.year.emergency_admissions == total


@given(monthly=st.lists(st.integers(0, 500), min_size=12, max_size=12),
       baseline=st.floats(1, 5000))
def test_full_rate_pays_full_tariff_and_zero_rate_nothing_above_baseline(monthly, baseline):
    full = new_trust(baseline)
    assert sum(full.emergency_payment(c, i + 1, 1.0) for i, c in enumerate(monthly)) == \
        pytest.approx(TARIFF * sum(monthly), rel=1e-12)
    nothing = new_trust(baseline)
    paid = sum(nothing.emergency_payment(c, i + 1, 0.0) for i, c in enumerate(monthly))
    assert paid == pytest.approx(TARIFF * min(sum(monthly), baseline), rel=1e-9, abs=1e-6)


def test_payment_examples():
    trust = new_trust(baseline=120.0)  # ten a month
    assert trust.emergency_payment(10, 1, 0.3) == pytest.approx(10 * TARIFF)
    # 15 against a year-to-date threshold of 20: all at full tariff
    assert trust.emergency_payment(5, 2, 0.3) == pytest.approx(5 * TARIFF)
    # 25 against 30 after month 3: still under
    assert trust.emergency_payment(10, 3, 0.3) == pytest.approx(10 * TARIFF)
    # 45 against 40: 15 admitted this month, 10 more allowed at full tariff, 5 at 30%
    assert trust.emergency_payment(20, 4, 0.3) == pytest.approx(15 * TARIFF + 5 * 0.3 * TARIFF)


def test_admitting_drift_compounds_to_the_annual_growth():
    trust = new_trust(0.0)
    for _ in range(12):
        drift(trust)
    assert trust.admitting_factor == pytest.approx(1 + PARAMS.pbr_short_stay_growth, rel=1e-12)


def test_plan_year_sets_costs_capacity_and_resets_the_year():
    trust = new_trust(100.0)
    trust.year.income = 5.0
    trust.year.emergency_admissions = 7
    trust.plan_year(1_200_000.0, decisions_to_admit_per_month=100.0, waiting_list=320,
                    months=6)
    assert trust.fixed_costs == pytest.approx(PARAMS.trust_fixed_cost_share * 600_000.0)
    target_list = PARAMS.elective_target_wait_months * 100.0
    assert trust.elective_capacity == round(100 + (320 - target_list) / 12)
    assert trust.year.income == 0 and trust.year.emergency_admissions == 0
    trust.plan_year(0.0, 0.0, 0, 12)
    assert trust.elective_capacity == 0  # never negative


def test_close_year_is_income_less_fixed_and_variable_costs():
    trust = new_trust(0.0)
    trust.plan_year(1_000_000.0, 10.0, 20, 12)
    trust.year.income = 900_000.0
    trust.year.activity_at_full_tariff = 950_000.0
    accounts = trust.close_year()
    costs = PARAMS.trust_fixed_cost_share * 1_000_000 + (
        1 - PARAMS.trust_fixed_cost_share) * 950_000
    assert accounts["costs"] == pytest.approx(costs)
    assert accounts["surplus"] == pytest.approx(900_000 - costs)


def emergency_paid_and_due(start: str, months: int) -> tuple[float, float]:
    """A one-trust run: what the trust was paid for emergencies, and what the rule says.

    The rule counts admissions; each month's admissions are paid at their own case-mix
    prices, scaled by the share of them the rule pays (``sim.money.payments``).
    """
    model = run_model(small_scenario(size=20_000, practices=4, months=months, start=start,
                                     providers={"acute_trusts": 1}, seed=3))
    baseline_per_month = model.trusts[0].emergency_baseline / 12.0
    counts = model.recorder.timeseries()["emergency_admissions"].to_numpy()
    values = model.recorder.practices().groupby("date")["cost_emergency"].sum().to_numpy()
    rate, tariff = model.params.marginal_emergency_rate, model.params.tariff_emergency
    due, before = 0.0, 0
    for month, (count, value) in enumerate(zip(counts, values, strict=True), start=1):
        after = before + int(count)
        at_tariff = (year_due(after, baseline_per_month * month, rate, tariff)
                     - year_due(before, baseline_per_month * (month - 1), rate, tariff))
        due += at_tariff * value / (count * tariff) if count else 0.0
        before = after
    assert before > baseline_per_month * months * 0.5  # the rule's both sides are used
    ledger = model.ledger.to_frame()
    paid = ledger.loc[ledger["category"] == "acute_emergency", "amount"].sum()
    return paid, due


@pytest.mark.parametrize("months", [12, 6])  # a full year; a year cut short by the run's end
def test_a_model_year_pays_trusts_by_the_marginal_rule(months):
    paid, due = emergency_paid_and_due("2010-04", months)
    assert paid == pytest.approx(due, abs=0.01 * months)  # each month rounded to the penny


def test_a_part_year_prorates_the_emergency_baseline():
    """A run starting in October has a six-month first year: the marginal rule applies
    above half the annual baseline.

    Fails while sim/model.py passes the calendar month of the financial year (7..12)
    as ``month_of_year``, so the year-to-date baseline includes April-September, which
    were never simulated, and every admission is paid full tariff.
    """
    paid, due = emergency_paid_and_due("2010-10", 6)
    assert paid == pytest.approx(due, abs=0.01 * 6)


# --- trusts decide on their margins (sim.mechanisms.pbr_drift) ----------------------------
def test_an_extra_admission_above_baseline_loses_money_under_the_marginal_rule():
    trust = new_trust(1200.0)
    variable = 1 - PARAMS.trust_fixed_cost_share
    assert trust.margin_on_extra_admission(1.0) == pytest.approx(1 - variable)
    assert trust.margin_on_extra_admission(0.3) == pytest.approx(0.3 - variable)
    assert trust.margin_on_extra_admission(1.0) > 0 > trust.margin_on_extra_admission(0.3)
    trust.move_to_block({"acute_emergency": 1.0}, 1.0)
    assert trust.margin_on_extra_admission(1.0) == pytest.approx(-variable)
    trust.move_to_block({"acute_emergency": 1.0}, 0.5)
    assert trust.margin_on_extra_admission(1.0) == pytest.approx(0.5 - variable)


def test_the_marginal_rate_applies_only_above_the_year_to_date_baseline():
    trust = new_trust(1200.0)  # 100 a month
    trust.year.emergency_admissions = 250
    assert trust.marginal_income_share(0.3, 3) == 1.0  # below 300 after three months
    trust.year.emergency_admissions = 350
    assert trust.marginal_income_share(0.3, 3) == 0.3
    assert trust.marginal_income_share(0.3, 0) == 0.3  # April: where it stood last month


def year_of_drift(driver: str, marginal_income: float, block_share: float = 0.0) -> float:
    trust = new_trust(0.0)
    if block_share:
        trust.move_to_block({"acute_emergency": 1.0}, block_share)
    for _ in range(12):
        drift(trust, driver, marginal_income)
    return trust.admitting_factor


def test_with_the_margin_driver_admitting_follows_the_margin():
    full, marginal = year_of_drift("margin", 1.0), year_of_drift("margin", 0.3)
    part, block = year_of_drift("margin", 0.3, 0.5), year_of_drift("margin", 0.3, 1.0)
    assert full > marginal > part > block
    independent = 1 + PARAMS.pbr_short_stay_growth * (1 - PARAMS.drift_payment_share)
    assert marginal < independent < full  # the payment-driven part turns negative
    assert block > 1.0  # the growth no payment rule changes goes on


def test_the_other_drift_drivers_do_what_they_say():
    growth = 1 + PARAMS.pbr_short_stay_growth
    assert year_of_drift("payment_rule", 0.3) == pytest.approx(growth)
    assert year_of_drift("payment_rule", 1.0, 1.0) == 1.0
    for income, share in ((1.0, 0.0), (0.3, 0.0), (0.3, 1.0)):
        assert year_of_drift("independent", income, share) == pytest.approx(growth)


def test_a_part_block_pays_its_fixed_sums_plus_the_rest_of_activity():
    def first_month(share: float):
        model = HealthEconomy(small_scenario(months=2, mechanisms={"pbr_drift": False}))
        model.step()  # April: contracts set, trusts on payment by results
        block = {"acute_elective": 1000.0, "outpatient": 500.0}
        for trust in model.trusts:
            trust.move_to_block(block, share)
        model.step()
        return model.ledger.month_spend(1), len(model.trusts)

    whole, trusts = first_month(0.0)
    part, _ = first_month(0.4)
    for category, fixed in (("acute_elective", 1000.0), ("outpatient", 500.0)):
        key = next(c for c in whole if c.value == category)
        assert part[key] == pytest.approx(trusts * 0.4 * fixed + 0.6 * whole[key], abs=0.02)
    ae = next(c for c in whole if c.value == "ae")
    assert part[ae] == pytest.approx(0.6 * whole[ae], abs=0.02)


def test_a_block_costs_elective_capacity_in_proportion_to_its_share():
    from types import SimpleNamespace

    from sim.mechanisms.block_contracts import agree_blocks

    model = HealthEconomy(small_scenario(months=1))
    model.step()
    body = SimpleNamespace(rules=SimpleNamespace(trust_payment="block"), stage=0)
    for practice in model.practices[: len(model.practices) // 2]:
        practice.commissioner = body
    before = [t.elective_capacity for t in model.trusts]
    agree_blocks(model, 0, model._expected())
    loss = model.params.block_elective_throughput_loss
    for trust, capacity in zip(model.trusts, before, strict=True):
        assert 0 <= trust.block_share <= 1
        assert trust.elective_capacity == round(capacity * (1 - loss * trust.block_share))
    assert any(t.block_share > 0 for t in model.trusts)
