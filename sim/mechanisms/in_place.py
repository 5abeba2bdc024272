"""Mechanisms that still act inside the commissioning and care code: a switch each.

Their logic has not yet moved into units of their own (as ``care_plans``,
``block_contracts`` and ``pbr_drift`` have): it is spread over
``sim.commissioning.engagement`` (incentives, practice effects), ``sim.care.services``
and ``sim.commissioning.system`` (specialists, management costs),
``sim.agents.commissioner`` (development lag) and ``sim.commissioning.transition``
(transition costs), which read the switch where they act. Their parameters are among
the world's (``sim.world_parameters``).
"""

from __future__ import annotations

from sim.mechanisms.unit import Mechanism

ENGAGEMENT_INCENTIVES = Mechanism(
    "engagement_incentives",
    "GPs' engagement responds to the incentives of their commissioning model "
    "(off: engagement moves only with peers)",
    precondition=True)  # every other mechanism needs engaged GPs (sim.mechanisms.unit)
PRACTICE_EFFECTS = Mechanism(
    "practice_effects",
    "engaged practices in a matured commissioner refer less, prescribe better and "
    "manage long-term conditions better")
SPECIALISTS = Mechanism(
    "specialists",
    "consultants join partnerships: community clinics, advice to GPs, office medicine")
DEVELOPMENT_LAG = Mechanism(
    "development_lag",
    "new commissioning bodies take years to become effective (off: effective at once)")
MANAGEMENT_COSTS = Mechanism(
    "management_costs", "commissioners pay a management allowance and transaction costs")
TRANSITION_COSTS = Mechanism(
    "transition_costs",
    "organisational change costs money (set-up, staff turnover, weaker financial "
    "control) and distracts managers")
