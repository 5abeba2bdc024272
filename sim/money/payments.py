"""Payment: the month's activity turned into payments through the ledger.

Who pays whom, for what, at which price. Every pound the PCT spends passes through
``pay_month``; the time series' spend columns are read back from the ledger. A trust
with part of its income on a block (``AcuteTrust.block_share``) is paid the block's
fixed monthly sums plus the rest of its activity by the tariff rules.
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
    return {
        Category.ACUTE_EMERGENCY: care.emergency_value_t,
        Category.ACUTE_ELECTIVE: care.elective_value_t,
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
        paid = sum(ledger.pay(month, pct.name, trust.name, Category(category), amount)
                   for category, amount in trust.block.items())
        by_activity = 1.0 - trust.block_share  # the rest of its income: by activity
        count = int(care.emergency_t[t])
        emergency = (trust.emergency_payment(count, month_of_plan, rate)
                     * _case_mix_index(float(value[Category.ACUTE_EMERGENCY][t]), count,
                                       params))
        if by_activity > 0:
            paid += ledger.pay(month, pct.name, trust.name, Category.ACUTE_EMERGENCY,
                               by_activity * emergency)
            for category in (Category.ACUTE_ELECTIVE, Category.OUTPATIENT, Category.AE):
                paid += ledger.pay(month, pct.name, trust.name, category,
                                   by_activity * float(value[category][t]))
        trust.year.income += paid / 100.0
        trust.year.activity_at_full_tariff += float(sum(v[t] for v in value.values()))
        trust.year.decisions_to_admit += int(care.decisions_to_admit_t[t])


def _case_mix_index(value: float, count: int, params: WorldParameters) -> float:
    """This month's mean emergency price at a trust relative to the tariff.

    The marginal rule counts admissions (``AcuteTrust.emergency_payment``); each month's
    admissions are then paid at their own case-mix prices (``sim.money.case_mix``)
    scaled by the share of them the rule pays.
    """
    at_tariff = count * params.tariff_emergency
    return value / at_tariff if at_tariff > 0 else 1.0
