"""The patient rules again, as one Mesa agent per patient: a reference implementation.

Why this exists: the production model (``sim.model.HealthEconomy``) keeps people in
numpy columns and draws each month's events for everyone at once, with tricks such as
"draw the total as Poisson, then share it out in proportion to the rates"
(``sim.events``). Those tricks are easy to get subtly wrong. This module states the
same rules in the plainest possible way -- each ``PatientAgent`` ages, maybe dies, maybe
leaves, gains conditions and uses care with its own draws -- so that a test
(``tests/test_reference.py``) can check on small populations that the vectorised code
gives the same distributions, and a benchmark (``benchmarks/bench_reference.py``) can
show what the vectorisation buys.

Both implementations call the same rate functions in ``sim.rates`` (here with one
person's scalars), start from the *same* people (copied from a ``HealthEconomy`` built
for the same scenario and replicate, so the population, practices' propensities, trust
admitting factors and the ``Standardisers`` are identical), and follow the same monthly
order as ``HealthEconomy.step``. Only the patient rules are here: no waiting lists,
payments, organisations or timeline events (today's events only change payments).
"""

from __future__ import annotations

import math

import mesa
import numpy as np
import pandas as pd

from sim.age_profile import band_of
from sim.demography import CLONED_ON_REGISTRATION, FEMALE_SHARE_AT_BIRTH, INHERITED_AT_BIRTH
from sim.model import HealthEconomy
from sim.population import draw_gp_propensity, draw_log_frailty
from sim.rates import (
    MONTHS_PER_YEAR,
    ae_per_month,
    consultations_per_month,
    emergency_per_month,
    gp_referrals_per_month,
    ltc_onset_per_month,
    mortality_per_month,
    other_first_outpatient_per_month,
    prescribing_per_month,
)
from sim.scenario import Scenario
from sim.streams import STREAMS

ATTRIBUTES = ("age", "female", "deprivation", "ltc", "log_frailty", "gp_propensity",
              "practice", "trust")
COUNTS = ("deaths", "births", "registrations", "leavers", "emergency_admissions",
          "referrals", "outpatient_first", "gp_consultations", "ae_attendances",
          "prescribing_items")
REFERENCE_STREAM = len(STREAMS)  # spawn key after the production model's named streams


