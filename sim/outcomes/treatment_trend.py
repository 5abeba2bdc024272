"""Treatment getting better over the decade, whoever commissions it.

Deaths that healthcare can prevent fell steadily in England through the 2000s (new
drugs, stenting, stroke units, cancer treatment), whatever the commissioning
arrangements. The model carries that as one exogenous trend: the death rates care acts
on -- after an acute event (``sim.outcomes.acute_events``) and from a cancer
(``sim.outcomes.cancer_pathway``) -- fall by ``treatment_improvement_per_year`` a year
from the first simulated month. Community deaths (the Gompertz curve) do not fall:
an approximation that leaves the model's overall mortality flat at each age.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters

MONTHS_PER_YEAR = 12.0


def treatment_factor(params: WorldParameters, month: int) -> float:
    """Multiplier on amenable death rates in simulated month ``month`` (1 at month 0)."""
    return (1.0 - params.treatment_improvement_per_year) ** (month / MONTHS_PER_YEAR)
