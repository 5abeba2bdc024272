"""Why B differs from A: the difference between two scenarios split by mechanism.

A factorial decomposition: both arms are run with every coalition of the mechanisms on
in either file (a full 2^k factorial up to ``FULL_FACTORIAL_LIMIT`` mechanisms, a
resolution V fraction beyond), with common random numbers. Each mechanism gets its exact
(or, beyond the limit, approximate) Shapley value, and base + Shapley values = B - A;
main effects and two-way interactions are reported too. Preconditions (mechanisms the
others need in order to act, such as ``engagement_incentives``) are shown on their own,
never credited. Every number has a 95% interval across replicates.

Python API::

    from sim.explain import decompose, plot_waterfall
    d = decompose(load_scenario("scenarios/pct.toml"), load_scenario("scenarios/lcp.toml"),
                  replicates=5, population=120_000, months=60, workers=2)
    d.base, d.shapley, d.difference, d.interactions, d.precondition_differences
    d.to_frame()
    plot_waterfall(d, "explain.png")

The maths (designs, Shapley values, effects) is in ``sim.explain.factorial``, pure
functions over a table of B - A by coalition. The command line is ``healthsim explain
A.toml B.toml`` (``sim.cli.explain``).
"""

from sim.explain.decomposition import (
    DEFAULT_REPLICATES,
    FULL_FACTORIAL_LIMIT,
    Decomposition,
    Plan,
    decompose,
    plan_decomposition,
)
from sim.explain.measures import MEASURE_KEYS, MEASURES, Measure
from sim.explain.report import format_table, write_explain
from sim.explain.waterfall import plot_waterfall

__all__ = ["DEFAULT_REPLICATES", "FULL_FACTORIAL_LIMIT", "MEASURES", "MEASURE_KEYS",
           "Decomposition", "Measure", "Plan", "decompose", "format_table",
           "plan_decomposition", "plot_waterfall", "write_explain"]
