"""Budget lines: the parts of a commissioner's budget that can be notional or real.

A slow-burn partnership takes real budgets a line at a time, low-risk lines first (seed
002): prescribing, then elective care (outpatients and planned admissions), then
emergency care, then the practices' own primary care contracts (GMS/PMS). The model
has no physiotherapy or minor-surgery lines; prescribing stands for the low-risk lines.

Each line's budget is the expected cost of the commissioner's patients at PCT
commissioning rates; its outturn is what their care actually cost. Services the
commissioner runs or buys (care plans, community clinics) are paid for out of the
budget as a whole, so they count against it but have no line of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from sim.money.tariff import average_elective_tariff, outpatient_episode_tariff

if TYPE_CHECKING:
    from sim.care.month import CareMonth
    from sim.world_parameters import WorldParameters

BudgetLine = Literal["prescribing", "elective", "emergency", "primary_care"]
HOSPITAL_AND_PRESCRIBING: tuple[BudgetLine, ...] = ("prescribing", "elective", "emergency")


def expected_by_line(emergency_rate_p: np.ndarray, first_rate_p: np.ndarray,
                     prescribing_value_p: np.ndarray, list_size_p: np.ndarray,
                     params: WorldParameters) -> dict[str, np.ndarray]:
    """Expected cost a month of each practice's patients, by line (pounds).

    ``emergency_rate_p`` and ``first_rate_p`` are expected emergency admissions and
    first outpatient attendances a month per practice, at the rates budgets are set at.
    """
    per_first = (params.decisions_to_admit_per_first * average_elective_tariff(params)
                 + outpatient_episode_tariff(params))
    return {
        "prescribing": prescribing_value_p,
        "elective": first_rate_p * per_first,
        "emergency": emergency_rate_p * params.tariff_emergency,
        "primary_care": list_size_p * params.primary_care_per_head / 12.0,
    }


def outturn_by_line(care: CareMonth, practices: list[int], list_size: int,
                    params: WorldParameters) -> dict[str, float]:
    """What a group of practices' patients cost this month, by line (pounds)."""
    emergency = float(care.emergency_p[practices].sum()) * params.tariff_emergency
    hospital = float(care.hospital_value_p[practices].sum())
    return {
        "prescribing": float(care.prescribing_value_p[practices].sum()),
        "elective": hospital - emergency
        + float(care.community_outpatient_value_p[practices].sum()),
        "emergency": emergency,
        "primary_care": list_size * params.primary_care_per_head / 12.0,
    }