class PatientAgent(mesa.Agent):
    """One registered person: the attributes of one row of ``sim.population``."""

    def __init__(self, model: ReferencePopulationModel, *, age: float, female: bool,
                 deprivation: int, ltc: int, log_frailty: float, gp_propensity: float,
                 practice: int, trust: int) -> None:
        super().__init__(model)
        self.age = float(age)
        self.female = bool(female)
        self.deprivation = int(deprivation)
        self.ltc = int(ltc)
        self.log_frailty = float(log_frailty)
        self.gp_propensity = float(gp_propensity)
        self.practice = int(practice)
        self.trust = int(trust)

    def attributes(self) -> dict[str, object]:
        """This person's attributes by column name (for cloning)."""
        return {name: getattr(self, name) for name in ATTRIBUTES}

    def step(self) -> None:
        """One month, in ``step_demography`` order: age, death, leaving, new LTCs, care."""
        model, params, rng = self.model, self.model.params, self.model.rng
        self.age += 1.0 / MONTHS_PER_YEAR
        band = int(band_of(self.age))
        death_rate = mortality_per_month(self.age, band, self.ltc, self.log_frailty, params,
                                         model.norms.mortality)
        if rng.random() < -math.expm1(-float(death_rate)):
            model.count["deaths"] += 1
            self.remove()
            return
        if rng.random() < -math.expm1(-params.leaving_rate / MONTHS_PER_YEAR):
            model.count["leavers"] += 1
            self.remove()
            return
        self.ltc += int(rng.poisson(ltc_onset_per_month(self.age, self.deprivation, params)))
        self.use_care()

    def use_care(self) -> None:
        """This month's care events (newcomers do this in the month they join)."""
        model, params, rng = self.model, self.model.params, self.model.rng
        profile, norms, count = model.profile, model.norms, model.count
        band = int(band_of(self.age))
        count["gp_consultations"] += rng.poisson(consultations_per_month(
            band, self.ltc, self.gp_propensity, params, profile, norms.consultations,
            norms.consultation_level))
        referrals = rng.poisson(gp_referrals_per_month(
            band, self.ltc, self.deprivation, model.practice_referral[self.practice], params,
            profile, norms.referral_level))
        others = rng.poisson(other_first_outpatient_per_month(
            band, self.ltc, params, profile, norms.other_first_level))
        count["referrals"] += referrals
        count["outpatient_first"] += referrals + others
        count["ae_attendances"] += rng.poisson(ae_per_month(
            band, self.log_frailty, self.deprivation, params, profile, norms.ae_level))
        count["emergency_admissions"] += rng.poisson(emergency_per_month(
            band, self.ltc, self.log_frailty, self.deprivation, params, profile,
            norms.emergency, model.trust_admitting[self.trust]))
        count["prescribing_items"] += rng.poisson(prescribing_per_month(
            band, self.ltc, model.practice_prescribing[self.practice], params, profile,
            norms.prescribing_level))

    def drift_frailty(self) -> None:
        """A year of mean reversion in log frailty: ``sim.demography.drift_frailty``, scalar."""
        sd = self.model.params.frailty_sd
        keep = math.exp(-1.0 / self.model.params.frailty_reversion_years)
        mean = -0.5 * sd * sd
        shock = self.model.rng.normal(0.0, sd * math.sqrt(1.0 - keep * keep))
        self.log_frailty = mean + (self.log_frailty - mean) * keep + shock

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
    """

    def __init__(self, scenario: Scenario, replicate: int = 0) -> None:
        seed = np.random.SeedSequence(scenario.seed, spawn_key=(replicate, REFERENCE_STREAM))
        super().__init__(rng=np.random.default_rng(seed))
        self.spec = scenario  # (Mesa reserves the name "scenario")
        self.params = scenario.parameters
        self.clock = scenario.clock
        self.month = 0
        source = HealthEconomy(scenario, replicate)  # identical starting conditions
        self.profile = source.profile
        self.norms = source.norms
        self.practice_referral = [p.referral_propensity for p in source.practices]
        self.practice_prescribing = [p.prescribing_propensity for p in source.practices]
        self.trust_admitting = [t.admitting_factor for t in source.trusts]
        pop = source.population
        columns = {name: getattr(pop, name)[pop.alive].tolist() for name in ATTRIBUTES}
        for row in zip(*columns.values(), strict=True):
            PatientAgent(self, **dict(zip(ATTRIBUTES, row, strict=True)))
        self.count = dict.fromkeys(COUNTS, 0)
        self._rows: list[dict] = []

    def step(self) -> None:
        """Advance one month in the order of ``HealthEconomy.step``.

        1. (April, not the first month) every person's frailty drifts;
        2. trusts' admitting factors drift (as ``AcuteTrust.drift_admitting``), before care;
        3. every person steps: ageing, death, leaving, LTC onset, then their care;
        4. births to the women still here, then registrations (clones of random
           residents, newborns included) -- both join at the end of the month and use
           care in it, as in ``sim.demography`` and ``sim.care``;
        5. record the month.
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
        for mother in list(self.agents):
            for _ in range(mother.births_this_month()):
                baby = {name: getattr(mother, name) for name in INHERITED_AT_BIRTH}
                newcomers.append(PatientAgent(
                    self, **baby, age=rng.random() / MONTHS_PER_YEAR, ltc=0,
                    female=rng.random() < FEMALE_SHARE_AT_BIRTH,
                    log_frailty=draw_log_frailty(1, params, rng)[0],
                    gp_propensity=draw_gp_propensity(1, params, rng)[0]))
        self.count["births"] = len(newcomers)
        residents = list(self.agents)
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
