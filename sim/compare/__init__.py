"""Comparing scenarios on one simulated economy (``healthsim compare``).

One concept per module: ``comparison`` runs the scenarios with common random numbers
and tabulates paired differences; ``uncertainty`` repeats them over draws of the
uncertain inputs; ``table`` prints them; ``files`` writes the folder.
The intervals are ``sim.stats``; the command line is ``sim.cli.compare``.

Python API::

    from sim.compare import compare_scenarios, write_comparison
    comparison = compare_scenarios([load_scenario(a), load_scenario(b)], replicates=5)
    comparison.table          # totals and differences (also comparison.csv)
    comparison.timeseries     # every scenario's time series with a ``scenario`` column
    write_comparison(comparison, Path("results/my-comparison"))
"""

from __future__ import annotations

from sim.lazy import lazy_names

# Each module and the public names it defines, imported when a name is first read.
_LAZY = {
    "sim.compare.comparison": (
        "COMPARISON_FILES", "Comparison", "MEASURES", "Measure", "TABLE_COLUMNS",
        "UNCERTAINTY_FILES", "check_comparable", "compare_scenarios", "difference_table",
        "replicate_totals", "stack_timeseries",
    ),
    "sim.compare.defaults": ("DEFAULT_REPLICATES",),
    "sim.compare.files": ("default_out_dir", "write_comparison"),
    "sim.compare.table": ("format_table",),
}

__getattr__, __dir__, __all__ = lazy_names(__name__, _LAZY)
