"""Budget-setting methods on a small simulated population.

Capitation shares add up to the pot; person-based predictions use only years before
the budget year; gaming raises historic budgets of gaming practices and not capitation
ones; whole pennies add up exactly.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim import Scenario
from sim.risk import (
    BudgetSettings,
    CapitationWeights,
    PersonBasedModel,
    budget_data,
    capitation_basis,
    fit_for_budget_year,
    forecast_pot,
    historic_basis,
    paced_shares,
    person_based_basis,
    simulate_panel,
    split_pennies,
)
from sim.risk.methods import pounds_to_pennies


@pytest.fixture(scope="module")
def panel():
    scenario = Scenario(name="budgets", seed=5, population={"size": 6000, "practices": 6})
    return simulate_panel(scenario, years=5)


@pytest.fixture(scope="module")
def year(panel):
    return panel.years[3]  # a warm-up year and two years of history before it


def by_practice(basis, n_practices):
    return np.bincount(basis.practice, weights=basis.value, minlength=n_practices)


def practice_budgets(basis, pot_pennies, n_practices):
    return split_pennies(pot_pennies, by_practice(basis, n_practices))


def test_panel_records_every_year_in_person_order(panel):
    assert panel.years == [2010, 2011, 2012, 2013, 2014]
    for record in panel.records:
        assert np.all(np.diff(record.person_id) > 0)
        assert record.cost.sum() > 0
    # everyone alive at a year's end is on the next year's record
    first, second = panel.records[0], panel.records[1]
    second.rows_of(first.person_id[first.alive])


def test_capitation_shares_sum_to_the_total(panel, year):
    data = budget_data(panel, year)
    pot = pounds_to_pennies(forecast_pot(data))
    budgets = practice_budgets(capitation_basis(data), pot, panel.n_practices)
    assert budgets.sum() == pot  # to the penny
    assert np.all(budgets > 0)
    shares = by_practice(capitation_basis(data), panel.n_practices)
    assert shares.sum() / shares.sum() == pytest.approx(1.0)


def test_every_method_covers_its_list_and_splits_the_pot_exactly(panel, year):
    data = budget_data(panel, year)
    pot = pounds_to_pennies(forecast_pot(data))
    for basis in (historic_basis(data), capitation_basis(data), person_based_basis(data)):
        assert practice_budgets(basis, pot, panel.n_practices).sum() == pot
    start_ids = data.previous.person_id[data.previous.alive]
    np.testing.assert_array_equal(capitation_basis(data).person_id, start_ids)
    np.testing.assert_array_equal(person_based_basis(data).person_id, start_ids)


def test_capitation_weights_rise_with_age(panel, year):
    basis = capitation_basis(budget_data(panel, year))
    start = budget_data(panel, year).start
    young = basis.value[(start.age >= 20) & (start.age < 40)].mean()
    old = basis.value[start.age >= 75].mean()
    assert old > 2 * young


def test_person_based_model_is_fitted_on_the_years_before(panel, year):
    model = fit_for_budget_year(budget_data(panel, year))
    assert model.outcome_year == year - 1


def planted(panel, year):
    """The panel with a pattern planted in the budget year and after only: people with two
    or more long-term conditions at the start of the budget year cost 50,000 pounds more.
    A model that had seen those years would predict far more for them."""
    previous = panel.record(year - 1)
    sick_ids = previous.person_id[previous.alive & (previous.ltc >= 2)]
    records = []
    for record in panel.records:
        if record.year >= year:
            sick = np.isin(record.person_id, sick_ids)
            record = record.with_cost(record.cost + np.where(sick, 50_000.0, 0.0))
        records.append(record)
    return dataclasses.replace(panel, records=records)


def test_person_based_budgets_do_not_look_ahead(panel, year):
    data = budget_data(panel, year)
    leaked_panel = planted(panel, year)
    honest = person_based_basis(data)
    after_change = person_based_basis(budget_data(leaked_panel, year))
    np.testing.assert_array_equal(honest.value, after_change.value)
    # and the check can fail: a model fitted on the budget year's costs does see it
    start = data.start
    outturn = budget_data(leaked_panel, year).outturn
    cheat = PersonBasedModel.fit(start, outturn.cost[outturn.rows_of(start.person_id)], year)
    assert not np.allclose(cheat.predict(start), honest.value)


def test_gaming_raises_historic_budgets_and_not_capitation_ones(panel, year):
    """Capitation weights and the person-based model are national (fitted on data no one
    gamed, here the plain view) and applied to the gamed view's list."""
    settings = BudgetSettings()
    gamers = np.zeros(panel.n_practices, bool)
    gamers[: panel.n_practices // 2] = True
    plain = budget_data(panel, year)
    gamed = budget_data(panel, year, gamers, settings.gaming_uplift)
    pot = pounds_to_pennies(forecast_pot(plain))  # the PCT's pot does not move with gaming
    weights, model = CapitationWeights.fit(plain), fit_for_budget_year(plain)
    n = panel.n_practices

    def change(method):
        before = practice_budgets(method(plain), pot, n)
        after = practice_budgets(method(gamed), pot, n)
        return after, before, after[gamers].sum() / before[gamers].sum() - 1

    historic_gamed, historic_plain, historic_change = change(historic_basis)
    capitation_gamed, capitation_plain, _ = change(lambda d: capitation_basis(d, weights))
    _, _, person_change = change(lambda d: person_based_basis(d, model))
    assert historic_change > 0.005  # gamers gain...
    assert np.all(historic_gamed[~gamers] < historic_plain[~gamers])  # ...from the others
    np.testing.assert_array_equal(capitation_gamed, capitation_plain)
    assert abs(person_change) < 0.5 * historic_change  # only through last year's use
    # the outturn is the budget year's true activity, not gamed
    np.testing.assert_array_equal(gamed.outturn.cost, plain.outturn.cost)


def test_gaming_leaves_emergency_costs_alone(panel, year):
    gamers = np.ones(panel.n_practices, bool)
    plain, gamed = budget_data(panel, year), budget_data(panel, year, gamers, 0.1)
    planned = plain.previous.elective_cost
    assert planned.sum() > 0 and (planned <= plain.previous.cost + 1e-6).all()
    np.testing.assert_allclose(gamed.previous.elective_cost, 1.1 * planned)
    np.testing.assert_allclose(gamed.previous.cost - gamed.previous.elective_cost,
                               plain.previous.cost - planned)


def test_the_elective_line_budgets_planned_care_alone(panel, year):
    elective = panel.on_line("elective")
    for whole, line in zip(panel.records, elective.records, strict=True):
        np.testing.assert_array_equal(line.cost, whole.elective_cost)
        assert line.cost.sum() < whole.cost.sum()
    assert panel.on_line("hospital") is panel
    with pytest.raises(ValueError, match="unknown budget line"):
        panel.on_line("dental")


def test_capped_view_caps_history_and_outturn(panel, year):
    data = budget_data(panel, year, cap=3000.0)
    for record in (data.before, data.previous, data.outturn):
        assert record.cost.max() <= 3000.0


@given(total=st.integers(0, 10**12),
       weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_split_pennies_adds_up_exactly(total, weights):
    parts = split_pennies(total, np.array(weights))
    assert parts.sum() == total
    assert np.all(parts >= 0)
    w = np.array(weights)
    exact = total * w / w.sum() if w.sum() > 0 else np.full(len(w), total / len(w))
    assert np.all(np.abs(parts - exact) < 1.0 + 1e-6 * total)


def test_split_pennies_by_row():
    parts = split_pennies(np.array([10, 7]), np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]))
    assert parts.sum(axis=1).tolist() == [10, 7]
    assert parts[0].tolist() == [4, 3, 3]


def test_pace_of_change_reaches_the_target_in_pace_years():
    current = np.array([0.5, 0.5])
    targets = np.tile([0.3, 0.7], (5, 1))
    shares = paced_shares(current, targets, pace_years=3)
    np.testing.assert_allclose(shares[0], [0.5 - 0.2 / 3, 0.5 + 0.2 / 3])
    np.testing.assert_allclose(shares[2], [0.3, 0.7])
    np.testing.assert_allclose(shares[4], [0.3, 0.7])
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
