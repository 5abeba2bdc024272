"""The national tariff (payment by results): the expected price of an episode of care
and the marginal rule for emergency admissions.

The prices themselves are parameters (``tariff_*``). From 2010-11 a trust is paid only
``marginal_emergency_rate`` of tariff for emergency admissions above its baseline (the
2008-09 value; DH, *Payment by Results guidance for 2010-11*); before that every
admission earned full tariff. A timeline event can change
the rate (``sim.timeline.catalogue``). The arithmetic of the year-to-date baseline is
``AcuteTrust.emergency_payment``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

FIRST_MARGINAL_RULE_YEAR = 2010  # the marginal rate applies from 2010-11


def marginal_rate(financial_year: int, setting: float) -> float:
    """Share of tariff paid for emergency admissions above baseline (1 before 2010-11)."""
    if financial_year < FIRST_MARGINAL_RULE_YEAR:
        return 1.0
    return setting


def average_elective_tariff(params: WorldParameters) -> float:
    """Expected price of one elective admission (day cases and ordinary admissions)."""
    return (params.day_case_share * params.tariff_day_case
            + (1 - params.day_case_share) * params.tariff_elective_inpatient)


def outpatient_episode_tariff(params: WorldParameters) -> float:
    """Expected price of a first attendance with its follow-ups."""
    return (params.tariff_outpatient_first
            + params.follow_up_per_first * params.tariff_outpatient_follow_up)
