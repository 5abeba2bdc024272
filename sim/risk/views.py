"""What a budget setter sees for one budget year, and what then happens.

A budget for year *t* may use only years before *t*: the people on the list at the start
of *t* (alive at the end of *t-1*), their attributes and use in *t-1*, and, to fit a
model, how use in *t-2* predicted cost in *t-1*. The outturn is year *t* itself. Two
changes to the data make the other views:

- **gaming**: practices that know budgets will be set from their past activity raise
  their elective and outpatient activity in the years the budget is based on
  (Croxson, Propper and Perkins 2001). Each budget year is treated as the first of a
  budget set from the years before (the fundholding entry setting), so the gaming
  shows in the history and not in the outturn.
- **high-cost exclusion**: each person's yearly cost is capped at a threshold, in the
  history and the outturn alike; the PCT pays the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.risk.panel import Panel, YearRecord


@dataclass(frozen=True)
class BudgetData:
    """The records a budget for ``year`` is set from, and the year's outturn."""

    year: int
    before: YearRecord  # year t-2: features for fitting
    previous: YearRecord  # year t-1: outcomes for fitting, features for predicting
    outturn: YearRecord  # year t: what happens (never used to set the budget)

    @cached_property
    def start(self) -> YearRecord:
        """The list at the start of the budget year: alive at the end of the year before."""
        return self.previous.select(self.previous.alive)


def budget_data(panel: Panel, year: int, gamers: np.ndarray | None = None,
                uplift: float = 0.0, cap: float | None = None) -> BudgetData:
    """The view of budget year ``year``: gamed history if ``gamers`` is given, costs
    capped at ``cap`` if given."""
    records = [panel.record(year - 2), panel.record(year - 1), panel.record(year)]
    if gamers is not None:  # gaming raises activity; the cap then limits what is carried
        records[:2] = [gamed(record, gamers, uplift) for record in records[:2]]
    if cap is not None:
        records = [capped(record, cap) for record in records]
    return BudgetData(year, *records)


def capped(record: YearRecord, threshold: float) -> YearRecord:
    """Each person's cost capped at ``threshold`` (the part a budget holder carries)."""
    return record.with_cost(np.minimum(record.cost, threshold))


def gamed(record: YearRecord, gamers: np.ndarray, uplift: float) -> YearRecord:
    """Gaming practices' elective and outpatient activity (and its cost) raised by ``uplift``.

    Emergency admissions are not under the GP's control, so they are left alone: the
    part of a person's cost that is not planned care (``elective_cost``) stays as it is.
    """
    factor = (1.0 + uplift * gamers[record.practice]).astype(np.float64)
    unplanned = np.maximum(record.cost - record.elective_cost, 0.0)
    return record.with_cost(unplanned + record.elective_cost * factor,
                            elective_cost=record.elective_cost * factor,
                            elective=(record.elective * factor).astype(np.float32),
                            outpatient=(record.outpatient * factor).astype(np.float32))


def choose_gamers(n_practices: int, share: float, rng: np.random.Generator) -> np.ndarray:
    """Which practices game (True), each with probability ``share``."""
    return rng.random(n_practices) < share
