"""The patient rules again, as one Mesa agent per patient: a reference implementation.

Why this exists: the production model (``sim.model.HealthEconomy``) keeps people in
numpy columns and draws each month's events for everyone at once, with tricks such as
"draw the total as Poisson, then share it out in proportion to the rates"
(``sim.people.draws``). Those tricks are easy to get subtly wrong. This module states the
same rules in the plainest possible way -- each ``PatientAgent`` ages, maybe dies, maybe
leaves, gains conditions and uses care with its own draws -- so that a test
(``tests/test_reference.py``) can check on small populations that the vectorised code
gives the same distributions, and a benchmark (``benchmarks/bench_reference.py``) can
show what the vectorisation buys.

Both implementations call the same rate functions in ``sim.people.rates`` (here with one
person's scalars), start from the *same* people (copied from a ``HealthEconomy`` built
for the same scenario and replicate, so the population, practices' propensities, trust
admitting factors and the fitted ``BandRates`` are identical), and follow the same monthly
order as ``HealthEconomy.step``. Only the patient rules are here: no waiting lists,
payments, organisations or timeline events (today's events only change payments).
"""

from __future__ import annotations

import math

import mesa
import numpy as np
import pandas as pd

from sim.model import HealthEconomy
from sim.outcomes.cancer_pathway import MOVES
from sim.outcomes.treatment_trend import treatment_factor
from sim.people.age_profile import band_of
from sim.people.cancer import DIAGNOSED_EARLY, DIAGNOSED_LATE, EARLY, LATE, NONE, StageRates
from sim.people.cancer import death_per_year as cancer_death_per_year
from sim.people.cancer import onset_per_month as cancer_onset_per_month
from sim.people.conditions import BITS, CONDITIONS, COUNT_BY_MASK, load_condition_curves
from sim.people.demography import CLONED_ON_REGISTRATION, FEMALE_SHARE_AT_BIRTH, INHERITED_AT_BIRTH
from sim.people.population import draw_gp_propensity, draw_log_frailty
from sim.people.rates import (
    MONTHS_PER_YEAR,
    ae_multiplier,
    ae_per_month,
    consultation_multiplier,
    consultations_per_month,
    emergency_multiplier,
    emergency_per_month,
    gp_referrals_per_month,
    ltc_onset_per_month,
    mortality_multiplier,
    mortality_per_month,
    other_first_multiplier,
    other_first_outpatient_per_month,
    prescribing_multiplier,
    prescribing_per_month,
    referral_multiplier,
)
from sim.people.severity import load_severity_curves
from sim.scenario import Scenario
from sim.streams import STREAMS

ATTRIBUTES = ("age", "female", "deprivation", "imd_score", "ltc", "conditions", "severe",
              "cancer",
              "log_frailty", "gp_propensity", "practice", "trust")
COUNTS = ("deaths", "births", "registrations", "leavers", "emergency_admissions",
          "referrals", "outpatient_first", "gp_consultations", "ae_attendances",
          "prescribing_items")
REFERENCE_STREAM = len(STREAMS)  # spawn key after the production model's named streams


