"""The 1990s fundholding scheme at run time: who may join, when, and on what budget.

When the fundholding model runs in an era with a scheme of its own
(``sim.eras.FundholdingScheme``), fundholders form by these rules instead of the
model's usual ones (any willing practice, any April, budgets at expected cost):

- **eligibility**: a practice whose list reaches the threshold of its entry year may
  hold a fund alone; smaller willing practices of one locality group together, in
  order, until their lists reach it (Hansard 13 March 1991: "smaller practices that
  group together to achieve this total"). A group enters as one fund;
- **waves**: a practice (or group) willing and eligible in one financial year spends
  it preparing and enters on the next 1 April if it is still free, willing and
  eligible; entry happens only in April. At the run's first month, when that is April,
  practices already willing and eligible enter at once: the model has no year before
  the run, so they stand for the wave that prepared beforehand (1990-91 for the first
  wave of April 1991);
- **historic budgets**: each member practice's budget is its own spend per patient on
  the fund's lines (prescribing and planned care) in the preparatory year, on its
  current list. Each later year it moves with the practice's expected spend per patient
  at the district's rates (ageing, case mix) since entry, so the level stays the
  practice's own history (assumption: the scheme's yearly uplift for demography; prices
  are constant within a run). Without a preparatory year inside the run (the
  first-month wave) the expected spend at the district's rates stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.commissioning.budgets import PracticeSpend
from sim.commissioning.formation import localities, willing

if TYPE_CHECKING:
    from collections.abc import Callable

    from sim.agents import Commissioner, GPPractice
    from sim.care.month import CareMonth
    from sim.clock import Clock
    from sim.commissioning.rule_sets import ModelRules
    from sim.eras.settings import FundholdingScheme


@dataclass
class BudgetBase:
    """One member practice's budget base, pounds per patient a month by line: its own
    spend in the preparatory year (None without one in the run), and its expected spend
    at the district's rates when first budgeted (the anchor later years move from)."""

    historic: dict[str, float] | None
    anchor: dict[str, float] | None = None

    def per_patient_month(self, line: str, expected_now: dict[str, float]) -> float:
        """This year's budget per patient a month on ``line``."""
        if self.anchor is None:
            self.anchor = dict(expected_now)
        if self.historic is None or line not in self.historic:
            return expected_now[line]
        anchor = self.anchor[line]
        return self.historic[line] * (expected_now[line] / anchor if anchor > 0 else 1.0)


@dataclass(frozen=True)
class Candidate:
    """Practices preparing to enter together: one practice, or a group reaching the
    threshold. ``since`` is the financial year its preparation began."""

    practices: tuple[GPPractice, ...]
    since: int

    @property
    def list_size(self) -> int:
        return sum(practice.list_size for practice in self.practices)


