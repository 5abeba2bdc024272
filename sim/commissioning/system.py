"""The commissioning system: commissioners, their budgets, services and payments.

The model calls it at fixed points of the month (see ``HealthEconomy.step``):
``start_year`` (the start of the financial year: partnerships move up stages and gain
members, commissioners form, decide services, recruit specialists), ``behave``
(monthly engagement and practice effects), ``pay`` (monthly payments for management,
care plans, community outpatients and the costs of any transition under way) and
``close_year`` (its end: budgets against outturn, savings to practices, deficits and
the failure regime).

Several kinds of commissioner can coexist (a migration path grows partnerships among
PBC clusters): each has its own rules. ``regime`` is the rule set the economy is under,
which decides how practices without a commissioner group each April; timeline events
(``sim.timeline``) change it.

Commissioners' budgets are accounts within the PCT's allocation: the PCT remains the
payer in the ledger for every contract, and a commissioner's outturn is the tariff value
of its patients' hospital care and prescribing plus the services it runs. (An
approximation: real budget holders would pay providers themselves.)

The era (``sim.eras``) adds its own rules: in the 1990s the district holds block
contracts with its trusts, set each April (``sim.eras.contracts``), and under the
fundholding model fundholders form in April waves, on historic budgets, and buy planned
care case by case (``sim.eras.fundholding``). In the calibrated era none of this runs.
"""

from __future__ import annotations

import numpy as np

from sim.agents import GP, Commissioner
from sim.care.services import choose_make_or_buy, recruit_specialists, schedule_services
from sim.commissioning.engagement import (
    apply_practice_effects,
    engagement_on_offer,
    influence_matrix,
    target_engagement,
    update_engagement,
)
from sim.commissioning.formation import form_commissioners
from sim.commissioning.lines import outturn_by_line
from sim.commissioning.migration_state import MigrationState
from sim.commissioning.rule_sets import MODELS, ORGANISATION_KINDS, ModelRules
from sim.commissioning.stages import STAGES
from sim.eras.contracts import DistrictContracts
from sim.eras.fundholding import FundholdingWaves
from sim.money.ledger import Category, Ledger


