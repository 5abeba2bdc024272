"""The year's settlement of a commissioner's real budget: savings shared, pooled or
handed back; deficits carried.

Only the real lines are at risk. Their surplus, less services once emergency care is a
real line, up to the model's ``risk_cap`` of overspend, times how real the budget is
(``budget_at_risk``), is the result at risk. A surplus is paid out only when it reaches
``savings_threshold`` of the real budget (smaller ones go back to the PCT: agreeing and
auditing savings costs more than they are worth). Of a surplus paid out:

- ``savings_share`` goes to the member practices (a transfer: income to practices, no
  care);
- ``pooled_share`` is kept by the commissioner as a fund it spends over the next year
  on services for its population ("25 per cent of savings to practices, with 75 per cent
  pooled at consortium level ... used to pay for extra services such as
  physiotherapists and health trainers", seed 004): resource cost, paid to the
  community provider. The model gives those services no health effect of their own;
- the rest returns to the PCT.

A deficit is carried into next year's real lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import Commissioner
    from sim.world_parameters import WorldParameters


@dataclass(frozen=True)
class Settlement:
    """One commissioner's year: the result at risk and where a surplus goes (pounds)."""

    surplus: float  # whole budget less outturn (real and notional lines)
    real_surplus: float  # real lines less their outturn (and services, see above)
    at_risk: float  # the part of the real result the body bears
    to_practices: float  # savings to be paid to member practices
    pooled: float  # kept for next year's services

    @property
    def paid_out(self) -> bool:
        return self.to_practices > 0 or self.pooled > 0


def settle(body: Commissioner, params: WorldParameters) -> Settlement:
    """The settlement of ``body``'s year (nothing is paid here: see the module)."""
    year, rules = body.year, body.rules
    surplus = year.budget_total - year.outturn_total
    real_budget = sum(year.budget.get(line, 0.0) for line in body.real_lines)
    real_surplus = real_budget - sum(year.outturn.get(line, 0.0) for line in body.real_lines)
    if "emergency" in body.real_lines:
        real_surplus -= year.services  # care plans aim at emergency admissions
    at_risk = max(real_surplus, -rules.risk_cap * real_budget) * rules.budget_at_risk
    shared = at_risk if at_risk >= params.savings_threshold * real_budget and at_risk > 0 \
        else 0.0
    return Settlement(surplus, real_surplus, at_risk, shared * rules.savings_share,
                      shared * rules.pooled_share)