class PatientAgent(mesa.Agent):
    """One registered person: the attributes of one row of ``sim.people.population``."""

    def __init__(self, model: ReferencePopulationModel, *, age: float, female: bool,
                 deprivation: int, imd_score: float, ltc: int, log_frailty: float,
                 conditions: int = 0, severe: int = 0, cancer: int = NONE,
                 gp_propensity: float, practice: int, trust: int) -> None:
        super().__init__(model)
        self.age = float(age)
        self.female = bool(female)
        self.deprivation = int(deprivation)
        self.imd_score = float(imd_score)
        self.ltc = int(ltc)
        self.conditions = int(conditions)
        self.severe = int(severe)  # which named conditions are severe (the same bits)
        self.onset_age = self.age  # the age the vectorised model cached its onset rate at
        self.cancer = int(cancer)
        self.cancer_onset_age = self.age  # likewise for the cancer onset rate
        self.log_frailty = float(log_frailty)
        self.gp_propensity = float(gp_propensity)
        self.practice = int(practice)
        self.trust = int(trust)
        self.dies_after_event = False  # an acute event last month kills them this month

    def step(self) -> None:
        """One month, in ``step_demography`` order: age, death, leaving, new LTCs, cases
        becoming severe, new named conditions, care."""
        model, params, rng = self.model, self.model.params, self.model.rng
        self.age += 1.0 / MONTHS_PER_YEAR
        died_of_event, self.dies_after_event = self.dies_after_event, False
        if rng.random() < -math.expm1(-self.death_rate()) or died_of_event:
            model.count["deaths"] += 1
            self.remove()
            return
        if rng.random() < -math.expm1(-params.leaving_rate / MONTHS_PER_YEAR):
            model.count["leavers"] += 1
            self.remove()
            return
        new_ltc = int(rng.poisson(ltc_onset_per_month(self.age, self.deprivation, params)))
        self.ltc += new_ltc
        worsened = self.severity_progression()  # of conditions held before this month
        gained = self.condition_onset()
        if gained or worsened or new_ltc:
            self.onset_age = self.cancer_onset_age = self.age  # a changed row: refreshed
        self.use_care()

    def death_rate(self) -> float:
        """This month's rate of death (the probability is ``1 - exp(-rate)``): in the
        community and from a cancer."""
        model, params = self.model, self.model.params
        community = mortality_per_month(
            self.age, int(band_of(self.age)),
            mortality_multiplier(self.ltc, self.log_frailty, self.conditions, self.severe,
                                 params), params, model.rates)
        cancer = (float(cancer_death_per_year(self.cancer, self.age, params)) / MONTHS_PER_YEAR
                  * treatment_factor(params, model.month))
        return float(community + cancer)

    def expected_care(self) -> dict[str, float]:
        """Expected care events this month, by kind, at this person's current attributes.

        Multipliers are recomputed from the attributes every time: the vectorised model
        caches them (``sim.people.risk_factors``), so this also checks that cache.
        """
        model, params, rates = self.model, self.model.params, self.model.rates
        band = int(band_of(self.age))
        ltc, frailty, deprivation = self.ltc, self.log_frailty, self.deprivation
        return {
            "gp_consultations": consultations_per_month(
                band, consultation_multiplier(ltc, self.gp_propensity, params), rates),
            "referrals": gp_referrals_per_month(
                band, referral_multiplier(ltc, deprivation, params),
                model.practice_referral[self.practice], rates),
            "other_first": other_first_outpatient_per_month(
                band, other_first_multiplier(ltc, params), rates),
            "ae_attendances": ae_per_month(
                band, ae_multiplier(frailty, deprivation, params), rates),
            "emergency_admissions": emergency_per_month(
                band, emergency_multiplier(ltc, frailty, deprivation, self.conditions,
                                           self.severe, params), rates,
                model.trust_admitting[self.trust] * model.practice_emergency[self.practice]),
            "prescribing_items": prescribing_per_month(
                band, prescribing_multiplier(ltc, params),
                model.practice_prescribing[self.practice], rates),
        }

    def use_care(self) -> None:
        """This month's care: the cancer pathway, then an independent Poisson count of
        each kind of event (an emergency that finds a cancer is one more admission)."""
        count, rng = self.model.count, self.model.rng
        found_in_emergency = self.cancer_pathway()
        drawn = {kind: int(rng.poisson(rate)) for kind, rate in self.expected_care().items()}
        other_first = drawn.pop("other_first")
        self.acute_events(drawn["emergency_admissions"])
        drawn["emergency_admissions"] += found_in_emergency
        for kind, events in drawn.items():
            count[kind] += events
        count["outpatient_first"] += drawn["referrals"] + other_first

    def condition_onset(self) -> bool:
        """Each named condition the person lacks may start (``sim.people.conditions``),
        at the rate for the age the vectorised model cached it at (last April, arrival
        or last change); returns whether one did. The vectorised model draws at most one
        a month (a Poisson total, then which); here each is a chance: the same to first
        order."""
        curves, rng = load_condition_curves(), self.model.rng
        age, gained = self.onset_age, False
        for index, name in enumerate(CONDITIONS):
            if self.conditions & BITS[name]:
                continue
            rate = float(curves.onset_per_month(index, age, self.female, self.deprivation))
            if rng.random() < -math.expm1(-rate):
                self.conditions |= int(BITS[name])
                self.ltc = max(self.ltc, int(COUNT_BY_MASK[self.conditions]))
                gained = True
        return gained

    def severity_progression(self) -> bool:
        """Each named condition held and not yet severe may become severe
        (``sim.people.severity``), at the usual-care rate for the age the vectorised model
        cached it at; returns whether one did. No practice manages better here (as under
        PCT commissioning). Each is a chance, where the vectorised model draws a Poisson
        total and then which: the same to first order."""
        curves, rng = load_severity_curves(), self.model.rng
        worsened = False
        for index, name in enumerate(CONDITIONS):
            bit = int(BITS[name])
            if not self.conditions & bit or self.severe & bit:
                continue
            rate = float(curves.progression_per_month(index, self.onset_age, self.female,
                                                      self.deprivation))
            if rng.random() < -math.expm1(-rate):
                self.severe |= bit
                worsened = True
        return worsened

    def cancer_pathway(self) -> int:
        """A month of ``sim.outcomes.cancer_pathway``: a held cancer may spread, be
        found (by the GP, or in an emergency: returns 1) or be cured; then a person
        without one may get one, at the rate for the age last cached. No practice
        withholds referrals here (as under PCT commissioning)."""
        stages, rng = self.model.stages, self.model.rng
        found_in_emergency = 0
        if self.cancer != NONE:
            rates = {move: float(getattr(stages, move)[self.cancer]) for move in MOVES}
            total = sum(rates.values())
            if rng.random() < -math.expm1(-total / MONTHS_PER_YEAR):
                move = rng.choice(MOVES, p=[rate / total for rate in rates.values()])
                if move == "progression":
                    self.cancer = LATE
                elif move == "cure":
                    self.cancer, self.cancer_onset_age = NONE, self.age
                else:
                    found_in_emergency = int(move == "emergency_presentation")
                    self.cancer = DIAGNOSED_EARLY if self.cancer == EARLY else DIAGNOSED_LATE
                return found_in_emergency
            return 0
        rate = float(cancer_onset_per_month(self.cancer_onset_age, self.female,
                                            self.deprivation, NONE))
        if rng.random() < -math.expm1(-rate):
            self.cancer = EARLY
        return 0

    def acute_events(self, admissions: int) -> None:
        """Each admission is an acute event unless the trust's factor above 1 added it;
        an acute event kills within 30 days with the band's ``event_death``
        (``sim.outcomes.acute_events``)."""
        model, rng = self.model, self.model.rng
        acute_share = 1.0 / max(model.trust_admitting[self.trust], 1.0)
        death = (model.rates.event_death[int(band_of(self.age))]
                 * treatment_factor(model.params, model.month))
        for _ in range(admissions):
            if rng.random() < acute_share and rng.random() < death:
                self.dies_after_event = True

    def drift_frailty(self) -> None:
        """A year of mean reversion in log frailty (``sim.people.demography.drift_frailty``)."""
        sd = self.model.params.frailty_sd
        keep = math.exp(-1.0 / self.model.params.frailty_reversion_years)
        mean = -0.5 * sd * sd
        shock = self.model.rng.normal(0.0, sd * math.sqrt(1.0 - keep * keep))
        self.log_frailty = mean + (self.log_frailty - mean) * keep + shock
        self.onset_age = self.cancer_onset_age = self.age  # April: every cache refreshed

    def births_this_month(self) -> int:
        """Babies born to this person this month (women aged 15-44 only)."""
        if not (self.female and 15.0 <= self.age < 45.0):
            return 0
        rate = self.model.params.general_fertility_rate / MONTHS_PER_YEAR
        return int(self.model.rng.poisson(rate))


