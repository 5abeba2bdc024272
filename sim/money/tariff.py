"""The national tariff's rule for emergency admissions (payment by results).

From 2010-11 a trust is paid only ``marginal_emergency_rate`` of tariff for emergency
admissions above its baseline (the 2008-09 value; DH, *Payment by Results guidance for
2010-11*); before that every admission earned full tariff. A timeline event can change
the rate (``sim.timeline.catalogue``). The arithmetic of the year-to-date baseline is
``AcuteTrust.emergency_payment``.
"""

from __future__ import annotations

FIRST_MARGINAL_RULE_YEAR = 2010  # the marginal rate applies from 2010-11


def marginal_rate(financial_year: int, setting: float) -> float:
    """Share of tariff paid for emergency admissions above baseline (1 before 2010-11)."""
    if financial_year < FIRST_MARGINAL_RULE_YEAR:
        return 1.0
    return setting
