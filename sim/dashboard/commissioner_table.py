"""The table of commissioners: who holds a budget, how real it is, how the year is going.

A commissioner's budget is set for the financial year and its spending (outturn)
accumulates month by month, so comparing the year's budget with spending to date would
show every body hugely in surplus in May. The table therefore also gives the budget to
date (the year's budget pro rata to the months gone) and the surplus against it. The
"real" column is the share of the budget the body carries the risk of (the rest is
notional: the PCT keeps the risk).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.labels import signed

COLUMNS = ("Commissioner", "Kind", "Practices", "People", "Budget, year", "Real",
           "Budget to date", "Spent to date", "Surplus to date")
MONEY_UNIT = "GBP m"  # every money column


@dataclass(frozen=True)
class CommissionerRow:
    """One commissioner's line of the table (money in pounds)."""

    name: str
    kind: str
    practices: int
    population: int
    budget: float
    real_share: float
    budget_to_date: float
    outturn: float

    @property
    def surplus_to_date(self) -> float:
        """Budget to date minus spending to date (negative: overspent)."""
        return self.budget_to_date - self.outturn

    def cells(self) -> tuple[str, ...]:
        """The row as shown: money in GBP m with one decimal."""
        return (self.name, self.kind, f"{self.practices:,}", f"{self.population:,}",
                f"{self.budget / 1e6:,.1f}", f"{self.real_share:.0%}",
                f"{self.budget_to_date / 1e6:,.1f}", f"{self.outturn / 1e6:,.1f}",
                signed(self.surplus_to_date / 1e6, 1))


def commissioner_rows(model) -> list[CommissionerRow]:
    """Every commissioner of ``model`` now (empty under PCT commissioning)."""
    share = year_share_gone(model)
    return [_row(c, share) for c in model.commissioning.commissioners]


def _row(commissioner, share: float) -> CommissionerRow:
    year = commissioner.year
    stage = f" stage {commissioner.stage}" if commissioner.stage else ""
    return CommissionerRow(commissioner.name, f"{commissioner.kind}{stage}",
                           len(commissioner.practices), int(commissioner.population),
                           float(year.budget_total), float(commissioner.real_share()),
                           float(year.budget_total) * share, float(year.outturn_total))


def year_share_gone(model) -> float:
    """Share of the current financial year's planned months already simulated."""
    plan = model.pct.plan
    if plan is None or plan.months <= 0:
        return 0.0
    return min(max(model.month - model.plan_start, 0) / plan.months, 1.0)