class FundholdingWaves:
    """The scheme's state in a run: candidates preparing, and each member practice's
    historic budget base (pounds per patient a month, by line)."""

    def __init__(self, scheme: FundholdingScheme, lines: tuple[str, ...],
                 n_practices: int) -> None:
        self.scheme = scheme
        self.preparing: list[Candidate] = []
        self.spend = PracticeSpend(n_practices, lines)
        self.base: dict[int, BudgetBase] = {}  # by practice index

    # --- the start of the financial year ----------------------------------------------
    def start_year(self, practices: list[GPPractice], month: int, clock: Clock,
                   rules: ModelRules, create: Callable[[list[GPPractice]], Commissioner]
                   ) -> list[Commissioner]:
        """Enter this April's wave, then start the next wave's preparation. ``rules``
        (the fundholding model's) say who is willing. Returns the new fundholders."""
        year = clock.financial_year(month)
        if month > 0:
            self.spend.roll_over()
        entering = self._ready(year, rules) if clock.is_april(month) else []
        if month == 0 and clock.is_april(month):
            entering += self._candidates(practices, self.scheme.min_list_size(year), year,
                                         rules)
        created = [self._enter(candidate, create) for candidate in entering]
        self._prepare(practices, year, rules)
        return created

    def _ready(self, year: int, rules: ModelRules) -> list[Candidate]:
        """Candidates whose preparation is over and who are still eligible; the others
        lapse (they may prepare again)."""
        threshold = self.scheme.min_list_size(year)
        done = [c for c in self.preparing if c.since + self.scheme.preparation_years <= year]
        self.preparing = [c for c in self.preparing if c not in done]
        if threshold is None:
            return []
        return [c for c in done if eligible(c, threshold, rules)]

    def _prepare(self, practices: list[GPPractice], year: int, rules: ModelRules) -> None:
        """Willing practices eligible for the wave after their preparation begin it."""
        entry_year = year + self.scheme.preparation_years
        self.preparing += self._candidates(practices, self.scheme.min_list_size(entry_year),
                                           year, rules)

    def _candidates(self, practices: list[GPPractice], threshold: int | None,
                    year: int, rules: ModelRules) -> list[Candidate]:
        """Free, willing practices not yet preparing, as funds reaching ``threshold``:
        large practices alone, smaller ones grouped within their locality."""
        if threshold is None:
            return []
        busy = {p.index for c in self.preparing for p in c.practices}
        free = [p for p in practices if p.commissioner is None and p.index not in busy
                and willing(p, rules)]
        found = [Candidate((p,), year) for p in free if p.list_size >= threshold]
        for locality in localities([p for p in free if p.list_size < threshold]):
            found += group_to_threshold(locality, threshold, year)
        return found

    def _enter(self, candidate: Candidate, create: Callable[[list[GPPractice]], Commissioner]
               ) -> Commissioner:
        """The candidate becomes a fund; its practices' budget bases are their own spend
        in the preparatory year."""
        for practice in candidate.practices:
            self.base[practice.index] = BudgetBase(
                self.spend.last_year_per_patient_month(practice.index))
        return create(list(candidate.practices))

    # --- budgets and spend --------------------------------------------------------------
    def budget(self, body: Commissioner, months: int,
               expected: dict[str, np.ndarray]) -> dict[str, float]:
        """The fund's budget for ``months``, by line: each member's historic spend per
        patient a month, moved with its expected spend at the district's rates
        (``expected``: pounds a month by practice), on its current list."""
        budget = dict.fromkeys(body.budget_lines, 0.0)
        for practice in body.practices:
            base = self.base.setdefault(practice.index, BudgetBase(None))
            now = expected_per_patient_month(practice, expected)
            for line in body.budget_lines:
                budget[line] += base.per_patient_month(line, now) * practice.list_size * months
        return budget

    def record(self, care: CareMonth, practices: list[GPPractice]) -> None:
        """Keep every practice's spend this month (the history budgets are set on)."""
        self.spend.record(care, np.array([p.list_size for p in practices], dtype=float))


def expected_per_patient_month(practice: GPPractice, expected: dict[str, np.ndarray]
                               ) -> dict[str, float]:
    """A practice's expected spend per patient a month by line (``expected``: pounds a
    month by practice)."""
    people = max(practice.list_size, 1)
    return {line: float(values[practice.index]) / people for line, values in expected.items()}


def eligible(candidate: Candidate, threshold: int, rules: ModelRules) -> bool:
    """Whether a candidate may enter: its lists reach ``threshold`` and every practice is
    still free and willing."""
    return (candidate.list_size >= threshold
            and all(p.commissioner is None and willing(p, rules)
                    for p in candidate.practices))


def group_to_threshold(practices: list[GPPractice], threshold: int, year: int
                       ) -> list[Candidate]:
    """Consecutive practices grouped until each group's lists reach ``threshold``; a
    remainder that does not reach it forms no group."""
    groups: list[Candidate] = []
    members: list[GPPractice] = []
    for practice in practices:
        members.append(practice)
        if sum(p.list_size for p in members) >= threshold:
            groups.append(Candidate(tuple(members), year))
            members = []
    return groups
