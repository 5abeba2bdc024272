"""Year-end measures of variation (sim.results.variation) and practices.parquet."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import run_model, small_scenario

from sim.results.recorder import PRACTICE_COLUMNS
from sim.results.variation import cost_concentration


def test_cost_concentration_of_a_known_distribution():
    costs = np.concatenate([np.full(99, 1.0), [99.0]])  # one person in 100 costs half
    measures = cost_concentration(costs)
    assert measures["hospital_cost_share_top_1_percent"] == pytest.approx(0.5)
    assert measures["hospital_cost_share_top_5_percent"] == pytest.approx(103 / 198)
    assert measures["hospital_cost_max"] == 99.0
    assert cost_concentration(np.zeros(10))["hospital_cost_share_top_1_percent"] == 0.0


@pytest.fixture(scope="module")
def fundholding():
    return run_model(small_scenario(size=8000, practices=8, months=36, seed=2,
                                    commissioning={"model": "fundholding"}))


def test_practices_table_links_each_practice_to_its_commissioner(fundholding):
    table = fundholding.recorder.practices()
    assert list(table.columns) == list(PRACTICE_COLUMNS)
    assert len(table) == 36 * 8
    holders = table[table["commissioner_kind"] == "fundholding"]
    assert len(holders), "nobody joined fundholding in three years"
    assert holders["holds_real_funds"].all()
    assert set(holders["real_budget_lines"]) == {"prescribing+elective"}
    others = table[table["commissioner_kind"] == "pct"]
    assert (others["commissioner"] == "pct").all() and not others["holds_real_funds"].any()


def test_practice_costs_are_never_negative_and_list_profiles_are_yearly(fundholding):
    table = fundholding.recorder.practices()
    assert (table[["cost_prescribing", "cost_elective", "cost_emergency",
                   "cost_primary_care"]] >= 0).all().all()
    # each practice's yearly list profile is recorded at the year-end
    orgs = fundholding.recorder.organisations()
    shares = orgs[(orgs["org_type"] == "practice") & (orgs["measure"] == "year_share_age_75_plus")]
    assert len(shares) == 8 * 3 and shares["value"].between(0, 1).all()
