"""The internal market's contracts (an era whose trusts hold block contracts: the 1990s).

There was no national tariff. Each district health authority (the model's PCT agent)
held a block or cost-and-volume contract with each of its trusts, agreed each April;
fundholders bought their patients' planned care case by case (Working for Patients,
1989; Glennerster, Matsaganis and Owens 1994). So, each April, every trust's block
covers the year's expected activity less the planned care the fundholders will buy;
each month the fundholders' planned care is paid to the trusts case by case, at the
era's prices. The district remains the payer in the ledger, as for every commissioner's
budget (docs/how-it-works.md, "What is approximate").

A fund's patients mostly use their practice's trust; its case payments are split
between trusts in proportion to where its practices' patients are registered to go
(the model draws care by trust and by practice, not by both at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.money.ledger import Category

if TYPE_CHECKING:
    from sim.agents import Commissioner
    from sim.care.month import CareMonth
    from sim.money.ledger import Ledger
    from sim.people.population import Population

PLANNED = (Category.ACUTE_ELECTIVE, Category.OUTPATIENT)


class DistrictContracts:
    """The district's block contracts with its trusts, and the fundholders' cases."""

    def __init__(self, model) -> None:
        self.model = model
        self.shares = trust_shares(model.population, len(model.practices), len(model.trusts))

    def agree(self, fundholders: list[Commissioner]) -> None:
        """April: each trust's block for the year's expected activity (pounds a month by
        category), its planned care reduced by what fundholders will buy case by case."""
        model = self.model
        self.shares = trust_shares(model.population, len(model.practices), len(model.trusts))
        expected = model._expected()  # this year's expected care at current rates
        bought = self._planned_by_trust(expected.planned_value_p, fundholders)
        for trust in model.trusts:
            value = expected.value_by_category(model.params, trust.index)
            planned = sum(value[category.value] for category in PLANNED)
            left = max(1.0 - bought[trust.index] / planned, 0.0) if planned > 0 else 1.0
            for category in PLANNED:
                value[category.value] *= left
            trust.move_to_block(value)

    def pay_cases(self, ledger: Ledger, month: int, care: CareMonth,
                  fundholders: list[Commissioner]) -> None:
        """The fundholders' planned care this month, paid to the trusts case by case."""
        pct, trusts = self.model.pct, self.model.trusts
        for category, values in ((Category.ACUTE_ELECTIVE, care.elective_value_p),
                                 (Category.OUTPATIENT, care.outpatient_value_p)):
            due = self._planned_by_trust(values, fundholders)
            for trust in trusts:
                paid = ledger.pay(month, pct.name, trust.name, category,
                                  float(due[trust.index]))
                trust.year.income += paid / 100.0

    def _planned_by_trust(self, value_p: np.ndarray, fundholders: list[Commissioner]
                          ) -> np.ndarray:
        """Pounds of the fundholders' practices' care (``value_p``, by practice), by trust."""
        rows = [practice.index for body in fundholders for practice in body.practices]
        if not rows:
            return np.zeros(self.shares.shape[1])
        return value_p[rows] @ self.shares[rows]


def trust_shares(population: Population, n_practices: int, n_trusts: int) -> np.ndarray:
    """Per practice (rows), the share of its living patients who use each trust."""
    cells = population.practice.astype(np.int64) * n_trusts + population.trust
    counts = np.bincount(cells, weights=population.alive,
                         minlength=n_practices * n_trusts).reshape(n_practices, n_trusts)
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.full_like(counts, 1.0 / n_trusts),
                     where=totals > 0)
