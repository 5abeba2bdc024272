"""The health economy: one PCT area, its people, practices, trusts and commissioners."""

from __future__ import annotations

from collections import defaultdict

import mesa
import numpy as np

from sim.agents import GP, PCT, AcuteTrust, GPPractice, Specialist
from sim.agents.network import build_network
from sim.agents.practice import draw_engagement, draw_propensities
from sim.agents.specialist import SPECIALTIES, SPECIALTY_WEIGHTS
from sim.allocator import keep_large_blocks
from sim.care.month import CareMonth, Providers, expected_month, step_care
from sim.care.outcomes import deprivation_gap_per_1000, qalys_this_month, share_seen_by_gp
from sim.care.services import draw_reluctance
from sim.care.waiting_list import waiting_list_by_trust
from sim.commissioning.lines import expected_by_line
from sim.commissioning.system import CommissioningSystem
from sim.money.ledger import Category, Ledger
from sim.money.payments import pay_month
from sim.people.age_profile import BANDS, band_of, load_age_profile
from sim.people.demography import DemographyMonth, drift_frailty, step_demography
from sim.people.population import main_trust, synthesise
from sim.people.rates import MONTHS_PER_YEAR, BandRates
from sim.people.risk_factors import refresh_multipliers
from sim.results.recorder import COVERED_NAMES, Recorder
from sim.scenario import Scenario
from sim.streams import MonthDraws, make_streams

WEEKS_PER_MONTH = 52.0 / 12.0


