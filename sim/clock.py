"""Simulated time: months since the start, calendar months and financial years.

Financial years run April to March and are named by the year they start in
(2010 = 2010-11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
APRIL = 4  # the NHS financial year runs from 1 April to 31 March (HM Treasury)


def financial_year(year: int, month: int) -> int:
    """The calendar year a month's financial year starts in: March 2011 is in 2010."""
    return year if month >= APRIL else year - 1


def financial_year_label(first_year: int) -> str:
    """``2010`` -> ``"2010-11"``, as NHS accounts write the financial year."""
    return f"{first_year}-{(first_year + 1) % 100:02d}"


def parse_month(text: str) -> tuple[int, int]:
    """``"2010-04"`` -> ``(2010, 4)``; raises ValueError with the reason."""
    match = MONTH_PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a month written YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has month {month}; months run 01-12")
    if not 1900 <= year <= 2200:
        raise ValueError(f"'{text}' has year {year}; years 1900-2200 are allowed")
    return year, month


@dataclass(frozen=True)
class Clock:
    """Converts the model's month index (0 = the start month) to dates."""

    start_year: int
    start_month: int

    @classmethod
    def starting(cls, text: str) -> Clock:
        return cls(*parse_month(text))

    def year_month(self, index: int) -> tuple[int, int]:
        total = self.start_year * 12 + (self.start_month - 1) + index
        return total // 12, total % 12 + 1

    def date(self, index: int) -> pd.Timestamp:
        year, month = self.year_month(index)
        return pd.Timestamp(year=year, month=month, day=1)

    def label(self, index: int) -> str:
        year, month = self.year_month(index)
        return f"{year:04d}-{month:02d}"

    def index_of(self, text: str) -> int:
        """Month index of a ``YYYY-MM`` date (may be negative or past the end)."""
        year, month = parse_month(text)
        return (year - self.start_year) * 12 + (month - self.start_month)

    def financial_year(self, index: int) -> int:
        return financial_year(*self.year_month(index))

    def is_april(self, index: int) -> bool:
        return self.year_month(index)[1] == APRIL

    def is_march(self, index: int) -> bool:
        return self.year_month(index)[1] == APRIL - 1

    def starts_financial_year(self, index: int) -> bool:
        """Whether the model starts a financial year this month: April, or the run's
        first month (a part year). Budgets, contracts and commissioners are set then."""
        return index == 0 or self.is_april(index)

    def ends_financial_year(self, index: int, months: int) -> bool:
        """Whether the model closes a financial year this month: March, or the last of
        the run's ``months`` (a part year). Budgets close and accounts are drawn up."""
        return self.is_march(index) or index == months - 1

    def months_left_in_year(self, index: int) -> int:
        """Months from this one to March inclusive."""
        month = self.year_month(index)[1]
        return (APRIL - 1 - month) % 12 + 1
