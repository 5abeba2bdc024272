"""Care plans: commissioners find their highest-risk patients and case-manage them.

At the start of each financial year a commissioner whose care-plan service is running
(``sim.care.services.schedule_services`` decides when it starts, by commissioning
model, and only if its budget covers emergency care) ranks its patients with a risk
tool -- predicted emergency admissions from age, conditions and frailty, plus last
year's admissions -- and gives the top ``care_plan_share`` a care plan, which lowers
their emergency-admission risk by ``care_plan_effect`` (``sim.care.month``). The plans
cost ``care_plan_cost`` a year, paid as the commissioner's services
(``sim.commissioning.system``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from sim.declarations import param, triangular, uniform
from sim.mechanisms.unit import Mechanism, Phase
from sim.people.rates import MONTHS_PER_YEAR, emergency_per_month

EMERGENCY_LINE = "emergency"  # the budget line care plans save on (sim.commissioning.lines)

if TYPE_CHECKING:
    from sim.agents import Commissioner
    from sim.people.population import Population
    from sim.people.rates import BandRates


class CarePlanParameters(BaseModel):
    """Who gets a care plan, what it does and what it costs."""

    care_plan_share: float = param(
        0.02, "share of covered patients, highest predicted risk first, given a care plan",
        "assumption: risk tools found the top 1-3% for case management (seed 004)",
        ge=0, le=0.2,
        prior=uniform(0.01, 0.03, basis=(
            "community matron case management aimed at the top 1-3% of people at risk (DH 2005, "
            "Supporting people with long term conditions); risk tools found them (seed 004)")))
    care_plan_effect: float = param(
        0.05, "reduction in emergency-admission risk of a patient with a care plan",
        "the centre of the evidence (prior): English trials and evaluations of case "
        "management found little or no reduction in emergency admissions",
        ge=0, le=1,
        prior=triangular(0.0, 0.05, 0.2, basis=(
            "Roland et al., BMJ 2005 (331:289) and Gravelle et al., BMJ 2007 (334:31): Evercare "
            "case management of high-risk older people did not reduce emergency admissions; "
            "Steventon et al. (Nuffield Trust 2013) found no significant reduction from virtual "
            "wards; Purdy (King's Fund 2010): evidence for case management is weak; so centred "
            "near zero with a tail for well-targeted schemes")))
    care_plan_cost: float = param(
        700, "GBP per care plan per year",
        "a community matron's cost per patient on her caseload (prior)", ge=0, le=5000,
        prior=triangular(300.0, 700.0, 1200.0, basis=(
            "derived: a community matron (about 50,000 GBP a year with on-costs) carries 50-80 "
            "patients (DH 2005), 600-1,000 GBP a patient; a practice-nurse plan costs less")))
    risk_tool_history_weight: float = param(
        0.5, "weight of last year's emergency admissions in the risk tool's score (the "
        "model's predicted admissions a year weigh 1)",
        "assumption: risk tools such as PARR weigh prior admissions heavily, but part of "
        "a bad year is chance that does not recur (regression to the mean)", ge=0, le=5,
        prior=uniform(0.2, 1.0, basis=(
            "assumption: risk tools such as PARR weigh prior admissions heavily (Billings et al., "
            "BMJ 2006); a bad year regresses towards the mean (Roland et al. 2005)")))


def give_care_plans(model, month: int) -> None:
    """The start-of-year hook: this year's care plans, by commissioner."""
    system = model.commissioning
    system.care_plans = assign_care_plans(model.population, system.commissioners, month,
                                          system.member_of_practice(), model.params,
                                          model.rates)


def assign_care_plans(population: Population, commissioners: list[Commissioner], month: int,
                      practice_member: np.ndarray, params: CarePlanParameters,
                      rates: BandRates) -> dict[str, int]:
    """Give care plans to each active commissioner's highest-risk patients.

    Care plans save emergency admissions, so only a commissioner whose budget covers
    the emergency line has a reason to pay for them (a fundholder does not).
    """
    population.care_plan[:] = False
    counts = {}
    risk = risk_score(population, rates, params)
    for commissioner in commissioners:
        active = (commissioner.services_from is not None
                  and commissioner.services_from <= month
                  and EMERGENCY_LINE in commissioner.budget_lines)
        rows = np.flatnonzero(population.alive
                              & (practice_member[population.practice] == commissioner.unique_id))
        if not active or len(rows) == 0:
            counts[commissioner.name] = 0
            continue
        chosen = rows[highest(risk[rows], int(round(params.care_plan_share * len(rows))))]
        population.care_plan[chosen] = True
        counts[commissioner.name] = len(chosen)
    return counts


def highest(values: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` largest values, ties going to the earlier index, in
    index order: the set ``np.argsort(-values, kind="stable")[:count]`` picks, found
    with a partition (linear time) instead of a full sort of every patient's score."""
    if count <= 0:
        return np.empty(0, dtype=np.intp)
    if count >= len(values):
        return np.arange(len(values))
    negated = -values
    threshold = np.partition(negated, count - 1)[count - 1]
    above = np.flatnonzero(negated < threshold)
    tied = np.flatnonzero(negated == threshold)[: count - len(above)]
    return np.union1d(above, tied)


def risk_score(population: Population, rates: BandRates, params: CarePlanParameters) -> np.ndarray:
    """The risk tool: predicted emergency admissions next year (model rate + history)."""
    predicted = emergency_per_month(population.band, population.m_emergency,
                                    rates) * MONTHS_PER_YEAR
    return predicted + params.risk_tool_history_weight * population.emergency_last_year


MECHANISM = Mechanism(
    "care_plans", "commissioners give care plans to their highest-risk patients",
    CarePlanParameters, {Phase.START_OF_YEAR: give_care_plans})
