"""A person-level panel of yearly hospital costs, read from a running model.

Budgets are set from what a commissioner can see: who is on each list, their age, sex,
conditions, area deprivation and last year's hospital use. The model keeps this year's
utilisation in population columns and copies it to last year's each April, so the panel
is read at each March close, after the last month of a financial year and before the
April roll-over. Every row alive at some point in the year is kept: people who die or
leave during the year stay on the list (``alive`` false) until the April compaction,
and their part-year costs are part of the year's outturn.

Cleaner hook (not built here, the model is someone else's file): a year-end callback in
``HealthEconomy._close_year`` that hands these columns to observers, instead of
stepping the model month by month from outside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from sim.model import HealthEconomy
from sim.scenario import Scenario


@dataclass(frozen=True)
class YearRecord:
    """Everyone registered at some time in one financial year, sorted by person id.

    Attributes are as at the year's end (March); utilisation and cost are the year's.
    """

    year: int  # financial year (2010 = 2010-11)
    person_id: np.ndarray
    practice: np.ndarray
    age: np.ndarray  # years, at the year's end
    female: np.ndarray
    deprivation: np.ndarray  # quintile 0-4
    ltc: np.ndarray  # long-term conditions
    alive: np.ndarray  # still registered at the year's end (so on next year's list)
    emergency: np.ndarray  # admissions in the year (float, so gaming can scale them)
    elective: np.ndarray
    outpatient: np.ndarray
    cost: np.ndarray  # GBP at tariff in the year: the line being budgeted (all hospital care)
    elective_cost: np.ndarray  # GBP at tariff: planned care (elective spells, outpatients)

    def __len__(self) -> int:
        return len(self.person_id)

    def rows_of(self, person_id: np.ndarray) -> np.ndarray:
        """Rows of the given people (every one of them must be in this year)."""
        rows = np.searchsorted(self.person_id, person_id)
        rows = np.minimum(rows, len(self.person_id) - 1)
        if len(person_id) and not np.array_equal(self.person_id[rows], person_id):
            raise ValueError(f"year {self.year}: some people are not on its lists")
        return rows

    def select(self, rows: np.ndarray) -> YearRecord:
        """The same year restricted to some rows (a boolean mask or indices)."""
        return replace(self, **{name: getattr(self, name)[rows] for name in ARRAYS})

    def with_cost(self, cost: np.ndarray, **changes: np.ndarray) -> YearRecord:
        """A copy with another cost column (capped, gamed), and any other changes."""
        return replace(self, cost=cost, **changes)


ARRAYS = ("person_id", "practice", "age", "female", "deprivation", "ltc", "alive",
          "emergency", "elective", "outpatient", "cost", "elective_cost")
LINES: tuple[str, ...] = ("hospital", "elective")
"""Budget lines a study can set budgets for: all hospital care, or planned care alone (the
line 1990s fundholders held; ``sim.commissioning.lines``)."""


@dataclass(frozen=True)
class Panel:
    """Consecutive yearly records of one simulated economy."""

    records: list[YearRecord]
    n_practices: int

    @property
    def years(self) -> list[int]:
        return [record.year for record in self.records]

    def record(self, year: int) -> YearRecord:
        return self.records[self.years.index(year)]

    def on_line(self, line: str) -> Panel:
        """The panel with ``cost`` the cost of one budget line (``LINES``)."""
        if line == "hospital":
            return self
        if line == "elective":
            return replace(self, records=[r.with_cost(r.elective_cost) for r in self.records])
        raise ValueError(f"unknown budget line {line!r}; known: {', '.join(LINES)}")


def snapshot(model: HealthEconomy, year: int) -> YearRecord:
    """This financial year's record, read from the model's population at the March close."""
    pop = model.population
    order = np.argsort(pop.person_id, kind="stable")  # rows are already in id order
    return YearRecord(
        year=year,
        person_id=pop.person_id[order].astype(np.int64),
        practice=pop.practice[order].astype(np.int32),
        age=pop.age[order].astype(np.float32),
        female=pop.female[order].copy(),
        deprivation=pop.deprivation[order].astype(np.int8),
        ltc=pop.ltc[order].astype(np.int16),
        alive=pop.alive[order].copy(),
        emergency=pop.emergency_this_year[order].astype(np.float32),
        elective=pop.elective_this_year[order].astype(np.float32),
        outpatient=pop.outpatient_this_year[order].astype(np.float32),
        cost=pop.hospital_cost_this_year[order].astype(np.float64),
        elective_cost=pop.elective_cost_this_year[order].astype(np.float64),
    )


def months_for_years(scenario: Scenario, years: int) -> int:
    """Months from the scenario's start to the end of its ``years``-th March."""
    return scenario.clock.months_left_in_year(0) + 12 * (years - 1)


def simulate_panel(scenario: Scenario, years: int, replicate: int = 0,
                   progress: Callable[[], None] | None = None) -> Panel:
    """Run the scenario for ``years`` financial years and record each one at its close.

    The first year is a part year if the scenario does not start in April. ``progress``
    (optional) is called after every month.
    """
    scenario = scenario.with_overrides("the risk analysis",
                                       months=months_for_years(scenario, years))
    model = HealthEconomy(scenario, replicate)
    records = []
    while model.month < scenario.months:
        model.step()
        finished = model.month - 1
        if model.clock.is_march(finished):
            records.append(snapshot(model, model.clock.financial_year(finished)))
        if progress is not None:
            progress()
    return Panel(records, n_practices=len(model.practices))
