"""Eras: a scenario's start date selects the settings of its day -- rates, prices or
contracts, and the rules of commissioning -- each with its source (``sim/data/eras.csv``).

``era_for_start`` picks the era; a start outside every era is refused when the scenario
is validated. What the eras set, and how to add one: docs/eras.md.

(The run-time rules of the 1990s, ``sim.eras.fundholding`` and ``sim.eras.contracts``,
are imported where they act, not here, so that reading an era needs no agents.)
"""

from sim.eras.catalogue import era_for_start, era_named, eras, eras_text
from sim.eras.settings import AllocationBase, Era, FundholdingScheme, ListSizeThreshold

__all__ = ["AllocationBase", "Era", "FundholdingScheme", "ListSizeThreshold",
           "era_for_start", "era_named", "eras", "eras_text"]
