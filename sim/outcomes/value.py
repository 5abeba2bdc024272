"""What a pound buys: net monetary benefit, and Green Book discounting.

Net monetary benefit at a threshold is QALYs times the threshold less the resource cost
(care delivered, services, management; transfers such as savings paid to practices or
bailouts are not resources used, so they are shown apart: ``sim.results.monthly``).
Ten-year totals are discounted at ``discount_rate`` (3.5% a year, HM Treasury Green
Book), month by month from the first month of the run.
"""

from __future__ import annotations

import numpy as np

THRESHOLDS_GBP_PER_QALY = {"nmb_20k": 20_000.0, "nmb_30k": 30_000.0}
"""derived: NICE's range of cost-effectiveness thresholds, GBP 20,000-30,000 per QALY
(NICE, Guide to the methods of technology appraisal, 2008)."""


def net_monetary_benefit(qalys: float, resource_cost: float) -> dict[str, float]:
    """The month's net monetary benefit at each threshold (pounds)."""
    return {name: qalys * threshold - resource_cost
            for name, threshold in THRESHOLDS_GBP_PER_QALY.items()}


def discount_factors(months: np.ndarray, rate_per_year: float) -> np.ndarray:
    """Factor for each month index (0 = first month): (1 + rate) ** -(months / 12)."""
    return (1.0 + rate_per_year) ** (-np.asarray(months, dtype=float) / 12.0)
