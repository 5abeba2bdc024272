"""Payment: the month's activity turned into payments through the ledger.

Who pays whom, for what, at which price. Every pound the PCT spends passes through
``pay_month``; the time series' spend columns are read back from the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.agents import PCT, AcuteTrust, GPPractice
from sim.care.month import CareMonth
from sim.money.ledger import Category, Ledger

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

COMMUNITY_PROVIDER = "community_provider"
OTHER_PROVIDERS = "other_providers"
DISPENSERS = "dispensing_contractors"
PCT_MANAGEMENT = "pct_management"


def activity_value(care: CareMonth, params: WorldParameters) -> dict[str, np.ndarray]:
    """Tariff value of each trust's activity at full price, by category (pounds)."""
    ordinary = care.electives.by_trust - care.day_cases_t
    return {
        Category.ACUTE_EMERGENCY: care.emergency_t * params.tariff_emergency,
        Category.ACUTE_ELECTIVE: (care.day_cases_t * params.tariff_day_case
                                  + ordinary * params.tariff_elective_inpatient),
        Category.OUTPATIENT: (care.first_outpatient_t * params.tariff_outpatient_first
                              + care.follow_up_t * params.tariff_outpatient_follow_up),
        Category.AE: care.ae_t * params.tariff_ae,
    }


def pay_month(ledger: Ledger, month: int, month_of_plan: int, financial_year: int,
              care: CareMonth, pct: PCT, trusts: list[AcuteTrust],
              practices: list[GPPractice], params: WorldParameters) -> None:
    """Make every payment due this month."""
    _pay_trusts(ledger, month, month_of_plan, financial_year, care, pct, trusts, params)
    for practice in practices:
        ledger.pay(month, pct.name, practice.name, Category.PRIMARY_CARE,
                   practice.list_size * params.primary_care_per_head / 12.0)
    ledger.pay(month, pct.name, DISPENSERS, Category.PRESCRIBING,
               float(care.prescribing_items_p.sum()) * params.cost_per_item)
    plan = pct.plan
    ledger.pay(month, pct.name, COMMUNITY_PROVIDER, Category.COMMUNITY,
               plan.community_block / plan.months)
    ledger.pay(month, pct.name, OTHER_PROVIDERS, Category.OTHER, plan.other_block / plan.months)
    ledger.pay(month, pct.name, PCT_MANAGEMENT, Category.MANAGEMENT,
               plan.management / plan.months)


def _pay_trusts(ledger: Ledger, month: int, month_of_plan: int, financial_year: int,
                care: CareMonth, pct: PCT, trusts: list[AcuteTrust],
                params: WorldParameters) -> None:
    value = activity_value(care, params)
    rate = pct.marginal_rate(financial_year)
    for trust in trusts:
        t = trust.index
        if trust.payment == "block":
            paid = sum(ledger.pay(month, pct.name, trust.name, Category(category), amount)
                       for category, amount in trust.block.items())
        else:
            paid = ledger.pay(month, pct.name, trust.name, Category.ACUTE_EMERGENCY,
                              trust.emergency_payment(int(care.emergency_t[t]), month_of_plan,
                                                      rate))
            for category in (Category.ACUTE_ELECTIVE, Category.OUTPATIENT, Category.AE):
                paid += ledger.pay(month, pct.name, trust.name, category,
                                   float(value[category][t]))
        trust.year.income += paid / 100.0
        trust.year.activity_at_full_tariff += float(sum(v[t] for v in value.values()))
        trust.year.decisions_to_admit += int(care.decisions_to_admit_t[t])
