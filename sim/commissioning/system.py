"""The commissioning system: commissioners, their budgets, services and payments.

The model calls it at fixed points of the month (see ``HealthEconomy.step``):
``start_year`` (April: form commissioners, set budgets, decide services, recruit
specialists, set trust payment), ``behave`` (monthly engagement and practice effects),
``pay`` (monthly payments for management, care plans, community outpatients) and
``close_year`` (March: budgets against outturn, savings to practices, deficits and the
failure regime).

Commissioners' budgets are accounts within the PCT's allocation: the PCT remains the
payer in the ledger for every contract, and a commissioner's outturn is the tariff value
of its patients' hospital care and prescribing plus the services it runs. (An
approximation: real budget holders would pay providers themselves.)
"""

from __future__ import annotations

import numpy as np

from sim.agents import GP, Commissioner
from sim.behaviour import apply_practice_effects, influence_matrix, update_engagement
from sim.commissioning.formation import form_commissioners
from sim.ledger import Category, Ledger
from sim.services import (
    assign_care_plans,
    choose_make_or_buy,
    recruit_specialists,
    schedule_services,
)

FAILURE_ENGAGEMENT_LOSS = 0.5  # assumption: a failed body loses half its members' goodwill


class CommissioningSystem:
    """Everything the commissioning model adds to the PCT baseline."""

    def __init__(self, model) -> None:
        self.model = model
        self.rules = model.spec.commissioning.rules()
        self.handcuffs = model.spec.commissioning.handcuffs
        self.commissioners: list[Commissioner] = []
        self.gps: list[GP] = list(model.agents_by_type[GP])
        self.influence = influence_matrix(self.gps, model.network, model.params)
        self.care_plans: dict[str, int] = {}
        self.specialist_share = 0.0
        self.rng = model.streams["behaviour"]

    # --- April ------------------------------------------------------------------------
    def start_year(self, month: int) -> None:
        model, params = self.model, self.model.params
        form_commissioners(model.practices, self.rules, self.commissioners, self._create)
        for commissioner in self.commissioners:
            choose_make_or_buy(commissioner, month, params)
            schedule_services(commissioner, month, params, self.handcuffs, self.rng)
        if self.rules.specialist_offer > 0 and self.commissioners:
            maturity = max(c.maturity(month + 12, params.maturity_years)
                           for c in self.commissioners)
            self.specialist_share = recruit_specialists(
                model.specialists, self.rules.specialist_offer * (0.5 + 0.5 * maturity))
        self.care_plans = assign_care_plans(model.population, self.commissioners, month,
                                            self.member_of_practice(), params, model.rates)
        self._set_outpatient_substitution()

    def _create(self, practices) -> Commissioner:
        month = self.model.month
        formed = month - 12 * self.rules.formed_years_ago if month == 0 else month
        return Commissioner(self.model, len(self.commissioners), self.rules, practices, formed)

    def _set_outpatient_substitution(self) -> None:
        params = self.model.params
        for practice in self.model.practices:
            member = practice.commissioner is not None and self.rules.specialist_offer > 0
            practice.outpatient_substitution = (
                params.outpatient_substitution_max * self.specialist_share if member else 0.0)

    def set_budgets(self, months: int, value_per_month: np.ndarray) -> float:
        """Each commissioner's budget for ``months``: its practices' expected spend.

        ``value_per_month`` is the tariff value of hospital care and prescribing per
        practice; a real deficit carried from last year comes off. Returns the
        expected cost of the services and management the PCT must fund this year.
        """
        params = self.model.params
        costs = 0.0
        for commissioner in self.commissioners:
            expected = sum(value_per_month[p.index] for p in commissioner.practices) * months
            commissioner.year.budget = max(expected - commissioner.carried_deficit, 0.0)
            commissioner.year.outturn = 0.0
            commissioner.carried_deficit = 0.0
            costs += (self.management_per_month(commissioner) * months
                      + self.care_plans.get(commissioner.name, 0) * params.care_plan_cost
                      * months / 12.0)
        return costs

    # --- every month -------------------------------------------------------------------
    def behave(self, month: int) -> None:
        params = self.model.params
        update_engagement(self.gps, self.influence, self.rules, params)
        apply_practice_effects(self.model.practices, month, params, self.specialist_share)

    def pay(self, ledger: Ledger, month: int, care) -> None:
        """Management, care plans and community outpatients; charge outturns."""
        params, pct = self.model.params, self.model.pct
        for commissioner in self.commissioners:
            ledger.pay(month, pct.name, commissioner.name, Category.MANAGEMENT,
                       self.management_per_month(commissioner))
            plans = self.care_plans.get(commissioner.name, 0) * params.care_plan_cost / 12.0
            if not commissioner.makes_services:
                plans *= 1.0 + params.buy_premium
            provider = commissioner.name if commissioner.makes_services else (
                "community_provider")
            paid = ledger.pay(month, pct.name, provider, Category.COMMUNITY, plans) / 100.0
            indices = [p.index for p in commissioner.practices]
            community = float(care.community_outpatient_value_p[indices].sum())
            paid += ledger.pay(month, pct.name, commissioner.name, Category.OUTPATIENT,
                               community) / 100.0
            commissioner.year.outturn += paid + float(care.hospital_value_p[indices].sum()
                                                      + care.prescribing_value_p[indices].sum())

    def management_per_month(self, commissioner: Commissioner) -> float:
        """Management allowance plus transaction costs rising with membership (seed 003)."""
        params = self.model.params
        per_year = (params.management_allowance_per_head * commissioner.population
                    + params.transaction_cost_per_practice
                    * len(commissioner.practices) ** params.transaction_cost_exponent)
        return per_year / 12.0

    # --- March -------------------------------------------------------------------------
    def close_year(self, ledger: Ledger, month: int) -> list[dict]:
        """Budgets against outturn; savings paid, deficits carried, failures."""
        accounts = []
        for commissioner in self.commissioners:
            surplus = commissioner.year.budget - commissioner.year.outturn
            cap = self.rules.risk_cap * commissioner.year.budget
            at_risk = max(surplus, -cap) * self.rules.budget_at_risk
            paid = 0.0
            if at_risk > 0 and self.rules.savings_share > 0:
                paid = self._pay_savings(ledger, month, commissioner,
                                         at_risk * self.rules.savings_share)
            commissioner.last_result = 1 if paid > 0 else (-1 if surplus < 0 else 0)
            if surplus < 0 and self.rules.budget_at_risk > 0:
                commissioner.carried_deficit = -at_risk
                commissioner.deficit_years += 1
                self._maybe_fail(commissioner, month)
            else:
                commissioner.deficit_years = 0
            accounts.append({"org_type": "commissioner", "org_id": commissioner.name,
                             "income": commissioner.year.budget,
                             "costs": commissioner.year.outturn, "surplus": surplus,
                             "savings_paid": paid})
        return accounts

    def _pay_savings(self, ledger: Ledger, month: int, commissioner: Commissioner,
                     amount: float) -> float:
        total = commissioner.population
        paid = 0
        for practice in commissioner.practices:
            if total > 0:
                paid += ledger.pay(month, self.model.pct.name, practice.name,
                                   Category.INCENTIVES, amount * practice.list_size / total)
        return paid / 100.0

    def _maybe_fail(self, commissioner: Commissioner, month: int) -> None:
        if commissioner.deficit_years < self.model.params.failure_deficit_years:
            return
        commissioner.failures += 1
        commissioner.formed_month = month  # taken over and rebuilt: maturity restarts
        commissioner.deficit_years = 0
        commissioner.carried_deficit = 0.0  # written off by the PCT
        for practice in commissioner.practices:
            for gp in practice.gps:
                gp.engagement *= FAILURE_ENGAGEMENT_LOSS

    # --- reading ------------------------------------------------------------------------
    def member_of_practice(self) -> np.ndarray:
        """Per practice: the unique id of its commissioner, or -1."""
        return np.array([p.commissioner.unique_id if p.commissioner else -1
                         for p in self.model.practices])

    def covered(self) -> dict[str, int]:
        """People covered by each commissioning model this month."""
        covered = sum(c.population for c in self.commissioners)
        total = sum(p.list_size for p in self.model.practices)
        result = {"pct": total - covered}
        if self.rules.name != "pct":
            result[self.rules.name] = covered
        return result
