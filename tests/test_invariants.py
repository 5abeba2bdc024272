"""Invariants that hold for every run, checked on random small scenarios (Hypothesis).

- people: start + births + registrations - deaths - leavers = end, month to month;
- money to the penny: allocation = spend + surplus; the ledger, the spend columns, the
  payees' receipts and the accounts all agree;
- counts are never negative and the per-organisation tables add up to the totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import MODEL_SETTINGS, financial_year_of, run_model
from hypothesis import given
from hypothesis import strategies as st

from sim import HealthEconomy, Scenario
from sim.clock import Clock
from sim.results.recorder import SPEND_COLUMNS, TIMESERIES_COLUMNS

PENNY = 0.005  # abs tolerance: half a penny

COUNT_COLUMNS = ("population_start", "population", "births", "registrations", "deaths",
                 "leavers", "gp_consultations", "referrals", "outpatient_first",
                 "outpatient_follow_up", "elective_admissions", "elective_waiting_list",
                 "ae_attendances", "emergency_admissions", "emergency_admissions_acs",
                 "prescribing_items")


@st.composite
def scenarios(draw) -> Scenario:
    practices = draw(st.integers(1, 8))
    trusts = draw(st.integers(1, min(3, practices)))
    months = draw(st.integers(1, 30))
    start = f"{draw(st.integers(2009, 2012))}-{draw(st.integers(1, 12)):02d}"
    timeline = []
    if draw(st.booleans()):
        month = draw(st.integers(0, months - 1))
        timeline = [{"event": "set_marginal_emergency_rate",
                     "date": Clock.starting(start).label(month),
                     "rate": draw(st.floats(0, 1))}]
    return Scenario(
        name="hypothesis", seed=draw(st.integers(0, 2**32 - 1)), start=start, months=months,
        population={"size": draw(st.integers(200, 3000)), "practices": practices},
        providers={"acute_trusts": trusts}, timeline=timeline)


def check_people(ts: pd.DataFrame) -> None:
    flow = (ts["population_start"] + ts["births"] + ts["registrations"] - ts["deaths"]
            - ts["leavers"])
    assert (flow == ts["population"]).all(), ts[flow != ts["population"]]
    carried = ts["population_start"].iloc[1:].to_numpy() == ts["population"].iloc[:-1].to_numpy()
    assert carried.all()


def check_money(model: HealthEconomy, ts: pd.DataFrame) -> None:
    ledger = model.ledger.to_frame()
    years = financial_year_of(ts["date"]).to_numpy()
    month_index = np.arange(len(ts))

    # every spend_<category> column adds up to spend_total, every month
    np.testing.assert_allclose(ts[list(SPEND_COLUMNS)].sum(axis=1), ts["spend_total"],
                               rtol=0, atol=PENNY)
    # the ledger, month by month, is the time series' spend
    by_month = ledger.groupby("month")["amount"].sum().reindex(month_index, fill_value=0.0)
    np.testing.assert_allclose(by_month.to_numpy(), ts["spend_total"], rtol=0, atol=PENNY)
    for category in SPEND_COLUMNS:
        in_ledger = (ledger[ledger["category"] == category.removeprefix("spend_")]
                     .groupby("month")["amount"].sum().reindex(month_index, fill_value=0.0))
        np.testing.assert_allclose(in_ledger.to_numpy(), ts[category], rtol=0, atol=PENNY)

    # the PCT pays everything; what payees received is what the PCT paid
    assert set(ledger["payer"]) <= {"pct"}
    assert (ledger["amount"] > 0).all()
    payees = ledger["payee"].unique()
    for m in month_index:
        received = sum(model.ledger.received(m, payee) for payee in payees)
        assert received == pytest.approx(ts["spend_total"].iloc[m], abs=PENNY)

    pct_accounts = [a for a in model.accounts if a["org_type"] == "pct"]
    assert sorted(a["financial_year"] for a in pct_accounts) == sorted(set(years))
    for account in pct_accounts:
        in_year = years == account["financial_year"]
        assert in_year.sum() == account["months"]
        spent = ts.loc[in_year, "spend_total"].sum()
        # allocation = spend + surplus (a deficit is a negative surplus), to the penny
        assert account["income"] == pytest.approx(spent + account["surplus"], abs=PENNY)
        assert account["costs"] == pytest.approx(spent, abs=PENNY)
        assert ledger.loc[np.isin(ledger["month"], month_index[in_year]), "amount"].sum() == \
            pytest.approx(spent, abs=PENNY)
        assert ts.loc[in_year, "budget_total"].sum() == pytest.approx(account["income"],
                                                                      abs=PENNY)
        for trust in (a for a in model.accounts if a["org_type"] == "trust"
                      and a["financial_year"] == account["financial_year"]):
            paid = ledger.loc[np.isin(ledger["month"], month_index[in_year])
                              & (ledger["payee"] == trust["org_id"]), "amount"].sum()
            assert trust["income"] == pytest.approx(paid, abs=PENNY)
            assert trust["income"] - trust["costs"] == pytest.approx(trust["surplus"],
                                                                     abs=PENNY)


def check_counts(model: HealthEconomy, ts: pd.DataFrame) -> None:
    assert list(ts.columns) == list(TIMESERIES_COLUMNS)
    assert len(ts) == model.spec.months
    expected_dates = [model.clock.date(i) for i in range(model.spec.months)]
    assert list(ts["date"]) == expected_dates
    for column in COUNT_COLUMNS:
        assert (ts[column] >= 0).all(), column
    assert (ts["emergency_admissions_acs"] <= ts["emergency_admissions"]).all()
    assert (ts["referrals"] <= ts["outpatient_first"]).all()
    assert (ts[list(SPEND_COLUMNS)] >= 0).all().all()
    per_1000 = ts["emergency_admissions"] * 12 * 1000 / ts["population"]
    np.testing.assert_allclose(ts["emergency_admissions_per_1000"], per_1000, rtol=1e-12)
    assert (ts["population_covered_pct"] == ts["population"]).all()
    for other in ("fundholding", "pbc", "consortia", "lcp"):
        assert (ts[f"population_covered_{other}"] == 0).all()
    assert ts["qalys"].between(0, ts["population"] / 12).all()
    assert np.isfinite(ts.drop(columns=["date", "elective_wait_weeks"])
                       .to_numpy(dtype=float)).all()


def check_organisations(model: HealthEconomy, ts: pd.DataFrame) -> None:
    orgs = model.recorder.organisations()

    def total(org_type: str, measure: str) -> pd.Series:
        rows = orgs[(orgs["org_type"] == org_type) & (orgs["measure"] == measure)]
        return rows.groupby("date")["value"].sum().reindex(ts["date"], fill_value=0.0)

    practices = model.recorder.practices().groupby("date")
    for column in ("gp_consultations", "referrals", "outpatient_first", "outpatient_follow_up",
                   "elective_admissions", "emergency_admissions", "prescribing_items"):
        np.testing.assert_array_equal(practices[column].sum().reindex(ts["date"]).to_numpy(),
                                      ts[column].to_numpy(), err_msg=column)
    np.testing.assert_array_equal(practices["list_size"].sum().reindex(ts["date"]).to_numpy(),
                                  ts["population"].to_numpy())
    for org_type, measure, column in (
        ("trust", "emergency_admissions", "emergency_admissions"),
        ("trust", "elective_admissions", "elective_admissions"),
        ("trust", "elective_waiting_list", "elective_waiting_list"),
    ):
        np.testing.assert_array_equal(total(org_type, measure).to_numpy(),
                                      ts[column].to_numpy(dtype=float), err_msg=measure)
    bands = orgs[orgs["measure"].str.startswith("emergency_admissions_age_")]
    np.testing.assert_array_equal(
        bands.groupby("date")["value"].sum().reindex(ts["date"]).to_numpy(),
        ts["emergency_admissions"].to_numpy(dtype=float))
    people = orgs[orgs["measure"].str.startswith("population_age_")]
    np.testing.assert_array_equal(
        people.groupby("date")["value"].sum().reindex(ts["date"]).to_numpy(),
        ts["population"].to_numpy(dtype=float))
    # a trust's monthly income is what the ledger paid it
    income = total("trust", "income")
    acute = ts[["spend_acute_emergency", "spend_acute_elective", "spend_outpatient",
                "spend_ae"]].sum(axis=1)
    np.testing.assert_allclose(income.to_numpy(), acute.to_numpy(), rtol=0, atol=PENNY)


@MODEL_SETTINGS
@given(scenarios())
def test_invariants_hold_for_random_scenarios(scenario):
    model = run_model(scenario)
    ts = model.recorder.timeseries()
    check_people(ts)
    check_counts(model, ts)
    check_money(model, ts)
    check_organisations(model, ts)


@pytest.mark.parametrize("start, months", [("2010-04", 24), ("2009-11", 17), ("2011-03", 2)])
def test_invariants_on_fixed_scenarios(start, months):
    """The same checks on named cases (a full year, a part year each end, one March)."""
    model = run_model(Scenario(name="fixed", seed=2, start=start, months=months,
                               population={"size": 2500, "practices": 5},
                               providers={"acute_trusts": 2}))
    ts = model.recorder.timeseries()
    check_people(ts)
    check_counts(model, ts)
    check_money(model, ts)
    check_organisations(model, ts)


def test_the_first_year_runs_a_surplus_close_to_plan(small_run):
    """The PCT plans a 1% surplus; with expected activity it lands near it."""
    first = next(a for a in small_run.accounts if a["org_type"] == "pct")
    share = first["surplus"] / first["income"]
    assert -0.05 < share < 0.05
