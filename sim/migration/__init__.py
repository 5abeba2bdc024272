"""Migration paths: how an economy moves from PBC to partnerships or consortia.

Timeline events (``events``), the four LCP stages (``stages``), what change costs
(``transition``), the big-bang bid round (``bids``), slow-burn pilots (``pilots``),
whole-economy reforms (``reforms``), named paths (``paths``) and the report comparing
them (``report``).
"""

from sim.migration.paths import PATHS

__all__ = ["PATHS"]
