"""Why B differs from A: the difference between two scenarios split by mechanism.

Python API::

    from sim.explain import decompose, plot_waterfall
    d = decompose(load_scenario("scenarios/pct.toml"), load_scenario("scenarios/lcp.toml"),
                  replicates=2, population=120_000, months=60, workers=2)
    d.contributions, d.residual, d.to_frame()
    plot_waterfall(d, "explain.png")

The command line is ``healthsim explain A.toml B.toml`` (``sim.cli.explain``).
"""

from sim.explain.decomposition import DEFAULT_REPLICATES, Decomposition, decompose
from sim.explain.measures import MEASURE_KEYS, MEASURES, Measure
from sim.explain.report import format_table, write_explain
from sim.explain.waterfall import plot_waterfall

__all__ = ["DEFAULT_REPLICATES", "MEASURES", "MEASURE_KEYS", "Decomposition", "Measure",
           "decompose", "format_table", "plot_waterfall", "write_explain"]
