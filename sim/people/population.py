"""The registered population, stored column by column.

People are not Python objects: one numpy array per attribute, one row per person, so a
month's events for 340,000 people are a handful of vectorised operations
(docs/performance.md). Rows of people who died or left stay (``alive`` false) until the
yearly ``compact``; ``person_id`` is the stable key. ``Patient`` is a light view of one
person for inspection, tracing and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.people.age_profile import AgeProfile, band_of
from sim.people.conditions import COUNT_BY_MASK, draw_conditions
from sim.people.kernels import keep_rows
from sim.people.practice_lists import draw_practice_lists
from sim.people.severity import draw_severity

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

QUINTILES = 5  # deprivation quintiles (the "deprivation" column), 0 least deprived to 4
NOT_WAITING = np.iinfo(np.int32).min  # waiting_since value for people not on a list
ROWS_PER_STARTING_PERSON = 1.25  # rows reserved for each starting person: the rows in
# use (the living, and since April those who died or left) peaked at 1.125 per starting
# person over ten years (measured: pct, lcp, big bang, White Paper at 100,000); a longer
# run grows the columns as it needs (``Population._reserve``). Rows reserved but never
# used are never touched, so by themselves they cost no resident memory; yet measured,
# replicates run one after another in a process peaked lower with less reserved
# (bench_memory.py, four replicates at 340,000: 433 MB with 1.8 rows a person, 397 MB
# with 1.25), as each population's columns then land in a smaller heap

COLUMNS: dict[str, type] = {
    "person_id": np.int64,
    "age": np.float64,  # years
    "female": np.bool_,
    "deprivation": np.int8,  # national quintile, 0 = least deprived, 4 = most
    "imd_score": np.float32,  # neighbourhood IMD score (sim.people.practice_lists)
    "ltc": np.int16,  # number of long-term conditions (named ones included)
    "conditions": np.uint8,  # named conditions, one bit each (sim.people.conditions)
    "severe": np.uint8,  # which of them are severe, the same bits (sim.people.severity)
    "cancer": np.int8,  # cancer state (sim.people.cancer.STATES), 0 = none
    "log_frailty": np.float64,  # latent acute risk; exp() has mean 1 at the start
    "gp_propensity": np.float64,  # personal consulting propensity, mean 1
    "practice": np.int32,  # registered practice (index; int32 halves the bytes read)
    "trust": np.int32,  # acute trust the person uses (index)
    "alive": np.bool_,  # registered and alive in this area
    "waiting_since": np.int32,  # month index added to the elective list, or NOT_WAITING
    "emergency_this_year": np.int16,
    "emergency_last_year": np.int16,
    "elective_this_year": np.int16,
    "outpatient_this_year": np.int16,
    "hospital_cost_this_year": np.float64,  # GBP at tariff
    "hospital_cost_last_year": np.float64,
    "elective_cost_this_year": np.float64,  # GBP at tariff: planned admissions + outpatients
    "elective_cost_last_year": np.float64,
    "expected_consultations_this_year": np.float64,  # for the seen-in-year draw
    "care_plan": np.bool_,  # has a care plan from a commissioner's service
    "dies_after_event": np.bool_,  # an acute event this month will kill them (next month)
    "missed_referral_until": np.int32,  # month index until which a withheld needed
    # referral raises their emergency risk (0: none)
    # cached rate multipliers (sim.people.risk_factors keeps them up to date)
    "m_mortality": np.float64,
    "m_emergency": np.float64,
    "m_consultation": np.float64,
    "m_referral": np.float64,
    "m_other_first": np.float64,
    "m_ae": np.float64,
    "m_prescribing": np.float64,
    "m_condition_onset": np.float64,  # monthly rate of gaining a named condition
    "m_cancer_onset": np.float64,  # monthly rate of a new cancer (zero while one is held)
    "m_severity_progression": np.float64,  # monthly rate of a case becoming severe
    # kept up to date with age (sim.people.ageing)
    "band": np.int8,  # age band, index into sim.people.age_profile.BANDS (band_of)
    "gompertz_term": np.float64,  # deaths a year, the Gompertz part (rates.gompertz_term)
    "ltc_expected": np.float64,  # expected number of long-term conditions (expected_ltc)
}


class Population:
    """Columnar store of people; attribute access returns the live rows' arrays."""

    def __init__(self, capacity: int) -> None:
        self._cols = {name: np.zeros(capacity, dtype=dtype) for name, dtype in COLUMNS.items()}
        self.n = 0
        self._next_id = 0

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("_cols")
        if cols is not None and name in cols:
            return cols[name][: self.__dict__["n"]]
        raise AttributeError(name)

    @property
    def size(self) -> int:
        """Number of people alive and registered."""
        return int(np.count_nonzero(self.alive))

    def append(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """Add people (births, registrations); returns their row indices.

        Columns not given take their defaults (zero, alive, not waiting).
        """
        count = len(next(iter(columns.values())))
        self._reserve(self.n + count)
        rows = slice(self.n, self.n + count)  # a slice, not an index array: a plain copy
        for name, array in self._cols.items():
            array[rows] = columns.get(name, 0)
        self._cols["person_id"][rows] = np.arange(self._next_id, self._next_id + count)
        self._cols["alive"][rows] = True
        if "waiting_since" not in columns:
            self._cols["waiting_since"][rows] = NOT_WAITING
        self._next_id += count
        self.n += count
        return np.arange(rows.start, rows.stop)

    def compact(self) -> None:
        """Drop the rows of people who died or left (done once a year)."""
        keep = self.alive.copy()  # the alive column itself moves with the others
        for array in self._cols.values():
            keep_rows(array[: self.n], keep)
        self.n = int(np.count_nonzero(keep))

    def row_of(self, person_id: int) -> int:
        """Row index of a person (raises KeyError if never registered here)."""
        rows = np.flatnonzero(self.person_id == person_id)
        if len(rows) == 0:
            raise KeyError(f"no person with id {person_id}")
        return int(rows[0])

    def patient(self, person_id: int) -> Patient:
        """A view of one person, for inspection."""
        self.row_of(person_id)
        return Patient(self, person_id)

    def _reserve(self, needed: int) -> None:
        capacity = len(self._cols["age"])
        if needed <= capacity:
            return
        new_capacity = max(needed, int(capacity * 1.5) + 16)
        for name, array in self._cols.items():
            grown = np.zeros(new_capacity, dtype=array.dtype)
            grown[: self.n] = array[: self.n]
            self._cols[name] = grown


@dataclass(frozen=True)
class Patient:
    """A light, read-only view of one person's current row."""

    population: Population
    person_id: int

    def __getattr__(self, name: str):
        if name in COLUMNS:
            row = self.population.row_of(self.person_id)
            return self.population._cols[name][row].item()
        raise AttributeError(name)

    def as_dict(self) -> dict[str, object]:
        """All attributes of this person."""
        return {name: getattr(self, name) for name in COLUMNS}


def expected_ltc(age: np.ndarray, deprivation: np.ndarray, params: WorldParameters) -> np.ndarray:
    """Expected number of long-term conditions by age and deprivation quintile.

    LTCs arrive as a Poisson process whose cumulative intensity is this curve, so
    onset (``ltc_onset_per_month``) keeps the age pattern of prevalence stable.
    """
    return params.ltc_expected_at_80 * np.exp(
        params.ltc_age_gradient * (age - 80.0)
        + deprivation * (np.log(params.ltc_deprivation_ratio) / 4.0))


def synthesise(size: int, n_practices: int, n_trusts: int, params: WorldParameters,
               profile: AgeProfile, rng: np.random.Generator) -> Population:
    """A synthetic population with England's 2009 age structure and LTC prevalence,
    in practices whose lists differ as English practices' do
    (``sim.people.practice_lists``).

    The named conditions (and which are severe) are drawn from a child stream of
    ``rng``, so they do not move the draws that follow (frailty, practices, GPs'
    attitudes). The count of conditions is drawn from ``rng`` itself, as before the
    named conditions existed: a Poisson draw uses as many random numbers as its rate
    asks for, so a change to
    ``ltc_expected_at_80`` redraws the whole synthetic world after it."""
    population = Population(capacity=int(size * ROWS_PER_STARTING_PERSON) + 64)
    lists = draw_practice_lists(size, n_practices, params, profile, rng)
    population.append({"age": lists.age, "deprivation": lists.deprivation,
                       "imd_score": lists.imd_score, "practice": lists.practice})
    del lists  # each column from here on is written straight into the population, so
    # the build holds no second copy of the people (bench_run.py's peak at 5,000,000)
    pop = population
    pop.female[:] = rng.random(size) < profile["female_share"][band_of(pop.age)]
    pop.ltc[:] = rng.poisson(expected_ltc(pop.age, pop.deprivation, params))
    pop.log_frailty[:] = draw_log_frailty(size, params, rng)
    pop.gp_propensity[:] = draw_gp_propensity(size, params, rng)
    pop.trust[:] = _assign_trusts(pop.practice, n_practices, n_trusts, params, rng)
    # a child stream: the named conditions and their severity do not move the draws
    # that follow
    child = rng.spawn(1)[0]
    pop.conditions[:] = draw_conditions(pop.age, pop.female, pop.deprivation, child)
    pop.severe[:] = draw_severity(pop.age, pop.female, pop.deprivation, pop.conditions,
                                  child)
    np.maximum(pop.ltc, COUNT_BY_MASK[pop.conditions], out=pop.ltc)
    return population


def draw_log_frailty(count: int, params: WorldParameters, rng: np.random.Generator) -> np.ndarray:
    """Log frailty for new people: normal with mean -sd^2/2, so frailty averages 1."""
    sd = params.frailty_sd
    return rng.normal(-0.5 * sd * sd, sd, count)


def draw_gp_propensity(count: int, params: WorldParameters, rng: np.random.Generator) -> np.ndarray:
    """Consulting propensity for new people: gamma with mean 1."""
    shape = params.gp_propensity_shape
    return rng.gamma(shape, 1.0 / shape, count)


def main_trust(practice: np.ndarray, n_practices: int, n_trusts: int) -> np.ndarray:
    """Each practice's nearest acute trust: practices are numbered by locality."""
    return (np.asarray(practice) * n_trusts) // n_practices


def _assign_trusts(practice: np.ndarray, n_practices: int, n_trusts: int,
                   params: WorldParameters, rng: np.random.Generator) -> np.ndarray:
    trust = main_trust(practice, n_practices, n_trusts)
    if n_trusts > 1:
        elsewhere = rng.random(len(practice)) >= params.usual_trust_share
        shift = rng.integers(1, n_trusts, elsewhere.sum())
        trust[elsewhere] = (trust[elsewhere] + shift) % n_trusts
    return trust
