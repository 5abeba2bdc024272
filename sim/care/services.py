"""Services commissioners put in place, and specialists in the community.

When a commissioner's care-plan service starts (the plans themselves are the
``sim.mechanisms.care_plans`` mechanism) depends on the model: made by the commissioner
once it is mature enough and bought until then (LCP), bought from a provider after
contracting (consortia), or via a business case the PCT approves after a delay (PBC:
each April a cluster puts its first case forward with a chance that grows with its
GPs' engagement);
PCT commissioning and fundholding have none.

Specialists: at the start of each financial year consultants weigh the partnerships'
offer against their reluctance; those who join work partly in the community, where they take first
outpatient attendances and advise GPs, for the partnerships' member practices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.people.draws import beta_with_mean

if TYPE_CHECKING:
    from sim.agents import Commissioner, Specialist
    from sim.world_parameters import WorldParameters


def schedule_services(commissioner: Commissioner, month: int, params: WorldParameters,
                      handcuffs: bool, rng: np.random.Generator) -> None:
    """Decide when the commissioner's care-plan service starts (once)."""
    if commissioner.services_from is not None:
        return
    services = commissioner.rules.services
    if services == "make_or_buy" and commissioner.makes_services:
        commissioner.services_from = month
    elif services in ("buy", "make_or_buy"):
        commissioner.services_from = month + params.contracting_months
    elif (services == "business_case"
          and rng.random() < min(1.0, params.business_case_rate * commissioner.engagement)):
        # engaged clusters put a case forward sooner; business cases spread over years
        # (DH PBC practice surveys, behaviour tier)
        # approval takes about a year on average (seed 002); "handcuffs" that accept
        # only emergency-admission schemes speed such schemes through (seed 004)
        mean = params.approval_delay_months * (params.handcuffs_approval_factor
                                               if handcuffs else 1.0)
        shape = params.approval_delay_shape
        delay = rng.gamma(shape, mean / shape) if mean > 0 else 0.0
        commissioner.services_from = month + delay


def choose_make_or_buy(commissioner: Commissioner, month: int, params: WorldParameters) -> None:
    """Make services once mature enough to run them, buy them until then (April)."""
    commissioner.makes_services = (
        commissioner.rules.services == "make_or_buy"
        and commissioner.maturity(month, params.maturity_years) >= params.make_maturity)


def recruit_specialists(specialists: list[Specialist], offer: float) -> float:
    """Consultants decide on the partnerships' offer; returns the share who joined."""
    for specialist in specialists:
        specialist.consider_offer(offer)
    if not specialists:
        return 0.0
    return sum(s.in_community for s in specialists) / len(specialists)


def draw_reluctance(count: int, params: WorldParameters, rng: np.random.Generator) -> np.ndarray:
    """Consultants' reluctance to join: beta around the declared mean (assumption)."""
    return beta_with_mean(params.specialist_reluctance_mean,
                          params.specialist_reluctance_concentration, count, rng)
