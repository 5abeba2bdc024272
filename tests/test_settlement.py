"""The year's settlement of a commissioner's budget (``sim.commissioning.settlement``)
and the split of spending into resource cost and transfers."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from helpers import run_model, small_scenario

from sim.commissioning.rule_sets import rules_for
from sim.commissioning.settlement import settle
from sim.money.ledger import Category, Ledger
from sim.parameters import Parameters

PARAMS = Parameters()


def body(budget: float, outturn: float, model: str = "consortia", services: float = 0.0,
         **levers):
    rules = rules_for(model, **levers)
    return SimpleNamespace(
        rules=rules, real_lines=("elective",) if rules.budget_at_risk else (),
        year=SimpleNamespace(budget={"elective": budget}, outturn={"elective": outturn},
                             services=services, budget_total=budget,
                             outturn_total=outturn + services))


def test_a_surplus_is_shared_between_practices_services_and_the_pct():
    result = settle(body(1000.0, 900.0), PARAMS)
    rules = rules_for("consortia")
    assert result.at_risk == pytest.approx(100.0)
    assert result.to_practices == pytest.approx(100.0 * rules.savings_share)
    assert result.pooled == pytest.approx(100.0 * rules.pooled_share)
    assert result.to_practices + result.pooled <= result.at_risk + 1e-9


def test_a_surplus_below_the_threshold_is_not_paid_out():
    threshold = PARAMS.savings_threshold
    small = settle(body(100_000.0, 100_000.0 * (1 - threshold / 2)), PARAMS)
    assert small.at_risk > 0 and not small.paid_out
    large = settle(body(100_000.0, 100_000.0 * (1 - 2 * threshold)), PARAMS)
    assert large.paid_out


def test_a_notional_budget_puts_nothing_at_risk_and_a_deficit_is_capped():
    assert settle(body(1000.0, 800.0, "pbc"), PARAMS).at_risk == 0.0
    capped = settle(body(1000.0, 2000.0, "fundholding"), PARAMS)
    assert capped.at_risk == pytest.approx(-rules_for("fundholding").risk_cap * 1000.0)
    assert not capped.paid_out


def test_pooled_savings_are_spent_on_services_over_the_year():
    model = run_model(small_scenario(size=20_000, practices=12, months=1,
                                     commissioning={"model": "consortia"}))
    system = model.commissioning
    fund_holder = system.commissioners[0]
    fund_holder.pooled_fund = 11_000.0  # May to March: eleven months left after April
    ledger = Ledger()
    for month in range(1, 12):
        system._spend_pooled_funds(ledger, month)
    spent = sum(ledger.month_spend(m)[Category.COMMUNITY] for m in range(1, 12))
    assert spent == pytest.approx(11_000.0, abs=0.1)
    assert fund_holder.pooled_fund == pytest.approx(0.0, abs=1e-6)


def test_resource_cost_and_transfers_reconcile_with_spend_and_bailouts():
    model = run_model(small_scenario(size=20_000, practices=12, months=24,
                                     commissioning={"model": "lcp"}))
    ts = model.recorder.timeseries()
    close = np.testing.assert_allclose
    close(ts["resource_cost"] + ts["transfers_savings_paid"], ts["spend_total"])
    close(ts["transfers"], ts["transfers_savings_paid"] + ts["transfers_bailouts"])
    close(ts["cost_to_nhs"], ts["spend_total"] + ts["transfers_bailouts"])
    orgs = model.recorder.organisations()
    bailed = orgs[orgs["measure"] == "year_bailout"]["value"].sum()
    assert bailed > 0 and ts["transfers_bailouts"].sum() == pytest.approx(bailed)
    march = pd.to_datetime(ts["date"]).dt.month == 3
    assert (ts.loc[~march, "transfers_bailouts"] == 0).all()
