"""Switches for each mechanism by which commissioning changes care and spending.

Every switch is on by default. Turning one off (``[mechanisms]`` in a scenario file)
removes that mechanism wherever it acts, whatever the commissioning model or migration
path, so that ``healthsim explain`` can measure how much of a difference between two
scenarios each mechanism accounts for (run both with the switch off, with common random
numbers, and compare). The descriptions are the labels shown in the explain waterfall
and the dashboard.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


def switch(description: str) -> bool:
    """Declare one mechanism switch (on by default)."""
    return Field(True, strict=True, description=description)


class Mechanisms(BaseModel):
    """Which mechanisms are at work (all, unless a scenario switches one off)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engagement_incentives: bool = switch(
        "GPs' engagement responds to the incentives of their commissioning model "
        "(off: engagement moves only with peers)")
    practice_effects: bool = switch(
        "engaged practices in a matured commissioner refer less, prescribe better and "
        "manage long-term conditions better")
    care_plans: bool = switch(
        "commissioners give care plans to their highest-risk patients")
    specialists: bool = switch(
        "consultants join partnerships: community clinics, advice to GPs, office medicine")
    block_contracts: bool = switch(
        "trusts move from payment by results to block contracts under partnerships")
    pbr_drift: bool = switch(
        "trusts paid by results drift towards more short-stay emergency admissions")
    development_lag: bool = switch(
        "new commissioning bodies take years to become effective (off: effective at once)")
    management_costs: bool = switch(
        "commissioners pay a management allowance and transaction costs")
    transition_costs: bool = switch(
        "organisational change costs money (set-up, staff turnover, weaker financial "
        "control) and distracts managers")

    def off(self) -> list[str]:
        """Names of the switches that are off."""
        return [name for name, on in self if not on]


MECHANISM_NAMES: tuple[str, ...] = tuple(Mechanisms.model_fields)