class HealthEconomy(mesa.Model):
    """A local health economy stepped month by month under one scenario.

    Args:
        scenario: the validated scenario.
        replicate: replicate number; with the scenario's seed it fixes every random
            stream, so replicate r of two scenarios shares common random numbers.
    """

    def __init__(self, scenario: Scenario, replicate: int = 0) -> None:
        keep_large_blocks()
        self.streams = make_streams(scenario.seed, replicate)
        self.draw_prefix = (replicate,)  # monthly draws: MonthDraws(seed, prefix, month)
        super().__init__(rng=self.streams["mesa"])
        self.spec = scenario  # (Mesa reserves the name "scenario")
        self.params = scenario.parameters
        self.mechanisms = scenario.mechanisms
        self.clock = scenario.clock
        self.month = 0  # index of the next month to simulate
        self.profile = load_age_profile()
        self.ledger = Ledger()
        self.recorder = Recorder(replicate)
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
        self.pct = PCT(self, p)
        self.network = build_network(self.practices, self.trusts, self.specialists, rng)
        self._update_list_sizes()
        pop = self.population
        self.rates = BandRates.fit(
            pop.age, pop.ltc, pop.log_frailty, pop.deprivation, pop.gp_propensity,
            self.providers().practice_referral[pop.practice],
            self.providers().practice_prescribing[pop.practice], p, self.profile)
        refresh_multipliers(pop, p)
        expected = self._expected()
        for trust in self.trusts:
            trust.emergency_baseline = (p.marginal_baseline_ratio * MONTHS_PER_YEAR
                                        * expected.emergency_t[trust.index])
        self._seed_waiting_list(expected.decisions_to_admit_t.sum(), rng)

    def _create_practices(self, n_practices: int, n_trusts: int,
                          rng: np.random.Generator) -> list[GPPractice]:
        p = self.params
        referral, prescribing = draw_propensities(n_practices, p, rng)
        quality = rng.beta(p.practice_quality_mean * 20, (1 - p.practice_quality_mean) * 20,
                           n_practices)
        practices = [
            GPPractice(self, i, locality=i // p.practices_per_locality,
                       main_trust=int(main_trust(i, n_practices, n_trusts)),
                       referral_propensity=float(referral[i]),
                       prescribing_propensity=float(prescribing[i]), quality=float(quality[i]))
            for i in range(n_practices)
        ]
        list_sizes = np.bincount(self.population.practice, minlength=n_practices)
        for practice in practices:
            n_gps = max(1, int(round(list_sizes[practice.index] / p.patients_per_gp)))
            engagement = draw_engagement(n_gps, p, rng)
            leader = rng.random(n_gps) < p.gp_leader_share
            motivation = rng.random(n_gps)
            for g in range(n_gps):
                GP(self, practice, float(engagement[g]), bool(leader[g]), float(motivation[g]))
        return practices

    def _create_specialists(self, rng: np.random.Generator) -> list[Specialist]:
        count = max(len(self.trusts), int(round(self.population.size
                                                / self.params.population_per_consultant)))
        trust_of = rng.integers(0, len(self.trusts), count)
        specialty = rng.choice(len(SPECIALTIES), size=count, p=SPECIALTY_WEIGHTS)
        reluctance = draw_reluctance(count, self.params, self.streams["behaviour"])
        return [Specialist(self, self.trusts[trust_of[i]], SPECIALTIES[specialty[i]],
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
        """Advance one month. The one written step order:

        1. timeline: apply the policy events dated this month (a reorganisation
           dissolves and forms commissioners at once and starts their transition);
        2. demography: (April: roll over the year's utilisation, drift frailty, drop
           departed rows) ageing, deaths, leavers, LTC onset, births, registrations;
        3. commissioning: (April, or the first month) on a slow-burn path partnerships
           climb LCP stages, gain willing neighbours and clusters win LCP status; then
           commissioners form or grow, decide services, recruit specialists and give
           care plans; the PCT sets the allocation, commissioners' budgets and block
           contracts; trusts set fixed costs, elective capacity and (under block
           contracts) their block;
        4. behaviour: GP engagement moves towards incentives and peers, engaged practices
           change their referring, prescribing and LTC management; trusts' admitting
           drifts under payment by results;
        5. care: consultations, referrals, outpatients, electives from the waiting list,
           A&E, emergency admissions, prescribing;
        6. payment: every pound from the PCT to providers through the ledger, including
           commissioners' services and management and any transition's costs; in
           March (or the last month) commissioners' budgets close and savings are paid
           to practices;
        7. outcomes: QALYs, avoidable admissions, deprivation gap;
        8. record the month; in March (or the last month) close the year's accounts.
        """
        m = self.month
        for event in self.events_by_month.get(m, []):
            event.apply(self)
        new_year = m == 0 or self.clock.is_april(m)
        if new_year and m > 0:
            self._roll_over_year(MonthDraws(self.spec.seed, self.draw_prefix, m)["frailty"])
        draws = MonthDraws(self.spec.seed, self.draw_prefix, m)
        demography = step_demography(self.population, self.params, self.rates, draws)
        self._update_list_sizes()
        if new_year:
            self.commissioning.start_year(m)
            self._plan_year()
        self.commissioning.behave(m)
        if self.mechanisms.pbr_drift:
            for trust in self.trusts:
                trust.drift_admitting()
        band = band_of(self.population.age)
        care = step_care(self.population, band, self.providers(), m, self.params, self.rates,
                         draws)
        year, month_of_plan = self.clock.financial_year(m), m - self.plan_start + 1
        pay_month(self.ledger, m, month_of_plan, year, care, self.pct, self.trusts,
                  self.practices, self.params)
        self.commissioning.pay(self.ledger, m, care)
        year_end = self.clock.is_march(m) or m == self.spec.months - 1
        commissioner_accounts = self.commissioning.close_year(self.ledger, m) if year_end else []
        self._record(demography, care, band)
        if year_end:
            self._close_year(commissioner_accounts)
        self.month += 1

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
            practice_emergency=np.array([p.emergency_factor for p in practices]),
            practice_substitution=np.array([p.outpatient_substitution for p in practices]),
            care_plan_effect=self.params.care_plan_effect,
        )

    def baseline_providers(self) -> Providers:
        """Providers as under PCT commissioning (no practice effects, no care plans):
        the rates commissioners' budgets are set at, so their improvements are savings."""
        current = self.providers()
        ones = np.ones(len(self.practices))
        return Providers(
            practice_referral=np.array([p.referral_propensity for p in self.practices]),
            practice_prescribing=np.array([p.prescribing_propensity for p in self.practices]),
            trust_admitting=current.trust_admitting, elective_capacity=current.elective_capacity,
            practice_emergency=ones, practice_substitution=0 * ones, care_plan_effect=0.0)

    # --- the financial year ------------------------------------------------------------
    def _months_this_year(self, m: int) -> int:
        return min(self.clock.months_left_in_year(m), self.spec.months - m)

    def _roll_over_year(self, rng: np.random.Generator) -> None:
        pop = self.population
        pop.emergency_last_year[:] = pop.emergency_this_year
        pop.hospital_cost_last_year[:] = pop.hospital_cost_this_year
        for column in ("emergency_this_year", "elective_this_year", "outpatient_this_year",
                       "hospital_cost_this_year", "expected_consultations_this_year"):
            getattr(pop, column)[:] = 0
        pop.compact()  # first, so the frailty draws do not depend on departed rows
        drift_frailty(pop, self.params, rng)

    def _plan_year(self) -> None:
        """Set this year's allocation, contracts, trust costs and capacity."""
        m, p = self.month, self.params
        months = self._months_this_year(m)
        self.plan_start = m  # payments count months from here (a part year at either end)
        last = self.accounts_for_last_year()
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
        if self.mechanisms.block_contracts:
            for trust in self.trusts:
                if self.commissioning.trust_goes_block(trust.index):
                    trust.move_to_block(expected.value_by_category(p, trust.index))
        if last:
            activity = last["pct"]["activity_spend_per_month"] * (1 + p.planning_growth)
        else:
            activity = float(expected.value_t.sum()) + expected.prescribing_value
        at_pct_rates = expected_month(self.population, self.baseline_providers(), p, self.rates)
        lines = expected_by_line(at_pct_rates.emergency_p, at_pct_rates.first_outpatient_p,
                                 at_pct_rates.prescribing_value_p,
                                 np.array([pr.list_size for pr in self.practices]), p)
        commissioning = self.commissioning.set_budgets(months, lines)
        population = self.population.size
        primary = p.primary_care_per_head * population * months / MONTHS_PER_YEAR
        self.pct.plan_year(self.clock.financial_year(m), months, population,
                           activity * months + commissioning, primary)

    def _expected(self):
        return expected_month(self.population, self.providers(), self.params, self.rates)

    def accounts_for_last_year(self) -> dict[str, dict]:
        """The most recent year-end accounts, keyed by organisation name."""
        if not self.accounts:
            return {}
        latest = self.accounts[-1]["financial_year"]
        return {a["org_id"]: a for a in self.accounts if a["financial_year"] == latest}

    def _close_year(self, commissioner_accounts: list[dict]) -> None:
        """Year-end accounts of every organisation, and the year's population measures."""
        m, plan = self.month, self.pct.plan
        months = range(m - plan.months + 1, m + 1)
        date = self.clock.date(m)
        year = {"financial_year": plan.financial_year, "months": plan.months}
        for account in self._year_accounts(months) + [{**year, **a}
                                                      for a in commissioner_accounts]:
            self.accounts.append(account)
            for measure in ("income", "costs", "surplus", "bailout", "savings_paid"):
                if measure in account:
                    self.recorder.organisations_measure(
                        date, account["org_type"], [account["org_id"]], f"year_{measure}",
                        [account[measure]])
        self._record_year_measures(date, plan.months)

    def _year_accounts(self, months: range) -> list[dict]:
        """The PCT's and trusts' income, costs and surplus; other providers' income."""
        plan = self.pct.plan
        year = {"financial_year": plan.financial_year, "months": plan.months}
        spent = sum(self.ledger.month_pennies(i) for i in months) / 100.0
        activity = sum(self.ledger.month_spend(i)[c] for i in months
                       for c in ACTIVITY_CATEGORIES)
        accounts = [{**year, "org_type": "pct", "org_id": "pct", "income": plan.allocation,
                     "costs": spent, "surplus": plan.allocation - spent,
                     "activity_spend_per_month": activity / plan.months}]
        for trust in self.trusts:
            accounts.append({**year, "org_type": "trust", "org_id": trust.name,
                             **trust.close_year(),
                             "activity_per_month":
                                 trust.year.activity_at_full_tariff / plan.months,
                             "decisions_per_month": trust.year.decisions_to_admit / plan.months})
        trust_names = {trust.name for trust in self.trusts}
        for payee, income in sorted(self.ledger.received_over(months).items()):
            if payee not in trust_names:
                kind = "practice" if payee.startswith("practice_") else "provider"
                accounts.append({**year, "org_type": kind, "org_id": payee, "income": income})
        return accounts

    def _record_year_measures(self, date, months: int) -> None:
        pop = self.population
        for measure, value in (
            ("year_share_seen_by_gp", share_seen_by_gp(pop, self.streams["outcomes"])),
            ("year_ltc_prevalence", float(np.mean(pop.ltc[pop.alive] > 0))),
            ("year_expected_consultations_age_85_89", _mean_where(
                pop.expected_consultations_this_year * MONTHS_PER_YEAR / months,
                pop.alive & (pop.age >= 85) & (pop.age < 90))),
        ):
            self.recorder.organisations_measure(date, "pct", ["pct"], measure, [value])

    # --- recording ----------------------------------------------------------------------
    def _update_list_sizes(self) -> None:
        pop = self.population
        sizes = np.bincount(pop.practice, weights=pop.alive, minlength=len(self.practices))
        for practice in self.practices:
            practice.list_size = int(sizes[practice.index])

    def _record(self, demography: DemographyMonth, care: CareMonth, band: np.ndarray) -> None:
        m, p, pop = self.month, self.params, self.population
        date = self.clock.date(m)
        population = pop.size
        spend = self.ledger.month_spend(m)
        emergency = care.emergency
        gp_engagement = float(np.mean([gp.engagement for gp in self.agents_by_type[GP]]))
        covered = self.commissioning.covered()
        on_list = int(care.electives.list_by_trust.sum())
        row = {
            "date": date, "population_start": demography.population_start,
            "population": population, "births": demography.births,
            "registrations": demography.registrations, "deaths": demography.deaths,
            "leavers": demography.leavers, "gp_consultations": int(care.consultations_p.sum()),
            "referrals": int(care.referrals_p.sum()),
            "outpatient_first": int(care.first_outpatient_t.sum()),
            "outpatient_follow_up": int(care.follow_up_t.sum()),
            "elective_admissions": int(care.electives.by_trust.sum()),
            "elective_waiting_list": on_list,
            "elective_wait_weeks": care.electives.mean_wait_months * WEEKS_PER_MONTH,
            "ae_attendances": int(care.ae_t.sum()), "emergency_admissions": emergency,
            "emergency_admissions_acs": care.emergency_acs,
            "emergency_admissions_per_1000":
                emergency * MONTHS_PER_YEAR * 1000.0 / max(population, 1),
            "emergency_gap_per_1000": deprivation_gap_per_1000(care, pop),
            "prescribing_items": int(care.prescribing_items_p.sum()),
            **{f"spend_{c.value}": spend[c] for c in Category},
            "spend_total": self.ledger.month_pennies(m) / 100.0,
            "budget_total": self.pct.plan.allocation / self.pct.plan.months,
            "qalys": qalys_this_month(pop, band, p, self.profile, self.rates)
            - emergency * p.qaly_loss_per_emergency_admission,
            "gp_engagement_mean": gp_engagement,
            **{f"population_covered_{name}": covered[name] for name in COVERED_NAMES},
            **{f"organisations_{kind}": count
               for kind, count in self.commissioning.organisations().items()},
        }
        self.recorder.month(row)
        self._record_organisations(date, care)

    def _record_organisations(self, date, care: CareMonth) -> None:
        rec = self.recorder
        practice_ids = [p.name for p in self.practices]
        for measure, values in (
            ("list_size", [p.list_size for p in self.practices]),
            ("gp_consultations", care.consultations_p),
            ("referrals", care.referrals_p),
            ("emergency_admissions", care.emergency_p),
            ("prescribing_items", care.prescribing_items_p),
            ("gp_engagement", [p.engagement for p in self.practices]),
        ):
            rec.organisations_measure(date, "practice", practice_ids, measure, values)
        trust_ids = [t.name for t in self.trusts]
        for measure, values in (
            ("income", [self.ledger.received(self.month, t.name) for t in self.trusts]),
            ("emergency_admissions", care.emergency_t),
            ("elective_admissions", care.electives.by_trust),
            ("elective_waiting_list", care.electives.list_by_trust),
            ("admitting_factor", [t.admitting_factor for t in self.trusts]),
            ("on_block_contract", [t.payment == "block" for t in self.trusts]),
        ):
            rec.organisations_measure(date, "trust", trust_ids, measure, values)
        for b, band in enumerate(BANDS):
            rec.organisations_measure(date, "pct", ["pct"], f"emergency_admissions_age_{band}",
                                      [care.emergency_b[b]])
            rec.organisations_measure(date, "pct", ["pct"], f"population_age_{band}",
                                      [care.population_b[b]])
        self._record_commissioners(date)

    def _record_commissioners(self, date) -> None:
        system, rec = self.commissioning, self.recorder
        rec.organisations_measure(date, "pct", ["pct"], "specialists_in_community_share",
                                  [system.specialist_share])
        bodies = system.commissioners
        if not bodies:
            return
        for measure, values in (
            ("population", [c.population for c in bodies]),
            ("member_practices", [len(c.practices) for c in bodies]),
            ("engagement", [c.engagement for c in bodies]),
            ("maturity", [c.maturity(self.month, self.params.maturity_years) for c in bodies]),
            ("care_plans", [system.care_plans.get(c.name, 0) for c in bodies]),
            ("makes_services", [c.makes_services for c in bodies]),
            ("budget", [c.year.budget_total for c in bodies]),
            ("outturn_to_date", [c.year.outturn_total for c in bodies]),
            ("real_budget_share", [c.real_share() for c in bodies]),
            ("stage", [c.stage for c in bodies]),
        ):
            rec.organisations_measure(date, "commissioner", [c.name for c in bodies], measure,
                                      values)


ACTIVITY_CATEGORIES = (Category.ACUTE_EMERGENCY, Category.ACUTE_ELECTIVE,
                       Category.OUTPATIENT, Category.AE, Category.PRESCRIBING)


def _mean_where(values: np.ndarray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else float("nan")
