"""The primary care trust: allocation, contracts and year-end accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa

from sim.money.allocation import allocation_per_head
from sim.money.tariff import marginal_rate

if TYPE_CHECKING:
    from sim.eras import Era
    from sim.world_parameters import WorldParameters




@dataclass
class PCTPlan:
    """The PCT's plan for the (rest of the) financial year, in pounds."""

    financial_year: int
    months: int
    allocation: float
    expected_activity: float
    community_block: float
    other_block: float
    management: float
    planned_surplus: float


class PCT(mesa.Agent):
    """Receives the allocation, holds the contracts and balances the books.

    Activity-based contracts (acute tariff, prescribing, primary care lists) are paid as
    they fall due; block contracts (community services and everything the model does
    not represent by events: mental health, maternity, specialised and non-tariff acute
    care) are set each April from what is left after expected activity, management and
    a planned surplus. The year ends in surplus or deficit.

    In an era before PCTs (``era``: the 1990s) it stands for the district health
    authority and family health services authority: the era sets its allocation, and
    without payment by results there is no marginal emergency rule.
    """

    name = "pct"

    def __init__(self, model: mesa.Model, params: WorldParameters,
                 era: Era | None = None) -> None:
        super().__init__(model)
        self.params = params
        self.plan: PCTPlan | None = None
        self.marginal_rate_setting = params.marginal_emergency_rate  # timeline may change it
        self.allocation_base = era.allocation if era is not None else None
        self.marginal_rule = era.marginal_emergency_rule if era is not None else True

    def allocation_per_head(self, financial_year: int) -> float:
        """Cash allocation per head for a financial year (the era's own, if it has one)."""
        return allocation_per_head(self.params, financial_year, self.allocation_base)

    def marginal_rate(self, financial_year: int) -> float:
        """Share of tariff for emergency admissions above baseline (1 before 2010-11, and
        in an era without the marginal rule)."""
        if not self.marginal_rule:
            return 1.0
        return marginal_rate(financial_year, self.marginal_rate_setting)

    def plan_year(self, financial_year: int, months: int, population: int,
                  expected_activity: float, primary_care: float) -> PCTPlan:
        """Set the allocation and block contracts for ``months`` of a financial year."""
        p = self.params
        share = months / 12.0
        allocation = self.allocation_per_head(financial_year) * population * share
        management = p.management_per_head * population * share
        community = p.community_per_head * population * share
        planned_surplus = p.planned_surplus_share * allocation
        other = max(allocation - planned_surplus - expected_activity - primary_care
                    - management - community, 0.0)
        self.plan = PCTPlan(financial_year, months, allocation, expected_activity,
                            community, other, management, planned_surplus)
        return self.plan

