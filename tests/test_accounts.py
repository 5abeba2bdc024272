"""Year-end accounts: every organisation paid appears, and their income is the PCT's spend."""

import pandas as pd
import pytest

from sim import HealthEconomy, Scenario


@pytest.fixture(scope="module")
def accounts() -> pd.DataFrame:
    model = HealthEconomy(Scenario(name="accounts", population={"size": 3000, "practices": 4},
                                   start="2010-10", months=20, seed=5))
    model.run()
    return pd.DataFrame(model.accounts)


def test_every_year_has_accounts_for_every_kind_of_organisation(accounts):
    for _, year in accounts.groupby("financial_year"):
        assert set(year["org_type"]) == {"pct", "trust", "practice", "provider"}
        assert (year["org_type"] == "practice").sum() == 4


def test_providers_income_adds_up_to_the_pct_spend(accounts):
    for _, year in accounts.groupby("financial_year"):
        pct = year[year["org_type"] == "pct"].iloc[0]
        received = year.loc[year["org_type"] != "pct", "income"].sum()
        assert received == pytest.approx(pct["costs"], abs=0.01)


def test_part_years_at_both_ends_are_closed(accounts):
    pct = accounts[accounts["org_type"] == "pct"].set_index("financial_year")
    assert pct["months"].to_dict() == {2010: 6, 2011: 12, 2012: 2}
