"""Case-mix prices: what one hospital spell costs, by age, frailty and chance.

Hospitals are paid a tariff per spell that depends on its healthcare resource group
(HRG), and spells range from a short stay to weeks in critical care. With one average
price per admission a budget holder's spend would be little more than the count of its
admissions, and nobody would cost much more than a few admissions' worth. So each
emergency or elective spell is priced as

    line tariff x age relative (data/case_mix.csv) x complexity
    x a lognormal draw with mean 1 (sd ``*_price_sd``) / a normaliser,

where the elective tariff is the day-case or the ordinary-admission price (a day case
drawn with ``day_case_share``). The person's **complexity** is their frailty to the
power ``price_frailty_elasticity`` times ``price_ltc_ratio`` per long-term condition:
frail people stay longer (Gilbert et al., Lancet 2018, the Hospital Frailty Risk Score)
and multimorbid people's spells fall in the dearer HRGs with complications and
comorbidities, so high costs persist and follow diagnoses, as in England's data (Kelly
et al. 2016; Dixon et al., BMJ 2011). Within an age group and a complexity the HRG and
the length of stay still vary (NHS reference costs).

The **normaliser** is fitted once on the starting population: the mean price of the
first year's expected spells (each weighted by the person's chance of surviving to
mid-year) equals the tariff, so spend per admission keeps its calibration target
(``emergency_admission_cost_gbp``) while the spread between people follows the
cost-concentration targets (``hospital_cost_share_top_1_percent`` and
``..._top_5_percent``: Kelly, Stoye and Vera-Hernandez, Fiscal Studies 2016).
Outpatient and A&E attendances keep one price each.

approximate: the mean price then drifts with the population's complexity (within about
5% over a decade: the frailest die, conditions accumulate), as a real case-mix index
does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from sim.people.age_profile import BANDS

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

SpellLine = Literal["emergency", "elective"]
MAX_PRICED_CONDITIONS = 4  # assumption: beyond four conditions a spell costs no more


@cache
def age_relative_prices() -> dict[str, np.ndarray]:
    """Relative spell price by age band (arrays over BANDS), per line, from the package."""
    with (resources.files("sim") / "data" / "case_mix.csv").open() as handle:
        table = pd.read_csv(handle)
    return {line: rows.set_index("band").loc[list(BANDS), "relative_price"].to_numpy(float)
            for line, rows in table.groupby("line")}


def complexity(log_frailty: np.ndarray, ltc: np.ndarray, params: WorldParameters) -> np.ndarray:
    """How much dearer a person's spells are for their frailty and conditions:
    frailty ** ``price_frailty_elasticity`` x ``price_ltc_ratio`` ** conditions (up to
    ``MAX_PRICED_CONDITIONS``)."""
    conditions = np.minimum(ltc, MAX_PRICED_CONDITIONS)
    return np.exp(params.price_frailty_elasticity * log_frailty
                  + np.log(params.price_ltc_ratio) * conditions)


@dataclass(frozen=True)
class CaseMix:
    """The normalisers that make the starting year's mean spell price the tariff."""

    emergency_scale: float
    elective_scale: float

    @classmethod
    def fit(cls, band: np.ndarray, person_complexity: np.ndarray, emergency_rate: np.ndarray,
            elective_rate: np.ndarray) -> CaseMix:
        """Fit on the starting population (one row per person: age band, ``complexity``
        and expected spells)."""

        def scale(line: SpellLine, rate: np.ndarray) -> float:
            weight = float(rate.sum())
            if weight <= 0:
                return 1.0
            # numpy's sum, not a dot product: BLAS splits a long dot product between its
            # threads, so its last bits would depend on the machine's number of cores
            priced = rate * (age_relative_prices()[line][band] * person_complexity)
            return weight / float(priced.sum())

        return cls(scale("emergency", emergency_rate), scale("elective", elective_rate))

    def person_price(self, line: SpellLine, band: np.ndarray,
                     person_complexity: np.ndarray) -> np.ndarray:
        """Each person's expected spell price as a share of the tariff (mean 1 at the
        start)."""
        scale = self.emergency_scale if line == "emergency" else self.elective_scale
        return scale * age_relative_prices()[line][band] * person_complexity

    def band_prices(self, line: SpellLine) -> np.ndarray:
        """``person_price`` of a person of complexity 1 in each age band (an array over
        BANDS): the same products, for the compiled pass that multiplies in the
        complexity (``sim.people.kernels.expected_sums``)."""
        scale = self.emergency_scale if line == "emergency" else self.elective_scale
        return scale * age_relative_prices()[line]

    def emergency_prices(self, band: np.ndarray, person_complexity: np.ndarray,
                         params: WorldParameters, rng: np.random.Generator) -> np.ndarray:
        """Pounds for each emergency spell (arguments: one entry per spell)."""
        return (params.tariff_emergency
                * self.person_price("emergency", band, person_complexity)
                * _mean_one_lognormal(params.emergency_price_sd, len(band), rng))

    def elective_prices(self, band: np.ndarray, person_complexity: np.ndarray,
                        params: WorldParameters,
                        rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Pounds for each elective spell, and which of them are day cases."""
        day_case = rng.random(len(band)) < params.day_case_share
        tariff = np.where(day_case, params.tariff_day_case, params.tariff_elective_inpatient)
        prices = (tariff * self.person_price("elective", band, person_complexity)
                  * _mean_one_lognormal(params.elective_price_sd, len(band), rng))
        return prices, day_case


def _mean_one_lognormal(sd: float, count: int, rng: np.random.Generator) -> np.ndarray:
    """Lognormal draws with mean 1 and log-scale sd ``sd``."""
    return rng.lognormal(-0.5 * sd * sd, sd, count)
