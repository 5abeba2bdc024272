"""The long-term conditions commissioning is about: COPD, heart failure, diabetes and
coronary heart disease, as one bit each of a population column.

Why named conditions: GPs' case management, care plans and QOF target exactly these,
they are the largest ambulatory-care-sensitive causes of emergency admission, and
England counts them on the QOF registers, so the model's prevalence can be checked.
Each person's ``conditions`` is a bitmask (``BITS``); the count of long-term conditions
(``ltc``) includes them and others.

Each condition's prevalence by exact age, sex and deprivation quintile is an
exponential age curve with a ceiling (``sim/data/conditions.csv``):

    prevalence = min(ceiling, at_70 * exp(gradient * (age - 70))
                              * female_ratio ** female * deprivation_ratio ** (quintile / 4))

The synthetic population is drawn at these prevalences, and onset keeps the age curve
moving as England's did: a person without the condition gains it at the curve's slope
over the share still without it, ``(gradient + trend) * p / (1 - p)`` a year, where
``trend`` is the yearly growth in prevalence at each age (diabetes: about 3% a year;
the others: none). Approximation: the curve the onset reads stays the 2009 one, so
with a trend the onset lags a little behind the prevalence it produces. The conditions
are drawn independently (in reality they cluster). The onset rate is cached
and refreshed once a year and for people whose attributes change
(``sim.people.risk_factors``), so it follows age in yearly steps; mortality selects
against people with conditions, so prevalence at old ages drifts down a little over a
decade (``healthsim calibrate`` checks the first year).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np
import pandas as pd

from sim.people.draws import pick_in_proportion
from sim.people.kernels import curve_exponents, onset_from_curves

CONDITIONS: tuple[str, ...] = ("copd", "heart_failure", "diabetes", "chd")
BITS = {name: np.uint8(1 << index) for index, name in enumerate(CONDITIONS)}
BIT_BY_INDEX = np.array([BITS[name] for name in CONDITIONS], dtype=np.uint8)
MASKS = np.arange(1 << len(CONDITIONS), dtype=np.uint8)  # every combination
REFERENCE_AGE = 70.0  # years: the age at which ``prevalence_at_70`` is stated
MONTHS_PER_YEAR = 12.0
QOF_DIABETES_MIN_AGE = 17.0  # years: the QOF diabetes register counts people aged 17+
ADULT_REGISTERS = frozenset({"diabetes"})  # registers of people aged QOF_DIABETES_MIN_AGE+


def age_curve(at_70, gradient, female_ratio, deprivation_ratio, ceiling, age, female,
              deprivation):
    """An exponential curve in age with a sex ratio, a deprivation gradient (most vs
    least deprived quintile) and a ceiling: a condition's prevalence, or the share of
    its cases that are severe (``sim.people.severity``)."""
    level = (at_70 * np.exp(gradient * (np.asarray(age) - REFERENCE_AGE)
                            + np.log(female_ratio) * np.asarray(female)
                            + np.log(deprivation_ratio) / 4.0 * np.asarray(deprivation)))
    return np.minimum(level, ceiling)


@dataclass(frozen=True)
class ConditionCurves:
    """Each measure of ``conditions.csv`` as an array over ``CONDITIONS``."""

    prevalence_at_70: np.ndarray
    age_gradient: np.ndarray
    female_ratio: np.ndarray
    deprivation_ratio: np.ndarray
    emergency_ratio: np.ndarray
    max_prevalence: np.ndarray
    trend_per_year: np.ndarray
    sources: dict[tuple[str, str], str]

    def prevalence(self, index: int, age, female, deprivation):
        """Share of people with condition ``index`` at these ages, sexes and quintiles."""
        return age_curve(self.prevalence_at_70[index], self.age_gradient[index],
                         self.female_ratio[index], self.deprivation_ratio[index],
                         self.max_prevalence[index], age, female, deprivation)

    def onset_per_month(self, index: int, age, female, deprivation):
        """Rate of onset for someone without the condition (zero at the ceiling)."""
        p = self.prevalence(index, age, female, deprivation)
        rising = p < self.max_prevalence[index]
        growth = self.age_gradient[index] + self.trend_per_year[index]
        return np.where(rising, growth * p / (1.0 - p), 0.0) / MONTHS_PER_YEAR

    @cached_property
    def emergency_ratio_by_mask(self) -> np.ndarray:
        """Emergency-admission risk ratio of every combination of conditions."""
        held = (MASKS[:, None] >> np.arange(len(CONDITIONS))) & 1
        return np.prod(np.where(held == 1, self.emergency_ratio, 1.0), axis=1)


COUNT_BY_MASK = np.array([bin(mask).count("1") for mask in MASKS], dtype=np.int16)
"""Number of named conditions in each combination (a lookup: popcount of the mask)."""


@cache
def load_condition_curves() -> ConditionCurves:
    """The packaged condition curves (cached)."""
    with (resources.files("sim") / "data" / "conditions.csv").open() as handle:
        table = pd.read_csv(handle)
    wide = table.pivot(index="condition", columns="measure", values="value").loc[list(CONDITIONS)]
    sources = {(row.condition, row.measure): row.source for row in table.itertuples()}
    return ConditionCurves(**{name: wide[name].to_numpy(dtype=np.float64)
                              for name in ("prevalence_at_70", "age_gradient", "female_ratio",
                                           "deprivation_ratio", "emergency_ratio",
                                           "max_prevalence", "trend_per_year")},
                           sources=sources)


def draw_conditions(age, female, deprivation, rng: np.random.Generator) -> np.ndarray:
    """Conditions of a synthetic population at the curves' prevalence (a bitmask each)."""
    curves = load_condition_curves()
    conditions = np.zeros(len(age), dtype=np.uint8)
    for index, name in enumerate(CONDITIONS):
        has = rng.random(len(age)) < curves.prevalence(index, age, female, deprivation)
        conditions[has] |= BITS[name]
    return conditions


