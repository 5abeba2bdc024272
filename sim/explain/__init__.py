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

from __future__ import annotations

from sim.lazy import lazy_names

# Each public name and the module that defines it, imported when the name is first read.
_LAZY = {
    "DEFAULT_REPLICATES": "sim.explain.defaults",
    "FULL_FACTORIAL_LIMIT": "sim.explain.defaults",
    "Decomposition": "sim.explain.decomposition", "Plan": "sim.explain.decomposition",
    "decompose": "sim.explain.decomposition",
    "plan_decomposition": "sim.explain.decomposition",
    "MEASURE_KEYS": "sim.explain.measures", "MEASURES": "sim.explain.measures",
    "Measure": "sim.explain.measures",
    "format_table": "sim.explain.report", "write_explain": "sim.explain.report",
    "plot_waterfall": "sim.explain.waterfall",
}

__all__ = ["DEFAULT_REPLICATES", "FULL_FACTORIAL_LIMIT", "MEASURES", "MEASURE_KEYS",
           "Decomposition", "Measure", "Plan", "decompose", "format_table",
           "plan_decomposition", "plot_waterfall", "write_explain"]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
