"""Services commissioners put in place: care plans for high-risk patients, specialists
in the community.

Care plans: each April a commissioner whose services are running finds the highest-risk
share of its patients with a risk tool (predicted emergency admissions from conditions,
frailty and last year's admissions) and gives them a care plan, which lowers their
emergency-admission risk. How the service comes about depends on the model: made by
the commissioner once it is mature enough and bought until then (LCP), bought from a
provider after contracting (consortia), or via a business case the PCT approves after
a delay (PBC); PCT commissioning and fundholding have none.

Specialists: each April consultants weigh the partnerships' offer against their
reluctance; those who join work partly in the community, where they take first
outpatient attendances and advise GPs, for the partnerships' member practices.
"""

from __future__ import annotations

import numpy as np

from sim.agents import Commissioner, Specialist
from sim.parameters import Parameters
from sim.people.age_profile import band_of
from sim.people.population import Population
from sim.people.rates import MONTHS_PER_YEAR, BandRates, emergency_per_month

CONTRACTING_MONTHS = 6  # assumption: buying a service takes half a year to contract


def schedule_services(commissioner: Commissioner, month: int, params: Parameters,
                      handcuffs: bool, rng: np.random.Generator) -> None:
    """Decide when the commissioner's care-plan service starts (once)."""
    if commissioner.services_from is not None:
        return
    services = commissioner.rules.services
    if services == "make_or_buy" and commissioner.makes_services:
        commissioner.services_from = month
    elif services in ("buy", "make_or_buy"):
        commissioner.services_from = month + CONTRACTING_MONTHS
    elif services == "business_case" and commissioner.engagement >= 0.3:
        # approval takes about a year on average (seed 002); "handcuffs" that accept
        # only emergency-admission schemes speed such schemes through (seed 004)
        mean = params.approval_delay_months * (0.5 if handcuffs else 1.0)
        delay = rng.gamma(2.0, mean / 2.0) if mean > 0 else 0.0
        commissioner.services_from = month + delay


def choose_make_or_buy(commissioner: Commissioner, month: int, params: Parameters) -> None:
    """Make services once mature enough to run them, buy them until then (April)."""
    commissioner.makes_services = (
        commissioner.rules.services == "make_or_buy"
        and commissioner.maturity(month, params.maturity_years) >= params.make_maturity)


def assign_care_plans(population: Population, commissioners: list[Commissioner], month: int,
                      practice_member: np.ndarray, params: Parameters,
                      rates: BandRates) -> dict[str, int]:
    """Give care plans to each active commissioner's highest-risk patients (April)."""
    population.care_plan[:] = False
    counts = {}
    risk = risk_score(population, rates)
    for commissioner in commissioners:
        active = (commissioner.services_from is not None
                  and commissioner.services_from <= month)
        rows = np.flatnonzero(population.alive
                              & (practice_member[population.practice] == commissioner.unique_id))
        if not active or len(rows) == 0:
            counts[commissioner.name] = 0
            continue
        chosen = rows[np.argsort(-risk[rows], kind="stable")[
            : int(round(params.care_plan_share * len(rows)))]]
        population.care_plan[chosen] = True
        counts[commissioner.name] = len(chosen)
    return counts


def risk_score(population: Population, rates: BandRates) -> np.ndarray:
    """The risk tool: predicted emergency admissions next year (model rate + history)."""
    predicted = emergency_per_month(band_of(population.age), population.m_emergency,
                                    rates) * MONTHS_PER_YEAR
    return predicted + 0.5 * population.emergency_last_year


def recruit_specialists(specialists: list[Specialist], offer: float) -> float:
    """Consultants decide on the partnerships' offer; returns the share who joined."""
    for specialist in specialists:
        specialist.consider_offer(offer)
    if not specialists:
        return 0.0
    return sum(s.in_community for s in specialists) / len(specialists)


def draw_reluctance(count: int, params: Parameters, rng: np.random.Generator) -> np.ndarray:
    """Consultants' reluctance to join: beta around the declared mean (assumption)."""
    mean, concentration = params.specialist_reluctance_mean, 6.0
    return rng.beta(mean * concentration, (1 - mean) * concentration, count)
