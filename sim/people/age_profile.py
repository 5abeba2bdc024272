"""Age bands and the age-specific rates read from ``data/age_profile.csv``.

The model uses eight age bands (those of the ONS population shares in the calibration
file). Band-level rates are the anchor; person-level variation (conditions, frailty,
deprivation) is standardised within the band so the band rate holds at the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

BANDS: tuple[str, ...] = ("0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75-84", "85+")
BAND_LOWER_AGES = np.array([0, 5, 15, 25, 45, 65, 75, 85], dtype=np.float64)
OLDEST_AGE = 105.0  # years; assumption: nobody in the synthetic population is older


@dataclass(frozen=True)
class AgeProfile:
    """One array per measure, indexed by band (see BANDS)."""

    values: dict[str, np.ndarray]
    sources: dict[str, list[str]]

    def __getitem__(self, measure: str) -> np.ndarray:
        return self.values[measure]


@cache
def load_age_profile() -> AgeProfile:
    """Read the packaged age profile (cached: it never changes within a process)."""
    path = resources.files("sim") / "data" / "age_profile.csv"
    with path.open() as handle:
        table = pd.read_csv(handle)
    values, sources = {}, {}
    for measure, rows in table.groupby("measure", sort=False):
        rows = rows.set_index("band").loc[list(BANDS)]
        values[measure] = rows["value"].to_numpy(dtype=np.float64)
        sources[measure] = rows["source"].tolist()
    return AgeProfile(values, sources)


BAND_OF_WHOLE_YEAR = np.searchsorted(BAND_LOWER_AGES, np.arange(int(OLDEST_AGE) + 1),
                                      side="right") - 1


def band_of(age: np.ndarray) -> np.ndarray:
    """Band index (0-7) of each age in years (a table lookup: bands start at whole years)."""
    whole_years = np.minimum(np.asarray(age), OLDEST_AGE).astype(np.intp)
    return BAND_OF_WHOLE_YEAR[whole_years]
