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

if TYPE_CHECKING:
    from sim.care.month import CareMonth
    from sim.world_parameters import WorldParameters

BudgetLine = Literal["prescribing", "elective", "emergency", "primary_care"]
HOSPITAL_AND_PRESCRIBING: tuple[BudgetLine, ...] = ("prescribing", "elective", "emergency")


def expected_by_line(emergency_value_p: np.ndarray, planned_value_p: np.ndarray,
                     prescribing_value_p: np.ndarray, list_size_p: np.ndarray,
                     params: WorldParameters) -> dict[str, np.ndarray]:
    """Expected cost a month of each practice's patients, by line (pounds).

    The values are expected pounds a month per practice at the rates budgets are set
    at (``sim.care.month.ExpectedMonth``): emergency spells, and planned care (elective
    spells and outpatient episodes).
    """
    return {
        "prescribing": prescribing_value_p,
        "elective": planned_value_p,
        "emergency": emergency_value_p,
        "primary_care": list_size_p * params.primary_care_per_head / 12.0,
    }


def care_outturn_by_practice(care: CareMonth) -> dict[str, np.ndarray]:
    """What each practice's patients' care cost this month, by line (pounds, arrays by
    practice); primary care is paid per head instead (``primary_care_per_head``).

    Planned care (the elective line) is elective spells and outpatient episodes, in
    hospital or in the community.
    """
    return {
        "prescribing": care.prescribing_value_p,
        "elective": (care.elective_value_p + care.outpatient_value_p
                     + care.community_outpatient_value_p),
        "emergency": care.emergency_value_p,
    }


def outturn_by_line(care: CareMonth, practices: list[int], list_size: int,
                    params: WorldParameters) -> dict[str, float]:
    """What a group of practices' patients cost this month, by line (pounds)."""
    outturn = {line: float(values[practices].sum())
               for line, values in care_outturn_by_practice(care).items()}
    outturn["primary_care"] = list_size * params.primary_care_per_head / 12.0
    return outturn
