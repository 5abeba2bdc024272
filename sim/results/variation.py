"""How varied the economy is: practices' lists and the concentration of hospital cost.

Budget risk and fair shares depend on variation between practices and between people,
so each year-end records both (calibration targets ``practice_*`` and
``hospital_cost_*``, ``sim.validity.calibration``):

- each practice's list profile: the shares aged 0-4, 65-74 and 75+ and the mean
  neighbourhood IMD score of the people registered at the close;
- the share of the year's hospital cost (at tariff) in the costliest 1% and 5% of
  everyone registered at some time in the year, and the largest single cost.
"""

from __future__ import annotations

import numpy as np

from sim.results.census import Census

LIST_PROFILE_BANDS = {"0_4": (0,), "65_74": (5,), "75_plus": (6, 7)}  # band indices
TOP_SHARES = {"1_percent": 0.01, "5_percent": 0.05}


def practice_list_profiles(census: Census) -> dict[str, np.ndarray]:
    """Per practice: shares of its live list in each profile band, and its mean IMD score
    (from the year-end census of the living, ``sim.results.census``)."""
    by_band = census.by_practice_band
    heads = np.maximum(by_band.sum(axis=1), 1)
    profile = {f"share_age_{name}": by_band[:, list(bands)].sum(axis=1) / heads
               for name, bands in LIST_PROFILE_BANDS.items()}
    profile["imd_score"] = census.imd_by_practice / heads
    return profile


def cost_concentration(costs: np.ndarray) -> dict[str, float]:
    """Share of total cost in the costliest 1% and 5% of people, and the largest cost."""
    total, n = float(costs.sum()), len(costs)
    counts = {name: int(n * share) for name, share in TOP_SHARES.items()}
    cuts = sorted({n - count for count in counts.values() if count})
    ranked = np.partition(costs, cuts) if cuts else costs
    measures = {"hospital_cost_max": float(costs.max()) if n else 0.0}
    for name, count in counts.items():
        top = float(ranked[n - count:].sum()) if count else 0.0
        measures[f"hospital_cost_share_top_{name}"] = top / total if total > 0 else 0.0
    return measures
