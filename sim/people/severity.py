"""Severity within the named conditions: which cases are severe, and how cases worsen.

Why severity: within one condition risk differs several-fold -- a patient with severe
COPD is admitted about three times as often as one with moderate COPD (ECLIPSE) -- and
what GPs' management of a long-term condition changes is largely how fast disease
worsens. So each named condition (``sim.people.conditions``) has a severe form, one bit
each of the population column ``severe`` (the same ``BITS``; a severe bit is set only
where the condition is held). What "severe" means is each condition's ``definition`` in
``sim/data/severity.csv``: COPD with FEV1 below half of predicted (GOLD 3-4), heart
failure in NYHA class III-IV, diabetes with HbA1c above 10%, coronary heart disease
after a myocardial infarction -- the measures England's registers and audits report, so
the shares can be checked (``healthsim calibrate``: ``severe_share_<condition>``).

**Who is severe.** Among people with a condition the share severe by exact age, sex and
deprivation quintile is an exponential curve with a ceiling, like prevalence:

    share = min(ceiling, at_70 * exp(gradient * (age - 70))
                         * female_ratio ** female * deprivation_ratio ** (quintile / 4))

The synthetic population is drawn at these shares; a new case starts not severe
(approximation: some cases, heart failure especially, are found at a severe stage).

**How cases worsen.** A case that is not severe becomes severe at the rate that keeps the
curve where it is, as a person ages and new cases join:

    progression = (gradient + onset growth + excess removal) * share / (1 - share) a year

where onset growth is the condition's (``age_gradient + trend_per_year``: new, not
severe cases join the register at that rate per case) and excess removal the severe
cases' extra deaths (``severe_excess_removal_per_year``, calibrated so the shares stay
steady over the decade). Severity only progresses: poor glucose control and NYHA class
can improve with treatment, which the model does not represent (an approximation).
A practice's management slows progression (``ltc_progression_effect``, through
``practice_progression``); so commissioning reaches the course of disease, not only
this month's admissions.

**What severity changes.** A severe case's emergency-admission risk and community death
rate are ``emergency_ratio`` and ``mortality_ratio`` times those of a case that is not;
both are scaled so that at England's severe share (the calibration target) the
condition's average is unchanged -- the conditions' own ratios
(``sim.people.conditions``) and the count of conditions keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np
import pandas as pd

from sim.people.conditions import (
    BIT_BY_INDEX,
    BITS,
    CONDITIONS,
    MASKS,
    MONTHS_PER_YEAR,
    REFERENCE_AGE,
    age_curve,
    each_log,
    load_condition_curves,
)
from sim.people.draws import draw_events, pick_in_proportion
from sim.people.kernels import curve_exponents, progression_from_curves

TARGET_PREFIX = "severe_share_"  # calibration targets: England's severe share of each
MEASURES = ("severe_share_at_70", "severe_age_gradient", "severe_female_ratio",
            "severe_deprivation_ratio", "max_severe_share", "emergency_ratio",
            "mortality_ratio", "severe_excess_removal_per_year")


@dataclass(frozen=True)
class SeverityCurves:
    """Each measure of ``severity.csv`` as an array over ``CONDITIONS``, with England's
    severe shares (the calibration targets the ratios are averaged at)."""

    severe_share_at_70: np.ndarray
    severe_age_gradient: np.ndarray
    severe_female_ratio: np.ndarray
    severe_deprivation_ratio: np.ndarray
    max_severe_share: np.ndarray
    emergency_ratio: np.ndarray
    mortality_ratio: np.ndarray
    severe_excess_removal_per_year: np.ndarray
    england_share: np.ndarray
    definitions: dict[str, str]

    def share(self, index: int, age, female, deprivation):
        """Share of condition ``index``'s cases that are severe at these ages, sexes and
        deprivation quintiles."""
        return age_curve(self.severe_share_at_70[index], self.severe_age_gradient[index],
                         self.severe_female_ratio[index], self.severe_deprivation_ratio[index],
                         self.max_severe_share[index], age, female, deprivation)

    def progression_per_month(self, index: int, age, female, deprivation):
        """Rate at which a case that is not severe becomes severe, with usual care."""
        share = self.share(index, age, female, deprivation)
        curves = load_condition_curves()
        capped = share >= self.max_severe_share[index]
        slope = np.where(capped, 0.0, self.severe_age_gradient[index])
        growth = (slope + curves.age_gradient[index] + curves.trend_per_year[index]
                  + self.severe_excess_removal_per_year[index])
        return np.maximum(growth, 0.0) * share / (1.0 - share) / MONTHS_PER_YEAR

    def ratio_by_masks(self, ratio: np.ndarray) -> np.ndarray:
        """A ratio of every (conditions, severe) pair of masks: the product over held
        conditions of the severe or not-severe case's ratio, each scaled so that the
        condition's average at England's severe share is 1."""
        mild = 1.0 / (1.0 + self.england_share * (ratio - 1.0))
        held = (MASKS[:, None] >> np.arange(len(CONDITIONS))) & 1
        table = np.ones((len(MASKS), len(MASKS)))
        for severe_mask in MASKS:
            severe = held[severe_mask] == 1
            per_condition = np.where(severe, mild * ratio, mild)
            table[:, severe_mask] = np.prod(np.where(held == 1, per_condition, 1.0), axis=1)
        return table

    @cached_property
    def emergency_by_masks(self) -> np.ndarray:
        """Emergency-admission ratio of every (conditions, severe) pair."""
        return self.ratio_by_masks(self.emergency_ratio)

    @cached_property
    def mortality_by_masks(self) -> np.ndarray:
        """Community death-rate ratio of every (conditions, severe) pair."""
        return self.ratio_by_masks(self.mortality_ratio)


@cache
def load_severity_curves() -> SeverityCurves:
    """The packaged severity curves, with England's shares from the calibration targets
    (cached)."""
    data = resources.files("sim") / "data"
    with (data / "severity.csv").open() as handle:
        table = pd.read_csv(handle)
    with (data / "calibration_targets.csv").open() as handle:
        targets = pd.read_csv(handle).set_index("measure")["value"]
    definitions = {row.condition: row.source for row in table.itertuples()
                   if row.measure == "definition"}
    values = table[table["measure"] != "definition"]
    wide = values.pivot(index="condition", columns="measure", values="value").loc[
        list(CONDITIONS)]
    return SeverityCurves(
        **{name: wide[name].to_numpy(dtype=np.float64) for name in MEASURES},
        england_share=np.array([targets[TARGET_PREFIX + name] for name in CONDITIONS]),
        definitions=definitions)


def draw_severity(age, female, deprivation, conditions,
                  rng: np.random.Generator) -> np.ndarray:
    """Which of a synthetic population's conditions are severe (a bitmask each)."""
    curves = load_severity_curves()
    severe = np.zeros(len(age), dtype=np.uint8)
    for index, name in enumerate(CONDITIONS):
        chance = curves.share(index, age, female, deprivation)
        is_severe = (rng.random(len(age)) < chance) & ((conditions & BITS[name]) != 0)
        severe[is_severe] |= BITS[name]
    return severe


