"""The ledger: payments in whole pennies, by month, category and payee."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.money.ledger import SECONDARY_CARE, Category, Ledger, to_pennies
from sim.results.recorder import SPEND_COLUMNS


def test_to_pennies_rounds_to_whole_pennies():
    assert to_pennies(1.0) == 100
    assert to_pennies(12.345678) == 1235
    assert to_pennies(0.004) == 0
    assert to_pennies(1234567.891) == 123456789
    assert isinstance(to_pennies(2.5), int)


def test_pay_records_pennies_by_month_category_and_payee():
    ledger = Ledger()
    assert ledger.pay(0, "pct", "trust_0", Category.ACUTE_EMERGENCY, 2200.004) == 220000
    ledger.pay(0, "pct", "trust_0", Category.OUTPATIENT, 160.0)
    ledger.pay(0, "pct", "trust_1", Category.ACUTE_EMERGENCY, 100.5)
    ledger.pay(1, "pct", "trust_0", Category.ACUTE_EMERGENCY, 50.0)
    spend = ledger.month_spend(0)
    assert set(spend) == set(Category)
    assert spend[Category.ACUTE_EMERGENCY] == pytest.approx(2300.50, abs=1e-9)
    assert spend[Category.OUTPATIENT] == 160.0
    assert spend[Category.PRESCRIBING] == 0.0
    assert ledger.month_pennies(0) == 220000 + 16000 + 10050
    assert ledger.month_pennies(1) == 5000
    assert ledger.month_pennies(7) == 0  # a month with no payments
    assert ledger.received(0, "trust_0") == 2360.0
    assert ledger.received(0, "trust_1") == 100.5
    assert ledger.received(1, "trust_1") == 0.0
    frame = ledger.to_frame()
    assert list(frame.columns) == ["month", "payer", "payee", "category", "amount"]
    assert len(frame) == 4
    assert frame["amount"].sum() == pytest.approx(2510.5, abs=1e-9)
    assert set(frame["category"]) == {"acute_emergency", "outpatient"}


def test_negative_payments_are_refused_and_zero_payments_not_recorded():
    ledger = Ledger()
    with pytest.raises(ValueError, match="negative"):
        ledger.pay(0, "pct", "trust_0", Category.AE, -1.0)
    assert ledger.pay(0, "pct", "trust_0", Category.AE, 0.0) == 0
    assert ledger.pay(0, "pct", "trust_0", Category.AE, 0.001) == 0  # under half a penny
    assert len(ledger.to_frame()) == 0
    assert ledger.month_pennies(0) == 0


def test_empty_ledger_frame_has_the_columns():
    frame = Ledger().to_frame()
    assert list(frame.columns) == ["month", "payer", "payee", "category", "amount"]
    assert frame.empty


payments = st.lists(st.tuples(
    st.integers(0, 5),
    st.sampled_from(["trust_0", "trust_1", "practice_000", "dispensers"]),
    st.sampled_from(list(Category)),
    st.floats(0, 5e6, allow_nan=False),
), max_size=60)


@given(payments)
def test_totals_are_exact_sums_of_rounded_payments(rows):
    ledger = Ledger()
    expected_month: dict[int, int] = {}
    expected_payee: dict[tuple[int, str], int] = {}
    for month, payee, category, pounds in rows:
        pennies = ledger.pay(month, "pct", payee, category, pounds)
        assert pennies == to_pennies(pounds)
        expected_month[month] = expected_month.get(month, 0) + pennies
        expected_payee[(month, payee)] = expected_payee.get((month, payee), 0) + pennies
    for month in range(6):
        total = ledger.month_pennies(month)
        assert total == expected_month.get(month, 0)
        by_category = ledger.month_spend(month)
        assert sum(by_category.values()) == pytest.approx(total / 100.0, abs=0.005)
        for payee in ("trust_0", "trust_1", "practice_000", "dispensers"):
            assert ledger.received(month, payee) == expected_payee.get((month, payee), 0) / 100
    frame = ledger.to_frame()
    assert (frame["amount"] > 0).all()
    by_month = frame.groupby("month")["amount"].sum()
    for month, pounds in by_month.items():
        assert pounds == pytest.approx(expected_month[month] / 100.0, abs=0.005)


def test_every_category_is_a_spend_column():
    assert tuple(f"spend_{c.value}" for c in Category) == SPEND_COLUMNS
    assert set(SECONDARY_CARE) < set(Category)
    assert Category.PRIMARY_CARE not in SECONDARY_CARE
    assert Category.PRESCRIBING not in SECONDARY_CARE
    assert Category.MANAGEMENT not in SECONDARY_CARE
