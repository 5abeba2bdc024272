"""Commissioners: PBC clusters, fundholders, GP consortia, local partnerships, and the
outside organisations a PCT contracts with where no local group bids."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import mesa

from sim.commissioning import ModelRules


@dataclass
class CommissionerYear:
    """A commissioner's budget and attributed spending this financial year (pounds).

    ``budget`` and ``outturn`` are by budget line; ``services`` is what its care plans
    cost (paid from the budget as a whole).
    """

    budget: dict[str, float] = field(default_factory=dict)
    outturn: dict[str, float] = field(default_factory=dict)
    services: float = 0.0

    @property
    def budget_total(self) -> float:
        return sum(self.budget.values())

    @property
    def outturn_total(self) -> float:
        return sum(self.outturn.values()) + self.services


@dataclass(frozen=True)
class LastYearSpend:
    """What a commissioner's patients cost a month by line last year, and which
    practices it had then (rebasing follows it only for the same practices)."""

    practices: frozenset[int]
    per_month: dict[str, float]


class Commissioner(mesa.Agent):
    """A group of practices (and, in a partnership, specialists) holding a budget.

    New bodies take years to become effective (``maturity``, seed 003); what they can
    do and what they gain is set by their rules, and for a staged partnership by its
    stage (``sim.commissioning.stages``). ``real_lines`` are the budget lines it carries
    the risk of; the others are notional.
    """

    def __init__(self, model: mesa.Model, name: str, rules: ModelRules, practices: list,
                 formed_month: float, stage: int = 0) -> None:
        super().__init__(model)
        self.name = name
        self.rules = rules
        self.practices: list = []
        for practice in practices:
            self.admit(practice)
        self.formed_month = formed_month
        self.stage = stage
        self.budget_lines: tuple[str, ...] = rules.budget_lines
        self.real_lines: tuple[str, ...] = (rules.budget_lines if rules.budget_at_risk > 0
                                            else ())
        self.services_from: float | None = None  # month care plans start, once decided
        self.makes_services = False  # provides care plans itself (else buys them)
        self.year = CommissionerYear()
        self.carried_deficit = 0.0
        self.deficit_years = 0
        self.last_result = 0  # +1 savings paid last year, -1 deficit, 0 neither
        self.failures = 0
        self.transition_until = -1  # last month of a transition under way (distraction)
        self.last_year_spend: LastYearSpend | None = None  # for rebasing
        self.pooled_fund = 0.0  # pooled savings to spend on services this year (pounds)
        self.pooled_next = 0.0  # pooled at this year's close, to spend next year

    @property
    def kind(self) -> str:
        """The kind of organisation: the model it belongs to, or ``outside``."""
        return self.rules.name

    def maturity(self, month: int, maturity_years: float) -> float:
        """How effective the body is (0 new, towards 1 after a few years)."""
        if not self.model.mechanisms.development_lag:
            return 1.0
        years = max(month - self.formed_month, 0) / 12.0
        return 1.0 - math.exp(-years / maturity_years)

    def in_transition(self, month: int) -> bool:
        return month <= self.transition_until

    @property
    def population(self) -> int:
        return sum(practice.list_size for practice in self.practices)

    @property
    def engagement(self) -> float:
        """Mean engagement of the member practices, weighted by list size."""
        total = self.population
        if total == 0:
            return 0.0
        return sum(p.engagement * p.list_size for p in self.practices) / total

    def real_share(self) -> float:
        """Share of this year's budget that is real (by value)."""
        total = self.year.budget_total
        if total <= 0:
            return 1.0 if self.real_lines else 0.0
        return sum(self.year.budget.get(line, 0.0) for line in self.real_lines) / total

    def admit(self, practice) -> None:
        """Take ``practice`` in (from its old commissioner, if any)."""
        if practice.commissioner is not None:
            practice.commissioner.leave(practice)
        self.practices.append(practice)
        practice.commissioner = self

    def leave(self, practice) -> None:
        self.practices.remove(practice)
        practice.commissioner = None