class ReferencePopulationModel(mesa.Model):
    """The registered population of a scenario, one ``PatientAgent`` per person.

    Args:
        scenario: the scenario; its population size, practices, trusts, parameters,
            start month and length are used.
        replicate: with the scenario's seed, fixes the starting population (the same
            people as ``HealthEconomy(scenario, replicate)``) and this model's own random
            stream, which is independent of the production model's streams.
        source: the production model to copy people and organisations from, and to
            continue from its current month (default: a new ``HealthEconomy(scenario,
            replicate)``, i.e. the starting population).
    """

    def __init__(self, scenario: Scenario, replicate: int = 0,
                 source: HealthEconomy | None = None) -> None:
        seed = np.random.SeedSequence(scenario.seed, spawn_key=(replicate, REFERENCE_STREAM))
        super().__init__(rng=np.random.default_rng(seed))
        self.spec = scenario  # (Mesa reserves the name "scenario")
        self.params = scenario.parameters
        self.clock = scenario.clock
        if source is None:
            source = HealthEconomy(scenario, replicate)  # identical starting conditions
        self.month = source.month
        self.rates = source.rates  # the band rates fitted on the starting population
        self.stages = StageRates.from_params(self.params)  # the cancer pathway's rates
        self.practice_referral = [p.referral_propensity for p in source.practices]
        self.practice_prescribing = [p.prescribing_propensity for p in source.practices]
        self.trust_admitting = [t.admitting_factor for t in source.trusts]
        self.practice_emergency = [p.emergency_propensity for p in source.practices]
        pop = source.population
        columns = {name: getattr(pop, name)[pop.alive].tolist() for name in ATTRIBUTES}
        for row in zip(*columns.values(), strict=True):
            PatientAgent(self, **dict(zip(ATTRIBUTES, row, strict=True)))
        self.count = dict.fromkeys(COUNTS, 0)
        self._rows: list[dict] = []

    def step(self) -> None:
        """Advance one month in the order of ``HealthEconomy.step``.

        1. (April, not the first month) every person's frailty drifts;
        2. trusts' admitting factors drift (as ``sim.mechanisms.pbr_drift.drift``), before care;
        3. every person steps: ageing, death, leaving, LTC onset, then their care;
        4. births to the women still here, then registrations (clones of random
           residents, not this month's newborns) -- both join at the end of the month and use
           care in it, as in ``sim.people.demography`` and ``sim.care.month``;
        5. record the month.

        Where the vectorised model draws a total and shares it out (births: a Poisson
        total, mothers picked with replacement; care events: ``sim.people.draws``), this draws
        each person's count independently: the same distribution. Leaving is a per-person
        chance ``1 - exp(-rate)`` where the vectorised model draws a Poisson total of
        leavers: the same to first order (means differ by a fraction ``rate / 2``, 0.2%).
        """
        m, params, rng = self.month, self.params, self.rng
        if m > 0 and self.clock.is_april(m):
            self.agents.do("drift_frailty")
        growth = (1.0 + params.pbr_short_stay_growth) ** (1.0 / 12.0)
        self.trust_admitting = [factor * growth for factor in self.trust_admitting]
        self.count = dict.fromkeys(COUNTS, 0)
        start = len(self.agents)
        self.agents.do("step")
        newcomers = []
        residents = list(self.agents)  # registrations copy people here before the births
        for mother in residents:
            for _ in range(mother.births_this_month()):
                baby = {name: getattr(mother, name) for name in INHERITED_AT_BIRTH}
                newcomers.append(PatientAgent(
                    self, **baby, age=rng.random() / MONTHS_PER_YEAR, ltc=0,
                    female=rng.random() < FEMALE_SHARE_AT_BIRTH,
                    log_frailty=draw_log_frailty(1, params, rng)[0],
                    gp_propensity=draw_gp_propensity(1, params, rng)[0]))
        self.count["births"] = len(newcomers)
        arrivals = int(rng.poisson(start * params.registration_rate / MONTHS_PER_YEAR))
        if residents and arrivals:
            for index in rng.integers(0, len(residents), arrivals):
                template = residents[index]
                clone = {name: getattr(template, name) for name in CLONED_ON_REGISTRATION}
                newcomers.append(PatientAgent(self, **clone))
            self.count["registrations"] = arrivals
        for person in newcomers:
            person.use_care()
        self._record(start)
        self.month += 1

    def run(self) -> None:
        """Run every month of the scenario."""
        while self.month < self.spec.months:
            self.step()

    def _record(self, start: int) -> None:
        people = len(self.agents)
        ltc_total = sum(self.agents.map(lambda person: person.ltc))
        self._rows.append({
            "date": self.clock.date(self.month), "population_start": start,
            "population": people, **{name: int(v) for name, v in self.count.items()},
            "ltc_mean": ltc_total / people if people else 0.0,
        })

    def timeseries(self) -> pd.DataFrame:
        """One row per month simulated: population, event counts and mean LTC count.

        Counts use the production model's column names (``Recorder.timeseries``).
        """
        columns = ["date", "population_start", "population", *COUNTS, "ltc_mean"]
        return pd.DataFrame(self._rows, columns=columns)