def onset_rate(age, female, deprivation, conditions) -> np.ndarray:
    """Each person's total monthly rate of gaining a named condition they lack: the sum
    over the conditions they lack of ``ConditionCurves.onset_per_month``, computed in
    two compiled passes around numpy's ``exp`` (``sim.people.kernels``: the same
    numbers, without some twenty full-size temporaries per condition; every person's
    rate is refreshed each year)."""
    curves = load_condition_curves()
    exponents = curve_exponents(np.asarray(age, dtype=np.float64), np.asarray(female),
                                np.asarray(deprivation), curves.age_gradient,
                                each_log(curves.female_ratio),
                                each_log(curves.deprivation_ratio) / 4.0, REFERENCE_AGE)
    return onset_from_curves(np.exp(exponents), curves.prevalence_at_70,
                             curves.max_prevalence, curves.age_gradient + curves.trend_per_year,
                             np.asarray(conditions), BIT_BY_INDEX, MONTHS_PER_YEAR)


def each_log(values: np.ndarray) -> np.ndarray:
    """``np.log`` of each value on its own, as ``age_curve`` takes it of one curve's
    number (numpy's ``log`` of a whole array can differ from that in the last bit)."""
    return np.array([np.log(value) for value in values], dtype=np.float64)


def which_onset(age, female, deprivation, conditions,
                rng: np.random.Generator) -> np.ndarray:
    """For people gaining a condition, which one (bit), in proportion to their rates."""
    curves = load_condition_curves()
    rates = np.stack([curves.onset_per_month(i, age, female, deprivation)
                      * ((conditions & BITS[name]) == 0)
                      for i, name in enumerate(CONDITIONS)], axis=1)
    return BIT_BY_INDEX[pick_in_proportion(rates, rng)]


def emergency_ratio(conditions) -> np.ndarray:
    """Each person's emergency-admission risk ratio from their named conditions."""
    return load_condition_curves().emergency_ratio_by_mask[conditions]


def prevalence_of(name: str, conditions: np.ndarray, alive: np.ndarray,
                  age: np.ndarray) -> float:
    """Share of the living registered population on the condition's QOF register
    (diabetes: of people aged 17 or over, as QOF counts it)."""
    counted = alive if name not in ADULT_REGISTERS else alive & (age >= QOF_DIABETES_MIN_AGE)
    if not counted.any():
        return float("nan")
    return float(np.mean((conditions[counted] & BITS[name]) != 0))
