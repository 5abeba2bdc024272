"""Commissioners' budgets, set from what a PCT could see.

Each April a commissioner's budget on each line is its share of the area's pot for that
line. The pot is the area's expected spend at PCT commissioning rates (an
approximation: the PCT's forecast of the area total is taken as accurate; the error
modelled is in how the pot is shared between commissioners). The share comes from the
scenario's ``[commissioning] budget_method``, computed only from data a PCT had:

- ``capitation``: last year's recorded hospital cost per person by cell of 5-year age
  band, sex and deprivation quintile (the shape of the weighted capitation formula),
  summed over each practice's list now;
- ``person_based``: the same with the number of recorded long-term conditions in the
  cell as well (diagnoses, as person-based resource allocation uses: Dixon et al., BMJ
  2011); cells with fewer than ``person_based_min_cell`` people fall back to their
  capitation cell. Last year's use is not a predictor here (the model keeps one year of
  history per person; ``healthsim risk`` studies the full model);
- ``historic``: each practice's own spend per patient on the line last year, on its list
  now (``PracticeSpend``).

Prescribing budgets follow each practice's own prescribing last year whatever the method
(prescribing budgets were set on historic spend), and primary care is per head. In the
run's first year there is no history yet: budgets are the practices' expected spend at
PCT rates, standing for budgets set on the years before the run (an approximation: a
historic budget without the chance in one year's spend).

**Rebasing** (``budget_rebasing_years``): once a body has existed that long with the
same practices, its budget on each line follows its own last year's spend, grown with
the area's pot: the savings it made are taken back into its baseline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.commissioning.lines import care_outturn_by_practice
from sim.money.need import need_by_practice
from sim.people.rates import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from sim.agents import Commissioner
    from sim.care.month import CareMonth
    from sim.people.population import Population
    from sim.world_parameters import WorldParameters

SHARED_LINES = ("elective", "emergency")  # lines shared out by the budget method


class PracticeSpend:
    """Each practice's spend on the budget lines, this financial year and last.

    Spend is kept with the patient-months it covers, so a year's spend per patient a
    month is known whatever the list size did and however long the year was.
    """

    def __init__(self, n_practices: int, lines: tuple[str, ...]) -> None:
        self.lines = lines
        self.this_year = {line: np.zeros(n_practices) for line in lines}
        self.last_year = {line: np.zeros(n_practices) for line in lines}
        self.patient_months = np.zeros(n_practices)
        self.patient_months_last_year = np.zeros(n_practices)

    def record(self, care: CareMonth, list_sizes: np.ndarray) -> None:
        """Add one month's care of every practice's patients."""
        outturn = care_outturn_by_practice(care)
        for line in self.lines:
            self.this_year[line] += outturn[line]
        self.patient_months += list_sizes

    def roll_over(self) -> None:
        """April: this year's spend becomes last year's."""
        self.last_year = self.this_year
        self.this_year = {line: np.zeros_like(values) for line, values in self.last_year.items()}
        self.patient_months_last_year = self.patient_months
        self.patient_months = np.zeros_like(self.patient_months)

    @property
    def has_last_year(self) -> bool:
        return bool(self.patient_months_last_year.sum() > 0)

    def last_year_per_patient_month(self, index: int) -> dict[str, float] | None:
        """Pounds per patient a month by line last year (None without a last year)."""
        months = self.patient_months_last_year[index]
        if months <= 0:
            return None
        return {line: float(self.last_year[line][index]) / months for line in self.lines}

    def historic_per_month(self, line: str, list_sizes: np.ndarray) -> np.ndarray:
        """Each practice's last-year spend per patient a month on ``line``, on its list
        now (pounds a month; 0 for a practice with no patients last year)."""
        months = self.patient_months_last_year
        per_patient = np.divide(self.last_year[line], months, out=np.zeros_like(months),
                                where=months > 0)
        return per_patient * list_sizes


def practice_bases(population: Population, n_practices: int, method: str,
                   spend: PracticeSpend, list_sizes: np.ndarray,
                   params: WorldParameters) -> dict[str, np.ndarray]:
    """Per practice and shared line, the basis its share of the pot is set on."""
    if method == "historic":
        return {line: spend.historic_per_month(line, list_sizes) for line in SHARED_LINES}
    return {line: need_by_practice(population, line, method, params, n_practices)
            for line in SHARED_LINES}


def line_budgets(body: Commissioner, expected: dict[str, np.ndarray], months: int,
                 bases: dict[str, np.ndarray] | None,
                 prescribing: np.ndarray | None) -> dict[str, float]:
    """A body's budget for ``months`` on each of its lines (pounds).

    ``expected`` is each practice's expected spend a month at PCT rates by line (the
    pot, and the first year's budgets); ``bases`` the shares of the shared lines and
    ``prescribing`` each practice's own prescribing last year a month (None in the
    first year: no history yet).
    """
    indices = [p.index for p in body.practices]
    budget = {}
    for line in body.budget_lines:
        if line in SHARED_LINES and bases is not None:
            basis = bases[line]
            total = float(basis.sum())
            share = float(basis[indices].sum()) / total if total > 0 else 0.0
            budget[line] = float(expected[line].sum()) * share * months
        elif line == "prescribing" and prescribing is not None:
            budget[line] = float(prescribing[indices].sum()) * months
        else:
            budget[line] = float(expected[line][indices].sum()) * months
    return budget


def rebased(body: Commissioner, budget: dict[str, float], pot_growth: dict[str, float],
            months: int, month: int, params: WorldParameters) -> dict[str, float]:
    """The budget after rebasing: once the body is ``budget_rebasing_years`` old and
    kept its practices, each line follows its own last year's spend a month, grown
    with the area's pot (``pot_growth``: this year's pot a month over last year's)."""
    history = body.last_year_spend
    years = (month - body.formed_month) / MONTHS_PER_YEAR
    if (history is None or years < params.budget_rebasing_years
            or history.practices != frozenset(p.index for p in body.practices)):
        return budget
    return {line: (history.per_month[line] * pot_growth.get(line, 1.0) * months
                   if line in history.per_month and line != "primary_care" else value)
            for line, value in budget.items()}
