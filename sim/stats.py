"""Intervals over replicates: the one place the project's statistics are computed.

Replicates of a run are independent draws of the same economy, so a mean over n of them
gets the Student t interval mean +- t(n - 1) sd / sqrt(n). Two scenarios run with common
random numbers (``sim/streams.py``) are compared replicate by replicate: the paired
differences cancel the noise the runs share, and the interval is that of their mean.

scipy is imported inside ``t_quantile``: ``scipy.stats`` takes about a second to import,
and commands that print no interval (``healthsim --help``, ``healthsim run``) should not
wait for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LEVEL = 0.95  # every interval the project reports is a 95% interval


@dataclass(frozen=True)
class Interval:
    """Mean over replicates with its SD and t-interval (NaN with one replicate)."""

    mean: float
    sd: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """The interval excludes zero."""
        return not math.isnan(self.low) and (self.low > 0 or self.high < 0)


def t_quantile(df: int, level: float = LEVEL) -> float:
    """The two-sided critical value of Student's t with ``df`` degrees of freedom.

    The ``(1 + level) / 2`` quantile, so that mean +- t sd / sqrt(n) covers the true
    mean with probability ``level``: 12.706 for one degree of freedom at 95%.
    """
    if df < 1:
        raise ValueError(f"degrees of freedom must be at least 1 (got {df})")
    if not 0 < level < 1:
        raise ValueError(f"the level must be between 0 and 1 (got {level})")
    from scipy.stats import t

    return float(t.ppf((1 + level) / 2, df))


def mean_interval(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Interval:
    """Mean, SD and t-interval of the mean of ``values``, one per replicate.

    With fewer than two values there is no spread to measure: the SD and the interval
    are NaN (and the mean too when there are none).
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    mean = float(values.mean()) if n else math.nan
    if n < 2:
        return Interval(mean, math.nan, math.nan, math.nan)
    sd = float(values.std(ddof=1))
    half = t_quantile(n - 1, level) * sd / math.sqrt(n)
    return Interval(mean, sd, mean - half, mean + half)


def paired_difference(values: Sequence[float] | np.ndarray,
                      reference: Sequence[float] | np.ndarray,
                      level: float = LEVEL) -> Interval:
    """Mean and t-interval of ``values[r] - reference[r]`` over replicates r.

    Both must be in the same replicate order: replicate r of each used random streams r,
    so subtracting within a replicate removes the noise they share, and the interval is
    far narrower than the spread of either.
    """
    values = np.asarray(values, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if values.shape != reference.shape:
        raise ValueError(f"paired values need one per replicate on both sides "
                         f"(got {len(values)} and {len(reference)})")
    return mean_interval(values - reference, level)


__all__ = ["LEVEL", "Interval", "mean_interval", "paired_difference", "t_quantile"]