class CommissioningSystem:
    """Everything the commissioning model adds to the PCT baseline."""

    def __init__(self, model) -> None:
        self.model = model
        self.regime: ModelRules = model.spec.commissioning.rules()
        self.handcuffs = model.spec.commissioning.handcuffs
        self.commissioners: list[Commissioner] = []
        self.created = 0  # bodies ever created (names them)
        self.gps: list[GP] = list(model.agents_by_type[GP])
        self.influence = influence_matrix(self.gps, model.network, model.params)
        self.care_plans: dict[str, int] = {}
        self.specialist_share = 0.0
        self.rng = model.streams["behaviour"]
        self.migration = MigrationState(self)
        era = model.spec.era
        self.waves = (FundholdingWaves(era.fundholding, MODELS["fundholding"].budget_lines,
                                       len(model.practices)) if era.fundholding else None)
        self.district = DistrictContracts(model) if era.trust_contracts == "block" else None

    # --- bodies -----------------------------------------------------------------------
    def create(self, rules: ModelRules, practices, month: int, stage: int | None = None,
               formed_month: float | None = None) -> Commissioner:
        """A new commissioner of ``rules``' kind for ``practices`` (taken from others)."""
        if formed_month is None:
            formed_month = month - 12 * rules.formed_years_ago if month == 0 else month
        stage = rules.entry_stage if stage is None else stage
        body = Commissioner(self.model, f"{rules.name}_{self.created:02d}", rules, practices,
                            formed_month, stage)
        self.created += 1
        if stage:
            self.set_stage(body, stage)
        self.commissioners.append(body)
        self.drop_empty()
        return body

    def set_stage(self, body: Commissioner, stage: int) -> None:
        """Move a partnership to ``stage``: its real budget lines follow."""
        body.stage = stage
        body.budget_lines = tuple(dict.fromkeys(body.rules.budget_lines
                                                + STAGES[stage].real_lines))
        body.real_lines = STAGES[stage].real_lines

    def dissolve(self, body: Commissioner) -> None:
        for practice in list(body.practices):
            body.leave(practice)
        self.commissioners.remove(body)
        body.remove()

    def dissolve_all(self) -> None:
        for body in list(self.commissioners):
            self.dissolve(body)

    def drop_empty(self) -> None:
        for body in [c for c in self.commissioners if not c.practices]:
            self.dissolve(body)

    def offers_specialists(self, body: Commissioner) -> float:
        """Strength of this body's offer to consultants (0 before a partnership's stage 2)."""
        if body.stage and not STAGES[body.stage].specialists:
            return 0.0
        return body.rules.specialist_offer

    # --- the start of the financial year --------------------------------------------------
    def start_year(self, month: int) -> None:
        params = self.model.params
        self.migration.start_year(month)
        self._form(month)
        for commissioner in self.commissioners:
            choose_make_or_buy(commissioner, month, params)
            schedule_services(commissioner, month, params, self.handcuffs, self.rng)
        self._recruit_specialists(month)
        self._set_outpatient_substitution()
        if self.district is not None:
            self.district.agree(self._funds_buying_cases())

    def _form(self, month: int) -> None:
        """This year's new bodies: by the era's fundholding scheme when the economy is
        under fundholding in an era that has one, else by the regime's rules."""
        model = self.model

        def create(practices):
            return self.create(self.regime, practices, month)

        if self._in_waves():
            self.waves.start_year(model.practices, month, model.clock, self.regime, create)
        else:
            form_commissioners(model.practices, self.regime, create)

    def _in_waves(self) -> bool:
        return self.waves is not None and self.regime.name == "fundholding"

    def _on_historic_budget(self, body: Commissioner) -> bool:
        return self.waves is not None and body.kind == "fundholding"

    def _funds_buying_cases(self) -> list[Commissioner]:
        """Fundholders buying planned care case by case (the era's scheme)."""
        if self.waves is None or self.waves.scheme.purchasing != "cost_per_case":
            return []
        return [body for body in self.commissioners if body.kind == "fundholding"]

    def _recruit_specialists(self, month: int) -> None:
        offering = [c for c in self.commissioners if self.offers_specialists(c) > 0]
        if not offering or not self.model.mechanisms.specialists:
            return
        maturity = max(c.maturity(month + 12, self.model.params.maturity_years)
                       for c in offering)
        offer = max(self.offers_specialists(c) for c in offering)
        weight = self.model.params.specialist_offer_maturity_weight
        self.specialist_share = recruit_specialists(self.model.specialists,
                                                    offer * (1 - weight + weight * maturity))

    def _set_outpatient_substitution(self) -> None:
        params = self.model.params
        for practice in self.model.practices:
            member = (practice.commissioner is not None
                      and self.offers_specialists(practice.commissioner) > 0)
            practice.outpatient_substitution = (
                params.outpatient_substitution_max * self.specialist_share if member else 0.0)

    def set_budgets(self, months: int, expected: dict[str, np.ndarray]) -> float:
        """Each commissioner's budget for ``months``: its practices' expected spend (a
        1990s fundholder's: its practices' own past spend, ``FundholdingWaves.budget``).

        ``expected`` is the cost a month per practice of each budget line at PCT
        commissioning rates (``sim.commissioning.lines.expected_by_line``); a real
        deficit carried from last year comes off. Returns the expected cost of the
        services and management the PCT must fund this year.
        """
        params = self.model.params
        costs = 0.0
        for commissioner in self.commissioners:
            indices = [p.index for p in commissioner.practices]
            year = commissioner.year
            if self._on_historic_budget(commissioner):
                year.budget = self.waves.budget(commissioner, months, expected)
            else:
                year.budget = {line: float(expected[line][indices].sum()) * months
                               for line in commissioner.budget_lines}
            year.outturn = dict.fromkeys(commissioner.budget_lines, 0.0)
            year.services = 0.0
            self._carry_deficit(commissioner)
            costs += (self.management_per_month(commissioner) * months
                      + self.care_plans.get(commissioner.name, 0) * params.care_plan_cost
                      * months / 12.0)
        return costs

    @staticmethod
    def _carry_deficit(commissioner: Commissioner) -> None:
        """Last year's real deficit comes off this year's real lines, pro rata."""
        deficit, budget = commissioner.carried_deficit, commissioner.year.budget
        real = sum(budget[line] for line in commissioner.real_lines)
        if deficit > 0 and real > 0:
            for line in commissioner.real_lines:
                budget[line] = max(budget[line] - deficit * budget[line] / real, 0.0)
        commissioner.carried_deficit = 0.0

    # --- every month -------------------------------------------------------------------
    def behave(self, month: int) -> None:
        params, mechanisms = self.model.params, self.model.mechanisms
        update_engagement(self.gps, self.influence, self._engagement_target(), params)
        apply_practice_effects(self.model.practices, month, params, self.specialist_share,
                               specialists_for=lambda c: self.offers_specialists(c) > 0,
                               mechanisms=mechanisms)

    def _engagement_target(self) -> np.ndarray:
        """Each GP's target engagement under their rules; on a slow-burn path, GPs outside
        the partnerships lean towards the partnership deal as far as they see it pay
        (the share of partnerships that paid savings last year: "others join as peers
        see results", seed 002)."""
        params, incentives = self.model.params, self.model.mechanisms.engagement_incentives
        target = target_engagement(self.gps, self._rules_of_gps(), self._realness_of_gps(),
                                   params, incentives)
        seen = self.migration.partnership_success()
        if seen > 0:
            outside = np.array([gp.practice.commissioner is None
                                or gp.practice.commissioner.kind != "lcp" for gp in self.gps])
            offer = engagement_on_offer(self.gps, MODELS["lcp"], params, incentives)
            target = np.where(outside, (1 - seen) * target + seen * offer, target)
        return target

    def _rules_of_gps(self) -> list[ModelRules]:
        return [gp.practice.commissioner.rules if gp.practice.commissioner else self.regime
                for gp in self.gps]

    def _realness_of_gps(self) -> np.ndarray:
        """How real each GP's budget is: its rules' budget at risk x the real share."""
        shares = {}
        for gp in self.gps:
            body = gp.practice.commissioner
            if body is not None and body.name not in shares:
                shares[body.name] = body.rules.budget_at_risk * body.real_share()
        return np.array([shares[gp.practice.commissioner.name] if gp.practice.commissioner
                         else self.regime.budget_at_risk for gp in self.gps])

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
            services = ledger.pay(month, pct.name, provider, Category.COMMUNITY, plans)
            indices = [p.index for p in commissioner.practices]
            ledger.pay(month, pct.name, commissioner.name, Category.OUTPATIENT,
                       float(care.community_outpatient_value_p[indices].sum()))
            year = commissioner.year
            year.services += services / 100.0
            for line, value in outturn_by_line(care, indices, commissioner.population,
                                               params).items():
                if line in year.outturn:
                    year.outturn[line] += value
        self.migration.pay(ledger, month, care)
        if self._in_waves():
            self.waves.record(care, self.model.practices)
        if self.district is not None:
            self.district.pay_cases(ledger, month, care, self._funds_buying_cases())

    def management_per_month(self, commissioner: Commissioner) -> float:
        """Management allowance plus transaction costs rising with membership (seed 003)."""
        if not self.model.mechanisms.management_costs:
            return 0.0
        params = self.model.params
        per_year = (params.management_allowance_per_head * commissioner.population
                    + params.transaction_cost_per_practice
                    * len(commissioner.practices) ** params.transaction_cost_exponent)
        return per_year / 12.0

    # --- the end of the financial year ----------------------------------------------------
    def close_year(self, ledger: Ledger, month: int) -> list[dict]:
        """Budgets against outturn; savings paid, deficits carried, failures.

        Only the real lines are at risk: their surplus is shared with practices or
        carried as a deficit. Services (care plans, which aim at emergency admissions)
        count against it once emergency care is a real line; until then the PCT funds
        them outside the real budget.
        """
        accounts = []
        for commissioner in list(self.commissioners):
            year, rules = commissioner.year, commissioner.rules
            surplus = year.budget_total - year.outturn_total
            real_budget = sum(year.budget.get(line, 0.0) for line in commissioner.real_lines)
            real_surplus = real_budget - sum(year.outturn.get(line, 0.0)
                                             for line in commissioner.real_lines)
            if "emergency" in commissioner.real_lines:
                real_surplus -= year.services  # care plans aim at emergency admissions
            at_risk = max(real_surplus, -rules.risk_cap * real_budget) * rules.budget_at_risk
            paid = 0.0
            if at_risk > 0 and rules.savings_share > 0:
                paid = self._pay_savings(ledger, month, commissioner,
                                         at_risk * rules.savings_share)
            commissioner.last_result = 1 if paid > 0 else (-1 if surplus < 0 else 0)
            if at_risk < 0:
                commissioner.carried_deficit = -at_risk
                commissioner.deficit_years += 1
                self._maybe_fail(commissioner, month)
            else:
                commissioner.deficit_years = 0
            accounts.append({"org_type": "commissioner", "org_id": commissioner.name,
                             "income": year.budget_total, "costs": year.outturn_total,
                             "surplus": surplus, "real_surplus": real_surplus,
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
                gp.engagement *= self.model.params.failure_engagement_loss

    # --- reading ------------------------------------------------------------------------
    def member_of_practice(self) -> np.ndarray:
        """Per practice: the unique id of its commissioner, or -1."""
        return np.array([p.commissioner.unique_id if p.commissioner else -1
                         for p in self.model.practices])

    def covered(self) -> dict[str, int]:
        """People covered by each kind of commissioner (and LCP stage) this month."""
        total = sum(p.list_size for p in self.model.practices)
        result = dict.fromkeys(("pct", *ORGANISATION_KINDS), 0)
        result.update({f"lcp_stage_{s}": 0 for s in STAGES})
        for body in self.commissioners:
            result[body.kind] += body.population
            if body.stage and body.kind == "lcp":
                result[f"lcp_stage_{body.stage}"] += body.population
        result["pct"] = total - sum(result[kind] for kind in ORGANISATION_KINDS)
        return result

    def organisations(self) -> dict[str, int]:
        """Number of commissioning bodies of each kind this month."""
        counts = dict.fromkeys(ORGANISATION_KINDS, 0)
        for body in self.commissioners:
            counts[body.kind] += 1
        return counts
