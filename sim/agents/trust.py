"""Acute trusts, paid by results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters



@dataclass
class TrustYear:
    """A trust's running totals for the financial year (pounds)."""

    income: float = 0.0
    activity_at_full_tariff: float = 0.0
    emergency_admissions: int = 0
    decisions_to_admit: int = 0


class AcuteTrust(mesa.Agent):
    """An acute trust paid per activity under payment by results (PbR).

    Emergency admissions above the 2008-09 baseline are paid at the marginal rate
    (30% from 2010-11). Costs are mostly fixed in the year, so activity below plan
    means deficit. A share of its income may be on a block (``block_share``: fixed
    monthly sums, ``sim.mechanisms.block_contracts``), the rest paid by activity. Its
    short-stay admitting (``admitting_factor``) grows beyond ageing, the payment-driven
    part following its margin on an extra admission (``sim.mechanisms.pbr_drift``;
    Blunt et al. 2010; seed 002 "spin wheels").
    """

    def __init__(self, model: mesa.Model, index: int, params: WorldParameters) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"trust_{index}"
        self.params = params
        self.admitting_factor = 1.0
        self.emergency_baseline = 0.0  # admissions a year (the 2008-09 baseline)
        self.elective_capacity = 0  # admissions a month
        self.fixed_costs = 0.0  # pounds in this financial year
        self.year = TrustYear()
        self.block_share = 0.0  # share of its income on a block contract (0-1)
        self.block: dict[str, float] = {}  # pounds a month by category on the block
        # the marginal rule pays extra admissions the marginal rate only above the
        # baseline; the 2008-09 baseline is two years of growth below 2010-11's admissions
        self.above_baseline = True

    @property
    def payment(self) -> str:
        """How the trust is paid: ``pbr``, ``block``, or ``part block``."""
        if self.block_share <= 0:
            return "pbr"
        return "block" if self.block_share >= 1 else "part block"

    def move_to_block(self, monthly_value: dict[str, float], share: float = 1.0) -> None:
        """Put ``share`` of the trust's income on a block (capitated) contract: that share
        of ``monthly_value`` (pounds a month by category) paid as fixed monthly sums, with
        no reward for extra activity; the rest stays paid by activity."""
        self.block_share = share
        self.block = {category: value * share for category, value in monthly_value.items()}

    def leave_block(self) -> None:
        """Back to payment by results for all its income."""
        self.block_share = 0.0
        self.block = {}

    def marginal_income_share(self, marginal_rate: float, months_into_plan: int) -> float:
        """Share of tariff an extra emergency admission paid by activity earns now: the
        marginal rate once the year's admissions are above the prorated baseline, full
        tariff below it (``months_into_plan`` whole months of the year's plan have
        passed; at 0, where the trust stood last month)."""
        if months_into_plan > 0:
            self.above_baseline = (self.year.emergency_admissions
                                   > self.emergency_baseline * months_into_plan / 12.0)
        return marginal_rate if self.above_baseline else 1.0

    def margin_on_extra_admission(self, marginal_income: float) -> float:
        """What one more emergency admission gains the trust, as a share of tariff: its
        income (``marginal_income`` on the part paid by activity, nothing on the block)
        less its variable cost (the costs that are not fixed in the year). Negative
        means an extra admission loses the trust money."""
        variable = 1.0 - self.params.trust_fixed_cost_share
        return (1.0 - self.block_share) * marginal_income - variable

    def emergency_payment(self, admissions: int, month_of_plan: int,
                          marginal_rate: float) -> float:
        """Pounds due for this month's emergency admissions under the marginal rule.

        ``month_of_plan`` counts months since the year's plan began (1 = its first).
        The year-to-date baseline grows by a twelfth each month; admissions above it
        earn ``marginal_rate`` of tariff. Month by month the payments add up to
        ``tariff * (min(Y, B) + rate * max(Y - B, 0))`` for a full year, and the
        baseline is prorated for a part year.
        """
        tariff = self.params.tariff_emergency
        before = self.year.emergency_admissions
        after = before + admissions
        threshold_before = self.emergency_baseline * (month_of_plan - 1) / 12.0
        threshold_after = self.emergency_baseline * month_of_plan / 12.0

        def due(count: float, threshold: float) -> float:
            return tariff * (min(count, threshold) + marginal_rate * max(count - threshold, 0))

        self.year.emergency_admissions = after
        return due(after, threshold_after) - due(before, threshold_before)

    def plan_year(self, expected_activity_value: float, decisions_to_admit_per_month: float,
                  waiting_list: int, months: int) -> None:
        """Set this year's fixed costs and elective capacity (each April).

        Capacity meets expected demand and works the list towards the target wait
        over the year (a shorter list releases capacity, a longer one adds it).
        """
        p = self.params
        self.fixed_costs = p.trust_fixed_cost_share * expected_activity_value * months / 12.0
        target_list = p.elective_target_wait_months * decisions_to_admit_per_month
        self.elective_capacity = max(0, int(round(
            decisions_to_admit_per_month + (waiting_list - target_list) / 12.0)))
        self.year = TrustYear()

    def close_year(self) -> dict[str, float]:
        """Year-end accounts: income, costs and surplus (negative = deficit).

        A trust "cannot be allowed to fail" (seed 002): a deficit beyond the bailout
        threshold is covered from outside the local economy (not from the PCT's
        allocation); ``bailout`` records how much.
        """
        variable = (1.0 - self.params.trust_fixed_cost_share) * self.year.activity_at_full_tariff
        costs = self.fixed_costs + variable
        surplus = self.year.income - costs
        bailout = max(-surplus - self.params.trust_bailout_threshold * self.year.income, 0.0)
        return {"income": self.year.income, "costs": costs, "surplus": surplus,
                "bailout": bailout}
