"""Commissioners' budgets from what a PCT could see (``sim.commissioning.budgets``)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from helpers import run_model, small_scenario

from sim.agents.commissioner import LastYearSpend
from sim.commissioning.budgets import PracticeSpend, practice_bases, rebased
from sim.parameters import Parameters

PARAMS = Parameters()


@pytest.fixture(scope="module")
def model():
    """A consortia economy after a year, so last year's recorded costs exist."""
    return run_model(small_scenario(size=20_000, practices=12, months=13,
                                    commissioning={"model": "consortia"}))


@pytest.mark.parametrize("method", ["capitation", "person_based"])
def test_budgets_read_nothing_hidden(model, method):
    spend, population = model.commissioning.spend, model.population
    sizes = np.array([p.list_size for p in model.practices], dtype=float)
    before = practice_bases(population, len(model.practices), method, spend, sizes, PARAMS)
    saved = population.log_frailty.copy(), population.m_emergency.copy()
    population.log_frailty[:] = np.random.default_rng(0).normal(size=len(population.log_frailty))
    population.m_emergency[:] = 1.0
    after = practice_bases(population, len(model.practices), method, spend, sizes, PARAMS)
    population.log_frailty[:], population.m_emergency[:] = saved
    for line in before:
        np.testing.assert_array_equal(before[line], after[line])
        assert before[line].sum() > 0


def test_person_based_and_capitation_differ_by_recorded_conditions(model):
    spend, population = model.commissioning.spend, model.population
    sizes = np.array([p.list_size for p in model.practices], dtype=float)
    capitation = practice_bases(population, len(sizes), "capitation", spend, sizes, PARAMS)
    person = practice_bases(population, len(sizes), "person_based", spend, sizes, PARAMS)
    assert not np.allclose(capitation["emergency"], person["emergency"])


def test_historic_budgets_follow_each_practices_own_spend_last_year():
    spend = PracticeSpend(2, ("elective",))
    care = SimpleNamespace(prescribing_value_p=np.zeros(2), emergency_value_p=np.zeros(2),
                           elective_value_p=np.array([100.0, 300.0]),
                           outpatient_value_p=np.zeros(2),
                           community_outpatient_value_p=np.zeros(2))
    for _ in range(2):
        spend.record(care, np.array([10.0, 20.0]))
    assert not spend.has_last_year
    spend.roll_over()
    assert spend.has_last_year
    now = spend.historic_per_month("elective", np.array([20.0, 20.0]))
    # 200 over 20 patient-months = 10 a patient a month; 600 over 40 = 15
    np.testing.assert_allclose(now, [10.0 * 20, 15.0 * 20])


def commissioner(formed_month: int, practices=(0, 1)):
    return SimpleNamespace(
        formed_month=formed_month, practices=[SimpleNamespace(index=i) for i in practices],
        last_year_spend=LastYearSpend(frozenset((0, 1)), {"elective": 90.0,
                                                          "primary_care": 5.0}))


def test_rebasing_follows_own_spend_once_old_enough_with_the_same_practices():
    budget = {"elective": 1200.0, "primary_care": 60.0}
    growth = {"elective": 1.1}
    years = PARAMS.budget_rebasing_years
    month = int(12 * years)
    old = rebased(commissioner(0), budget, growth, 12, month, PARAMS)
    assert old == {"elective": pytest.approx(90.0 * 1.1 * 12), "primary_care": 60.0}
    young = rebased(commissioner(month - 1), budget, growth, 12, month, PARAMS)
    assert young == budget
    changed = rebased(commissioner(0, practices=(0, 1, 2)), budget, growth, 12, month,
                      PARAMS)
    assert changed == budget


def test_a_run_sets_budgets_by_each_method_and_they_share_the_same_pot():
    totals = {}
    for method in ("person_based", "capitation", "historic"):
        m = run_model(small_scenario(size=20_000, practices=12, months=13,
                                     commissioning={"model": "consortia",
                                                    "budget_method": method}))
        totals[method] = sum(c.year.budget["emergency"] for c in m.commissioning.commissioners)
    values = list(totals.values())
    assert max(values) == pytest.approx(min(values), rel=1e-9)  # one pot, shared out
