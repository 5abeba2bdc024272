"""Predictive power of a budget method: R-squared at person and practice level.

Budgets are shares of a pot, so what matters is how well a method ranks and spaces
people and practices, not whether it forecasts the year's total: predictions are first
scaled to the actual total, then R-squared = 1 - (squared error) / (squared deviation
from the mean). Person level: the people on the list at the start of the year, against
their cost in the year. Practice level: spend per head of each practice (everyone
registered during the year, per head of its starting list), unweighted, as reported
for person-based resource allocation (Dixon et al., BMJ 2011: about 12% at person
level and up to 77% at practice level in England's data).
"""

from __future__ import annotations

import numpy as np


def r_squared(actual: np.ndarray, predicted: np.ndarray) -> float:
    """R-squared of ``predicted`` (scaled to the actual total) against ``actual``."""
    actual = np.asarray(actual, dtype=np.float64)
    predicted = np.asarray(predicted, dtype=np.float64)
    total = predicted.sum()
    if len(actual) < 2 or total <= 0:
        return float("nan")
    return _unscaled(actual, predicted * (actual.sum() / total))


def practice_r_squared(actual_cost: np.ndarray, predicted: np.ndarray,
                       heads: np.ndarray) -> float:
    """R-squared of spend per head across practices (practices with no list are left out)."""
    keep = heads > 0
    predicted = np.asarray(predicted, dtype=np.float64)[keep]
    actual_cost = np.asarray(actual_cost, dtype=np.float64)[keep]
    heads = heads[keep]
    if len(heads) < 2 or predicted.sum() <= 0:
        return float("nan")
    scaled = predicted * (actual_cost.sum() / predicted.sum())
    return _unscaled(actual_cost / heads, scaled / heads)


def _unscaled(actual: np.ndarray, predicted: np.ndarray) -> float:
    spread = np.sum((actual - actual.mean()) ** 2)
    if spread <= 0:
        return float("nan")
    return float(1.0 - np.sum((actual - predicted) ** 2) / spread)
