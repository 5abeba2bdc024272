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
from sim.agents.commissioner import LastYearSpend
from sim.care.services import choose_make_or_buy, recruit_specialists, schedule_services
from sim.commissioning.budgets import PracticeSpend, line_budgets, practice_bases, rebased
from sim.commissioning.engagement import (
    apply_practice_effects,
    influence_matrix,
    joining_interest,
    target_engagement,
    update_engagement,
)
from sim.commissioning.formation import form_commissioners
from sim.commissioning.lines import HOSPITAL_AND_PRESCRIBING, outturn_by_line
from sim.commissioning.migration_state import MigrationState
from sim.commissioning.rule_sets import MODELS, ORGANISATION_KINDS, ModelRules
from sim.commissioning.settlement import settle
from sim.commissioning.stages import STAGES
from sim.eras.contracts import DistrictContracts
from sim.eras.fundholding import FundholdingWaves
from sim.money.ledger import Category, Ledger
from sim.money.payments import COMMUNITY_PROVIDER


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
        self.pct_trust = model.params.pct_trust  # GPs' trust in the PCT (update_pct_trust)
        self.spend = PracticeSpend(len(model.practices), HOSPITAL_AND_PRESCRIBING)
        self.last_pot: dict[str, float] = {}  # last year's pot a month by line (rebasing)
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
        if month > 0:
            self.update_pct_trust(month)
            self.spend.roll_over()
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

        self._assess_joining()  # this April's interest (the first April has no month yet)
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
        """Each commissioner's budget for ``months``: its share of the area's pot by
        line, by the scenario's budget method from recorded data, rebased to its own
        spend once old enough (``sim.commissioning.budgets``); a 1990s fundholder's: its
        practices' own past spend (``FundholdingWaves.budget``).

        ``expected`` is the cost a month per practice of each budget line at PCT
        commissioning rates (``sim.commissioning.lines.expected_by_line``); a real
        deficit carried from last year comes off. Returns the expected cost of the
        services, pooled savings and management the PCT must fund this year.
        """
        model, params = self.model, self.model.params
        bases = None  # made for the first body that needs them: none under PCT commissioning
        pot = {line: float(values.sum()) for line, values in expected.items()}
        growth = {line: pot[line] / self.last_pot[line] if self.last_pot.get(line) else 1.0
                  for line in pot}
        self.last_pot = pot
        costs = 0.0
        for commissioner in self.commissioners:
            year = commissioner.year
            if self._on_historic_budget(commissioner):
                year.budget = self.waves.budget(commissioner, months, expected)
            else:
                if bases is None:
                    bases = self._budget_bases()
                budget = line_budgets(commissioner, expected, months, *bases)
                year.budget = rebased(commissioner, budget, growth, months, model.month,
                                      params)
            year.outturn = dict.fromkeys(commissioner.budget_lines, 0.0)
            year.services = 0.0
            commissioner.pooled_fund, commissioner.pooled_next = commissioner.pooled_next, 0.0
            self._carry_deficit(commissioner)
            costs += (self.management_per_month(commissioner) * months
                      + self.care_plans.get(commissioner.name, 0) * params.care_plan_cost
                      * months / 12.0 + commissioner.pooled_fund)
        return costs

    def _budget_bases(self) -> tuple[dict[str, np.ndarray] | None, np.ndarray | None]:
        """The shares of the pot by practice, and each practice's prescribing last year a
        month; (None, None) in the run's first year, which has no history yet."""
        if not self.spend.has_last_year:
            return None, None
        model = self.model
        list_sizes = np.array([p.list_size for p in model.practices], dtype=float)
        bases = practice_bases(model.population, len(model.practices),
                               model.spec.commissioning.budget_method, self.spend,
                               list_sizes, model.params)
        return bases, self.spend.historic_per_month("prescribing", list_sizes)

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
        self._assess_joining()
        apply_practice_effects(self.model.practices, month, params, self.specialist_share,
                               specialists_for=lambda c: self.offers_specialists(c) > 0,
                               mechanisms=mechanisms)

    def _engagement_target(self) -> np.ndarray:
        """Each GP's target engagement: a model's incentives act on its members only
        (``target_engagement``); GPs outside every body head for their own baseline."""
        bodies = [gp.practice.commissioner for gp in self.gps]
        people = {body: body.population for body in set(bodies) if body}  # once a body
        return target_engagement(
            self.gps, [body.rules if body else None for body in bodies],
            self._realness_of_gps(),
            np.array([people[body] if body else 0 for body in bodies], dtype=float),
            np.array([body.last_result if body else 0 for body in bodies], dtype=float),
            self.model.params, self.model.mechanisms.engagement_incentives,
            self.model.spec.structure.engagement_driver, self.pct_trust)

    def _realness_of_gps(self) -> np.ndarray:
        """How real each member GP's budget is: its rules' budget at risk x the real
        share (0 outside every body)."""
        shares = {}
        for gp in self.gps:
            body = gp.practice.commissioner
            if body is not None and body.name not in shares:
                shares[body.name] = body.rules.budget_at_risk * body.real_share()
        return np.array([shares[gp.practice.commissioner.name] if gp.practice.commissioner
                         else 0.0 for gp in self.gps])

    def voluntary_offer(self) -> tuple[ModelRules | None, float]:
        """The voluntary model practices outside it may join now, and how much of its
        deal they see: under fundholding or LCP commissioning the regime's own; under PBC
        with partnerships growing, the partnership's ("others join as peers see
        results", seed 002). Visibility is ``scheme_visibility`` plus the rest in
        proportion to the people in bodies of that kind whose last year paid savings."""
        offer = self.regime if self.regime.voluntary else (
            MODELS["lcp"] if self.regime.name == "pbc" and any(
                c.kind == "lcp" for c in self.commissioners) else None)
        if offer is None:
            return None, 0.0
        bodies = [c for c in self.commissioners if c.kind == offer.name]
        people = sum(c.population for c in bodies)
        success = (sum(c.population for c in bodies if c.last_result > 0) / people
                   if people else 0.0)
        seen = self.model.params.scheme_visibility
        return offer, seen + (1 - seen) * success

    def _assess_joining(self) -> None:
        """Each practice's interest in joining the voluntary model on offer (its GPs'
        mean ``joining_interest``); with none on offer, its engagement."""
        offer, visibility = self.voluntary_offer()
        practices = self.model.practices
        if offer is None:
            for practice in practices:
                practice.joining_interest = practice.engagement
            return
        population = np.array([max(offer.min_population, gp.practice.list_size)
                                for gp in self.gps], dtype=float)
        interest = joining_interest(self.gps, offer, visibility, population,
                                    self.model.params,
                                    self.model.mechanisms.engagement_incentives,
                                    self.model.spec.structure.engagement_driver,
                                    self.pct_trust)
        sums, counts = np.zeros(len(practices)), np.zeros(len(practices))
        for gp, value in zip(self.gps, interest, strict=True):
            sums[gp.practice.index] += value
            counts[gp.practice.index] += 1
        for practice in practices:
            i = practice.index
            practice.joining_interest = float(sums[i] / counts[i]) if counts[i] else 0.0

    def update_pct_trust(self, month: int) -> None:
        """April: GPs' trust in the PCT moves towards last year's experience of it
        (``pct_trust_adjustment`` of the gap), where the PCT still has a say.

        Experience in a body is the mean of its result (savings paid 1, neither 0.5, a
        deficit 0) and, where it runs services, whether they are running (joint work
        delivered, 1) or still waiting on the PCT (0); bodies weigh by their people and
        by how much the PCT still decides (``pct_control``).
        """
        weights, experience = [], []
        for body in self.commissioners:
            if body.rules.pct_control <= 0 or not body.practices:
                continue
            scores = [float(np.interp(body.last_result, (-1, 1), (0, 1)))]
            if body.rules.services != "none":
                scores.append(float(body.services_from is not None
                                    and body.services_from <= month))
            weights.append(body.population * body.rules.pct_control)
            experience.append(float(np.mean(scores)))
        if not weights or sum(weights) <= 0:
            return
        seen = float(np.average(experience, weights=weights))
        self.pct_trust += self.model.params.pct_trust_adjustment * (seen - self.pct_trust)

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
        self._spend_pooled_funds(ledger, month)
        self.spend.record(care, np.array([p.list_size for p in self.model.practices],
                                         dtype=float))
        self.migration.pay(ledger, month, care)
        if self._in_waves():
            self.waves.record(care, self.model.practices)
        if self.district is not None:
            self.district.pay_cases(ledger, month, care, self._funds_buying_cases())

    def _spend_pooled_funds(self, ledger: Ledger, month: int) -> None:
        """Each body's pooled savings, spent on services over the year in equal parts
        (``sim.commissioning.settlement``)."""
        left = self.model.clock.months_left_in_year(month)
        for commissioner in self.commissioners:
            if commissioner.pooled_fund > 0 and left > 0:
                part = commissioner.pooled_fund / left
                ledger.pay(month, self.model.pct.name, COMMUNITY_PROVIDER, Category.COMMUNITY,
                           part)
                commissioner.pooled_fund -= part

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
        """Budgets against outturn (``sim.commissioning.settlement``): savings paid to
        practices or pooled for next year's services, deficits carried, failures; and
        each body's spend a month by line, which rebasing follows."""
        accounts = []
        for commissioner in list(self.commissioners):
            year = commissioner.year
            result = settle(commissioner, self.model.params)
            paid = 0.0
            if result.to_practices > 0:
                paid = self._pay_savings(ledger, month, commissioner, result.to_practices)
            commissioner.pooled_next = result.pooled
            commissioner.last_result = (1 if result.paid_out
                                        else (-1 if result.surplus < 0 else 0))
            if result.at_risk < 0:
                commissioner.carried_deficit = -result.at_risk
                commissioner.deficit_years += 1
                self._maybe_fail(commissioner, month)
            else:
                commissioner.deficit_years = 0
            months = max(self.model.pct.plan.months, 1)
            commissioner.last_year_spend = LastYearSpend(
                frozenset(p.index for p in commissioner.practices),
                {line: value / months for line, value in year.outturn.items()})
            accounts.append({"org_type": "commissioner", "org_id": commissioner.name,
                             "income": year.budget_total, "costs": year.outturn_total,
                             "surplus": result.surplus, "real_surplus": result.real_surplus,
                             "savings_paid": paid, "savings_pooled": result.pooled})
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
