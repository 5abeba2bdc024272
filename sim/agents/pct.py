"""The primary care trust: allocation, contracts and year-end accounts."""

from __future__ import annotations

from dataclasses import dataclass

import mesa

from sim.parameters import Parameters

FIRST_MARGINAL_RULE_YEAR = 2010  # PbR marginal emergency rate applies from 2010-11
BASE_YEAR = 2008  # financial year of allocation_per_head_2008_09


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
    """

    name = "pct"

    def __init__(self, model: mesa.Model, params: Parameters) -> None:
        super().__init__(model)
        self.params = params
        self.plan: PCTPlan | None = None
        self.marginal_rate_setting = params.marginal_emergency_rate  # timeline may change it

    def allocation_per_head(self, financial_year: int) -> float:
        """Cash allocation per head for a financial year."""
        return allocation_per_head(self.params, financial_year)

    def marginal_rate(self, financial_year: int) -> float:
        """Share of tariff for emergency admissions above baseline (1 before 2010-11)."""
        if financial_year < FIRST_MARGINAL_RULE_YEAR:
            return 1.0
        return self.marginal_rate_setting

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


def allocation_per_head(params: Parameters, financial_year: int) -> float:
    """Cash allocation per head: 2008-09 level, +5.5% in 2009-10 and 2010-11, then slower.

    Years before 2008-09 are back-cast at the 2009-11 growth rate (an assumption).
    """
    early = min(financial_year, BASE_YEAR + 2) - BASE_YEAR
    late = max(financial_year - (BASE_YEAR + 2), 0)
    return (params.allocation_per_head_2008_09 * (1 + params.allocation_growth_2009_11) ** early
            * (1 + params.allocation_growth_from_2011) ** late)
