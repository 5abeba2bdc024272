"""Commissioners: PBC clusters, fundholding practices, GP consortia, local partnerships."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa

from sim.commissioning import ModelRules


@dataclass
class CommissionerYear:
    """A commissioner's budget and attributed spending this financial year (pounds)."""

    budget: float = 0.0
    outturn: float = 0.0


class Commissioner(mesa.Agent):
    """A group of practices (and, in a partnership, specialists) holding a budget.

    New bodies take years to become effective (``maturity``, seed 003); what they can
    do and what they gain is set by the model's rules.
    """

    def __init__(self, model: mesa.Model, index: int, rules: ModelRules, practices: list,
                 formed_month: float) -> None:
        super().__init__(model)
        self.name = f"{rules.name}_{index:02d}"
        self.rules = rules
        self.practices = list(practices)
        for practice in self.practices:
            practice.commissioner = self
        self.formed_month = formed_month
        self.services_from: float | None = None  # month care plans start, once decided
        self.makes_services = False  # provides care plans itself (else buys them)
        self.year = CommissionerYear()
        self.carried_deficit = 0.0
        self.deficit_years = 0
        self.last_result = 0  # +1 savings paid last year, -1 deficit, 0 neither
        self.failures = 0

    def maturity(self, month: int, maturity_years: float) -> float:
        """How effective the body is (0 new, towards 1 after a few years)."""
        years = max(month - self.formed_month, 0) / 12.0
        return 1.0 - math.exp(-years / maturity_years)

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

    def leave(self, practice) -> None:
        self.practices.remove(practice)
        practice.commissioner = None
