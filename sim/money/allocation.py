"""The PCT's cash allocation per head, year by year.

2008-09 is the base year (``allocation_per_head_2008_09``); 2009-10 and 2010-11 grew by
``allocation_growth_2009_11`` a year (the 2009-11 settlement: two years of 5.5%), later
years by ``allocation_growth_from_2011``. Years before 2008-09 are back-cast at the
2009-11 rate (an assumption).

An era with an allocation of its own (``sim.eras.AllocationBase``: the 1990s) replaces
this anchor: its base year's pounds per head, grown at its own cash rate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.eras import AllocationBase
    from sim.world_parameters import WorldParameters

BASE_YEAR = 2008  # financial year of allocation_per_head_2008_09 (2008-09)
SETTLEMENT_YEARS = 2  # years of the 2009-11 settlement's growth (2009-10, 2010-11)


def allocation_per_head(params: WorldParameters, financial_year: int,
                        era_base: AllocationBase | None = None) -> float:
    """Cash allocation per head in pounds for a financial year (named by its start);
    ``era_base``, when given, is the era's own allocation (see the module docstring)."""
    if era_base is not None:
        return era_base.per_head_in(financial_year)
    early = min(financial_year, BASE_YEAR + SETTLEMENT_YEARS) - BASE_YEAR
    late = max(financial_year - (BASE_YEAR + SETTLEMENT_YEARS), 0)
    return (params.allocation_per_head_2008_09 * (1 + params.allocation_growth_2009_11) ** early
            * (1 + params.allocation_growth_from_2011) ** late)