def progression_rates(age, female, deprivation, conditions, severe) -> np.ndarray:
    """Each person's monthly rate of progression of every condition held and not yet
    severe, with usual care: an array (people x ``CONDITIONS``)."""
    curves, onset = load_severity_curves(), load_condition_curves()
    exponents = curve_exponents(
        np.asarray(age, dtype=np.float64), np.asarray(female), np.asarray(deprivation),
        curves.severe_age_gradient, each_log(curves.severe_female_ratio),
        each_log(curves.severe_deprivation_ratio) / 4.0, REFERENCE_AGE)
    # compiled around numpy's exp: the same numbers as ``progression_per_month`` times
    # whether the case is held and not severe, stacked (sim.people.kernels)
    return progression_from_curves(
        np.exp(exponents), curves.severe_share_at_70, curves.max_severe_share,
        curves.severe_age_gradient, onset.age_gradient, onset.trend_per_year,
        curves.severe_excess_removal_per_year, np.asarray(conditions & ~severe),
        BIT_BY_INDEX, MONTHS_PER_YEAR)


def progression_rate(age, female, deprivation, conditions, severe) -> np.ndarray:
    """Each person's total monthly rate of a condition becoming severe (usual care),
    computed only for the people holding a condition not yet severe (most hold none)."""
    rate = np.zeros(len(age))
    rows = np.flatnonzero((conditions & ~severe) != 0)
    rate[rows] = progression_rates(age[rows], female[rows], deprivation[rows],
                                   conditions[rows], severe[rows]).sum(axis=-1)
    return rate


def progress_severity(population, practice_progression: np.ndarray,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """This month's cases becoming severe: drawn at the cached usual-care rates
    (``m_severity_progression``), each kept with probability its practice's
    ``practice_progression`` (at most 1: management only slows progression; a uniform
    is drawn for every candidate whatever the factors, so scenarios keep common random
    numbers). Sets the severe bits; returns the rows and the bit each gained."""
    rows = np.unique(draw_events(population.m_severity_progression, rng))
    kept = rng.random(len(rows)) < practice_progression[population.practice[rows]]
    rows = rows[kept]
    bits = BIT_BY_INDEX[pick_in_proportion(progression_rates(
        population.age[rows], population.female[rows], population.deprivation[rows],
        population.conditions[rows], population.severe[rows]), rng)]
    population.severe[rows] |= bits
    return rows, bits


def emergency_severity_ratio(conditions, severe):
    """Each person's emergency-admission ratio from the severity of their conditions."""
    return load_severity_curves().emergency_by_masks[conditions, severe]


def mortality_severity_ratio(conditions, severe):
    """Each person's community death-rate ratio from the severity of their conditions."""
    return load_severity_curves().mortality_by_masks[conditions, severe]


def severe_share_of(name: str, conditions: np.ndarray, severe: np.ndarray,
                    alive: np.ndarray) -> float:
    """Share of the living people with condition ``name`` whose case is severe."""
    bit = BITS[name]
    cases = alive & ((conditions & bit) != 0)
    if not cases.any():
        return float("nan")
    return float(np.mean((severe[cases] & bit) != 0))
