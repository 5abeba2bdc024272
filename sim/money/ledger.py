"""The ledger: every pound from a payer to a provider, by category and month.

Amounts are kept in whole pennies (integers), so sums are exact and the money
invariant (allocation = spend + surplus - deficit) holds to the penny. Outputs
convert to pounds.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

import numpy as np
import pandas as pd


class Category(StrEnum):
    """Spending categories; each is a ``spend_<category>`` column of the time series."""

    ACUTE_EMERGENCY = "acute_emergency"
    ACUTE_ELECTIVE = "acute_elective"
    OUTPATIENT = "outpatient"
    AE = "ae"
    COMMUNITY = "community"
    PRESCRIBING = "prescribing"
    PRIMARY_CARE = "primary_care"
    OTHER = "other"  # mental health, maternity, specialised, non-tariff acute (block)
    MANAGEMENT = "management"
    INCENTIVES = "incentives"  # commissioners' savings paid to member practices
    TRANSITION = "transition"  # the cost of reorganisation (set-up, weaker control)


SECONDARY_CARE = (Category.ACUTE_EMERGENCY, Category.ACUTE_ELECTIVE, Category.OUTPATIENT,
                  Category.AE, Category.COMMUNITY, Category.OTHER)


def to_pennies(pounds: float) -> int:
    """Round an amount in pounds to whole pennies."""
    return int(round(pounds * 100.0))


class Ledger:
    """Append-only record of payments."""

    def __init__(self) -> None:
        self._rows: list[tuple[int, str, str, str, int]] = []
        self._month_totals: dict[int, dict[Category, int]] = defaultdict(
            lambda: dict.fromkeys(Category, 0))
        self._received: dict[tuple[int, str], int] = defaultdict(int)

    def pay(self, month: int, payer: str, payee: str, category: Category,
            pounds: float) -> int:
        """Record one payment; returns the pennies paid (negative amounts are refused)."""
        pennies = to_pennies(pounds)
        if pennies < 0:
            raise ValueError(f"negative payment {pounds} from {payer} to {payee}")
        if pennies == 0:
            return 0
        self._rows.append((month, payer, payee, category.value, pennies))
        self._month_totals[month][category] += pennies
        self._received[(month, payee)] += pennies
        return pennies

    def month_spend(self, month: int) -> dict[Category, float]:
        """Pounds paid in a month, by category."""
        totals = self._month_totals[month]
        return {category: totals[category] / 100.0 for category in Category}

    def month_pennies(self, month: int) -> int:
        """Whole pennies paid in a month, all categories."""
        return sum(self._month_totals[month].values())

    def received(self, month: int, payee: str) -> float:
        """Pounds received by one organisation in a month."""
        return self._received.get((month, payee), 0) / 100.0

    def received_over(self, months) -> dict[str, float]:
        """Pounds received by each organisation over the given months."""
        wanted = set(months)
        totals: dict[str, int] = defaultdict(int)
        for (month, payee), pennies in self._received.items():
            if month in wanted:
                totals[payee] += pennies
        return {payee: pennies / 100.0 for payee, pennies in totals.items()}

    def to_frame(self) -> pd.DataFrame:
        """All payments as a table (amount in pounds)."""
        frame = pd.DataFrame(self._rows, columns=["month", "payer", "payee", "category",
                                                  "pennies"])
        frame["amount"] = frame.pop("pennies").to_numpy(dtype=np.int64) / 100.0
        return frame
