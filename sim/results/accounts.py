"""Year-end accounts: every organisation's income, costs and surplus, and the year's
population measures, drawn up when the model closes a financial year.

The accounts are kept on the model (``model.accounts``): next year's plans start from
last year's outturn (``last_year``), and each is also recorded as ``year_*`` measures
in ``organisations.parquet``.
"""

from __future__ import annotations

import numpy as np

from sim.care.outcomes import share_seen_by_gp
from sim.money.ledger import Category
from sim.people.conditions import CONDITIONS
from sim.people.rates import MONTHS_PER_YEAR
from sim.results.census import Census
from sim.results.variation import cost_concentration, practice_list_profiles

ACTIVITY_CATEGORIES = (Category.ACUTE_EMERGENCY, Category.ACUTE_ELECTIVE,
                       Category.OUTPATIENT, Category.AE, Category.PRESCRIBING)
RECORDED = ("income", "costs", "surplus", "bailout", "savings_paid")


def last_year(accounts: list[dict]) -> dict[str, dict]:
    """The most recent year-end accounts, keyed by organisation name."""
    if not accounts:
        return {}
    latest = accounts[-1]["financial_year"]
    return {a["org_id"]: a for a in accounts if a["financial_year"] == latest}


def close_year(model, commissioner_accounts: list[dict]) -> None:
    """Year-end accounts of every organisation, and the year's population measures."""
    m, plan = model.month, model.pct.plan
    months = range(m - plan.months + 1, m + 1)
    date = model.clock.date(m)
    year = {"financial_year": plan.financial_year, "months": plan.months}
    for account in year_accounts(model, months) + [{**year, **a}
                                                   for a in commissioner_accounts]:
        model.accounts.append(account)
        for measure in RECORDED:
            if measure in account:
                model.recorder.organisations_measure(
                    date, account["org_type"], [account["org_id"]], f"year_{measure}",
                    [account[measure]])
    record_year_measures(model, date, plan.months)


def year_accounts(model, months: range) -> list[dict]:
    """The PCT's and trusts' income, costs and surplus; other providers' income."""
    plan, ledger = model.pct.plan, model.ledger
    year = {"financial_year": plan.financial_year, "months": plan.months}
    spent = sum(ledger.month_pennies(i) for i in months) / 100.0
    activity = sum(ledger.month_spend(i)[c] for i in months for c in ACTIVITY_CATEGORIES)
    accounts = [{**year, "org_type": "pct", "org_id": "pct", "income": plan.allocation,
                 "costs": spent, "surplus": plan.allocation - spent,
                 "activity_spend_per_month": activity / plan.months}]
    for trust in model.trusts:
        accounts.append({**year, "org_type": "trust", "org_id": trust.name,
                         **trust.close_year(),
                         "activity_per_month": trust.year.activity_at_full_tariff / plan.months,
                         "decisions_per_month": trust.year.decisions_to_admit / plan.months})
    trust_names = {trust.name for trust in model.trusts}
    for payee, income in sorted(ledger.received_over(months).items()):
        if payee not in trust_names:
            kind = "practice" if payee.startswith("practice_") else "provider"
            accounts.append({**year, "org_type": kind, "org_id": payee, "income": income})
    return accounts


def record_year_measures(model, date, months: int) -> None:
    """The year's share seen by a GP, LTC prevalence, consulting of the oldest, the
    concentration of hospital cost, and each practice's list profile."""
    pop = model.population
    ids = [practice.name for practice in model.practices]
    census = Census.of(pop, len(ids))
    costs = cost_concentration(pop.hospital_cost_this_year)
    for measure, value in (
        *((f"year_{name}", value) for name, value in costs.items()),
        ("year_share_seen_by_gp", share_seen_by_gp(pop, model.streams["outcomes"])),
        ("year_ltc_prevalence", census.ltc_prevalence),
        *((f"year_prevalence_{name}", census.prevalence(name)) for name in CONDITIONS),
        *((f"year_severe_share_{name}", census.severe_share(name)) for name in CONDITIONS),
        ("year_expected_consultations_age_85_89", _mean_where(
            pop.expected_consultations_this_year * MONTHS_PER_YEAR / months,
            pop.alive & (pop.age >= 85) & (pop.age < 90))),
    ):
        model.recorder.organisations_measure(date, "pct", ["pct"], measure, [value])
    for name, values in practice_list_profiles(census).items():
        model.recorder.organisations_measure(date, "practice", ids, f"year_{name}", values)


def _mean_where(values: np.ndarray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else float("nan")
