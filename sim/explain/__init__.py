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

# Each module and the public names it defines, imported when a name is first read.
_LAZY = {
    "sim.explain.defaults": ("DEFAULT_REPLICATES", "FULL_FACTORIAL_LIMIT"),
    "sim.explain.decomposition": ("Decomposition", "Plan", "decompose", "plan_decomposition"),
    "sim.explain.measures": ("MEASURES", "MEASURE_KEYS", "Measure"),
    "sim.explain.report": ("format_table", "write_explain"),
    "sim.explain.waterfall": ("plot_waterfall",),
}

__getattr__, __dir__, __all__ = lazy_names(__name__, _LAZY)
