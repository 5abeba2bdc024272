"""The health economy: one PCT area, its people, practices, trusts and commissioners."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import mesa
import numpy as np

from sim.agents import GP, PCT, AcuteTrust, GPPractice, Specialist
from sim.agents.network import build_network
from sim.agents.practice import draw_attitudes, draw_propensities
from sim.agents.specialist import specialties
from sim.care.month import Providers, admitting_factor, expected_month, step_care
from sim.care.services import draw_reluctance
from sim.care.waiting_list import waiting_list_by_trust
from sim.commissioning.lines import expected_by_line
from sim.commissioning.system import CommissioningSystem
from sim.errors import RunFinishedError
from sim.mechanisms import Phase, run_phase
from sim.model_arguments import scenario_for_run
from sim.money.case_mix import CaseMix, complexity
from sim.money.ledger import Ledger
from sim.money.payments import pay_month
from sim.people.age_profile import band_of, load_age_profile
from sim.people.cancer import StageRates, seed_cancers
from sim.people.cancer import death_per_year as cancer_death_per_year
from sim.people.demography import drift_frailty, step_demography
from sim.people.draws import beta_with_mean
from sim.people.kernels import living_per_group
from sim.people.population import main_trust, synthesise
from sim.people.rates import (
    MONTHS_PER_YEAR,
    BandRates,
    emergency_per_month,
    gp_referrals_per_month,
    mortality_per_month,
    other_first_outpatient_per_month,
)
from sim.people.risk_factors import refresh_multipliers
from sim.results import accounts
from sim.results.datacollector import make_datacollector
from sim.results.monthly import record_month
from sim.results.recorder import Recorder
from sim.scenario import Scenario
from sim.streams import MonthDraws, make_streams


class HealthEconomy(mesa.Model):
    """A local health economy stepped month by month under one scenario.

    Mesa's conventions hold (docs/how-it-works.md, "Using the model from Mesa"):
    ``running`` turns False after the scenario's last month, so ``run_model()`` returns,
    and stepping on raises ``RunFinishedError``; ``datacollector`` holds the monthly
    record; ``mesa.batch_run`` can vary ``replicate``, the seed and any lever.

    Args:
        scenario: the validated scenario.
        replicate: replicate number; with the scenario's seed it fixes every random
            stream, so replicate r of two scenarios shares common random numbers.
        rng: Mesa 3's name for the seed (``mesa.batch_run`` passes it, as ``seed``): an
            int replaces the scenario's seed; anything else ``numpy.random.default_rng``
            accepts (a Generator, SeedSequence, sequence of ints) gives one seed drawn
            from it; None keeps the scenario's seed.
        seed: the same as ``rng`` (give one of the two).
        **levers: scenario levers by name, applied with ``Scenario.with_overrides`` and
            validated: the ``[commissioning]`` settings (``savings_share``,
            ``budget_at_risk``, ``model``...), mechanism switches (``care_plans``...),
            any parameter (``[parameters]``) and ``months``.
    """

    def __init__(self, scenario: Scenario, replicate: int = 0, *, rng=None, seed=None,
                 **levers) -> None:
        scenario = scenario_for_run(scenario, rng, seed, levers)
        self.streams = make_streams(scenario.seed, replicate)
        self.draw_prefix = (replicate,)  # monthly draws: MonthDraws(seed, prefix, month)
        super().__init__(rng=self.streams["mesa"])
        self._mesa_step = self.step  # Mesa 3's step: its clock, then ours (step below)
        self.step = self._step_within_run
        self.spec = scenario  # (Mesa reserves the name "scenario")
        self.params = scenario.parameters
        self.mechanisms = scenario.mechanisms
        self.clock = scenario.clock
        self.month = 0  # index of the next month to simulate
        self.profile = scenario.era.age_profile(load_age_profile())  # the era's rates
        self.ledger = Ledger()
        self.recorder = Recorder(replicate)
        self.datacollector = make_datacollector()  # fed by the recorder, every month
        self.events_by_month = defaultdict(list)
        for event in scenario.timeline:
            self.events_by_month[self.clock.index_of(event.date)].append(event)
        self._build_world()
        self.commissioning = CommissioningSystem(self)
        self.accounts: list[dict] = []  # year-end accounts of every organisation
        self.plan_start = 0  # month the current financial-year plan began

    # --- set-up ----------------------------------------------------------------------
    def _build_world(self) -> None:
        p, rng = self.params, self.streams["setup"]
        size = self.spec.population
        n_trusts = self.spec.providers.acute_trusts
        self.population = synthesise(size.size, size.practices, n_trusts, p, self.profile, rng)
        self.trusts = [AcuteTrust(self, t, p) for t in range(n_trusts)]
        self.practices = self._create_practices(size.practices, n_trusts, rng)
        self.specialists = self._create_specialists(rng)
        self.pct = PCT(self, p, self.spec.era)
        self.network = build_network(self.practices, self.trusts, self.specialists, rng,
                                     p.specialists_per_practice)
        self._update_list_sizes()
        pop = self.population
        seed_cancers(pop, p, rng.spawn(1)[0])  # a child stream: later draws do not move
        stages = StageRates.from_params(p)
        self.rates = BandRates.fit(
            pop.age, pop.ltc, pop.conditions, pop.severe, pop.log_frailty, pop.deprivation,
            pop.gp_propensity,
            self.providers().practice_referral[pop.practice],
            self.providers().practice_prescribing[pop.practice],
            cancer_death_per_year(pop.cancer, pop.age, p),
            stages.emergency_presentation[pop.cancer], p, self.profile)
        refresh_multipliers(pop, p)
        self.case_mix = self._fit_case_mix()
        expected = self._expected()
        for trust in self.trusts:
            trust.emergency_baseline = (p.marginal_baseline_ratio * MONTHS_PER_YEAR
                                        * expected.emergency_t[trust.index])
        self._seed_waiting_list(expected.decisions_to_admit_t.sum(), rng)

    def _create_practices(self, n_practices: int, n_trusts: int,
                          rng: np.random.Generator) -> list[GPPractice]:
        p = self.params
        referral, prescribing, emergency = draw_propensities(n_practices, p, rng)
        quality = beta_with_mean(p.practice_quality_mean, p.practice_quality_concentration,
                                 n_practices, rng)
        list_sizes = np.bincount(self.population.practice, minlength=n_practices)
        # the area's emergency rate stays calibrated: propensities average 1 per patient
        emergency = emergency * list_sizes.sum() / max(float(emergency @ list_sizes), 1e-12)
        practices = [
            GPPractice(self, i, locality=i // p.practices_per_locality,
                       main_trust=int(main_trust(i, n_practices, n_trusts)),
                       referral_propensity=float(referral[i]),
                       prescribing_propensity=float(prescribing[i]), quality=float(quality[i]),
                       emergency_propensity=float(emergency[i]))
            for i in range(n_practices)
        ]
        for practice in practices:
            n_gps = max(1, int(round(list_sizes[practice.index] / p.patients_per_gp)))
            attitude, engagement = draw_attitudes(n_gps, p, rng)
            leader = rng.random(n_gps) < p.gp_leader_share
            motivation = rng.random(n_gps)
            for g in range(n_gps):
                GP(self, practice, float(engagement[g]), bool(leader[g]), float(motivation[g]),
                   float(attitude[g]))
        return practices

    def _create_specialists(self, rng: np.random.Generator) -> list[Specialist]:
        count = max(len(self.trusts), int(round(self.population.size
                                                / self.params.population_per_consultant)))
        trust_of = rng.integers(0, len(self.trusts), count)
        names, shares = specialties()
        specialty = rng.choice(len(names), size=count, p=shares)
        reluctance = draw_reluctance(count, self.params, self.streams["behaviour"])
        return [Specialist(self, self.trusts[trust_of[i]], names[specialty[i]],
                           float(reluctance[i])) for i in range(count)]

    def _seed_waiting_list(self, decisions_per_month: float, rng: np.random.Generator) -> None:
        """Start with the target wait's worth of demand on the list, joined over past months."""
        months = max(int(round(self.params.elective_target_wait_months)), 1)
        count = int(round(decisions_per_month * self.params.elective_target_wait_months))
        alive_rows = np.flatnonzero(self.population.alive)
        if count == 0 or len(alive_rows) == 0:
            return
        rows = rng.choice(alive_rows, size=min(count, len(alive_rows)), replace=False)
        self.population.waiting_since[rows] = -rng.integers(0, months, len(rows)) - 1

    # --- the month -------------------------------------------------------------------
    def step(self) -> None:
        """Advance one month, in the order described once in docs/how-it-works.md
        ("The monthly step"): timeline events; demography; at the start of a financial
        year the commissioning year and the year's plan (contracts, budgets,
        allocation); behaviour; care; payment; at the end of a financial year the
        budgets close; the month's record; at the end of a financial year, accounts.
        Mechanisms act at the phases they declare (``sim.mechanisms.Phase``). Then Mesa's
        ``datacollector`` copies the record, and ``running`` turns False after the last
        month (``model.step()`` refuses any month after it: ``_step_within_run``).
        """
        m, clock = self.month, self.clock
        for event in self.events_by_month.get(m, []):
            event.apply(self)
        starts_year = clock.starts_financial_year(m)
        if starts_year and m > 0:
            self._roll_over_year(MonthDraws(self.spec.seed, self.draw_prefix, m)["frailty"])
        draws = MonthDraws(self.spec.seed, self.draw_prefix, m)
        demography = step_demography(self.population, self.params, self.rates, m, draws,
                                     np.array([p.progression_factor for p in self.practices]))
        self._update_list_sizes()
        if starts_year:
            self._start_year()
        self.commissioning.behave(m)
        run_phase(self, Phase.BEHAVIOUR, m)
        band = self.population.band  # kept with age (sim.people.ageing)
        care = step_care(self.population, band, self.providers(), m, self.params, self.rates,
                         self.case_mix, draws, self.profile)
        year, month_of_plan = clock.financial_year(m), m - self.plan_start + 1
        pay_month(self.ledger, m, month_of_plan, year, care, self.pct, self.trusts,
                  self.practices, self.params)
        self.commissioning.pay(self.ledger, m, care)
        ends_year = clock.ends_financial_year(m, self.spec.months)
        commissioner_accounts = self.commissioning.close_year(self.ledger, m) if ends_year else []
        record_month(self, demography, care)
        if ends_year:
            accounts.close_year(self, commissioner_accounts)
        self.datacollector.collect(self)
        self.month += 1
        self.running = self.month < self.spec.months  # Mesa's run_model() stops here

    def _step_within_run(self) -> None:
        """``model.step()``: one month through Mesa's clock, refused after the last.

        Checked before Mesa's step so a refused step leaves Mesa's clock and schedule
        as they were.
        """
        months = self.spec.months
        if self.month >= months:
            raise RunFinishedError(
                f"the scenario's {months} month{'s' if months != 1 else ''} "
                f"({self.clock.date(0):%b %Y} to {self.clock.date(months - 1):%b %Y}) "
                f"{'are all' if months != 1 else 'is'} simulated; build a new "
                "HealthEconomy to run again")
        self._mesa_step()

    def run(self, progress=None) -> None:
        """Run every month of the scenario; ``progress`` (optional) is called each month."""
        while self.month < self.spec.months:
            self.step()
            if progress is not None:
                progress()

    def providers(self) -> Providers:
        """The organisations' current contribution to care rates."""
        practices = self.practices
        return Providers(
            practice_referral=np.array([p.referral_propensity * p.referral_factor
                                        for p in practices]),
            practice_prescribing=np.array([p.prescribing_propensity * p.prescribing_factor
                                           for p in practices]),
            trust_admitting=np.array([t.admitting_factor for t in self.trusts]),
            elective_capacity=np.array([t.elective_capacity for t in self.trusts]),
            practice_emergency=np.array([p.emergency_propensity * p.emergency_factor
                                         for p in practices]),
            practice_substitution=np.array([p.outpatient_substitution for p in practices]),
            care_plan_effect=self.params.care_plan_effect,
            practice_referral_withheld=np.array([
                p.referral_propensity * max(0.0, 1.0 - p.referral_factor) for p in practices]),
        )

    def baseline_providers(self) -> Providers:
        """Providers as under PCT commissioning (no practice effects, no care plans):
        the rates commissioners' budgets are set at, so their improvements are savings."""
        current = self.providers()
        practices = self.practices
        return Providers(
            practice_referral=np.array([p.referral_propensity for p in practices]),
            practice_prescribing=np.array([p.prescribing_propensity for p in practices]),
            trust_admitting=current.trust_admitting, elective_capacity=current.elective_capacity,
            practice_emergency=np.array([p.emergency_propensity for p in practices]),
            practice_substitution=np.zeros(len(practices)), care_plan_effect=0.0,
            practice_referral_withheld=np.zeros(len(practices)))

    # --- the financial year ------------------------------------------------------------
    def _months_this_year(self, m: int) -> int:
        return min(self.clock.months_left_in_year(m), self.spec.months - m)

    def _roll_over_year(self, rng: np.random.Generator) -> None:
        pop = self.population
        pop.emergency_last_year[:] = pop.emergency_this_year
        pop.hospital_cost_last_year[:] = pop.hospital_cost_this_year
        pop.elective_cost_last_year[:] = pop.elective_cost_this_year
        for column in ("emergency_this_year", "elective_this_year", "outpatient_this_year",
                       "hospital_cost_this_year", "elective_cost_this_year",
                       "expected_consultations_this_year"):
            getattr(pop, column)[:] = 0
        pop.compact()  # first, so the frailty draws do not depend on departed rows
        drift_frailty(pop, self.params, rng)

    def _start_year(self) -> None:
        """The start of a financial year: the commissioning year, then the year's plan."""
        self.commissioning.start_year(self.month)
        run_phase(self, Phase.START_OF_YEAR, self.month)
        self._plan_year()

    def _plan_year(self) -> None:
        """Set this year's allocation, contracts, trust costs and capacity."""
        m, p = self.month, self.params
        months = self._months_this_year(m)
        self.plan_start = m  # payments count months from here (a part year at either end)
        last = accounts.last_year(self.accounts)
        expected = self._expected()
        waiting = waiting_list_by_trust(self.population, len(self.trusts))
        for trust in self.trusts:
            if last:
                value = last[trust.name]["activity_per_month"] * (1 + p.planning_growth)
                decisions = last[trust.name]["decisions_per_month"]
            else:
                value = expected.value_t[trust.index]
                decisions = expected.decisions_to_admit_t[trust.index]
            trust.plan_year(value * MONTHS_PER_YEAR, decisions,
                            int(waiting[trust.index]), months)
        run_phase(self, Phase.CONTRACTS, m, expected=expected)
        if last:
            activity = last["pct"]["activity_spend_per_month"] * (1 + p.planning_growth)
        else:
            activity = float(expected.value_t.sum()) + expected.prescribing_value
        baseline = self.baseline_providers()
        at_pct_rates = (expected if self._at_pct_rates(baseline) else
                        expected_month(self.population, baseline, p, self.rates, self.case_mix))
        lines = expected_by_line(at_pct_rates.emergency_value_p, at_pct_rates.planned_value_p,
                                 at_pct_rates.prescribing_value_p,
                                 np.array([pr.list_size for pr in self.practices]), p)
        commissioning = self.commissioning.set_budgets(months, lines)
        population = self.population.size
        primary = p.primary_care_per_head * population * months / MONTHS_PER_YEAR
        self.pct.plan_year(self.clock.financial_year(m), months, population,
                           activity * months + commissioning, primary)

    def _at_pct_rates(self, baseline: Providers) -> bool:
        """Whether care runs at PCT-commissioning rates now (as under PCT commissioning):
        then this year's expected activity is already the budgets' basis."""
        current = self.providers()
        if not self.population.care_plan.any():  # the care-plan effect acts on no one
            current = replace(current, care_plan_effect=baseline.care_plan_effect)
        return baseline.same_as(current)

    def _expected(self):
        return expected_month(self.population, self.providers(), self.params, self.rates,
                              self.case_mix)

    def _fit_case_mix(self) -> CaseMix:
        """Spell-price normalisers on the starting population (``sim.money.case_mix``).

        Each person's expected spells are weighted by their chance of being alive at
        mid-year: the most complex people are also the likeliest to die, so weighting
        by the rates at the start alone would put the first year's mean price below the
        tariff.
        """
        pop, providers = self.population, self.providers()
        band = band_of(pop.age)
        survival = np.exp(-0.5 * MONTHS_PER_YEAR * mortality_per_month(
            pop.age, band, pop.m_mortality, self.params, self.rates))
        emergency = emergency_per_month(band, pop.m_emergency, self.rates,
                                        admitting_factor(pop, providers)) * survival
        first = (gp_referrals_per_month(band, pop.m_referral,
                                        providers.practice_referral[pop.practice], self.rates)
                 + other_first_outpatient_per_month(band, pop.m_other_first, self.rates))
        return CaseMix.fit(band, complexity(pop.log_frailty, pop.ltc, self.params), emergency,
                           first * survival)

    # --- list sizes ---------------------------------------------------------------------
    def _update_list_sizes(self) -> None:
        pop = self.population
        sizes = living_per_group(pop.practice, pop.alive, len(self.practices))
        for practice in self.practices:
            practice.list_size = int(sizes[practice.index])
