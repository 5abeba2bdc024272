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

# Each public name and the module that defines it, imported when the name is first read.
_LAZY = {
    "COMPARISON_FILES": "sim.compare.comparison",
    "DEFAULT_REPLICATES": "sim.compare.defaults", "MEASURES": "sim.compare.comparison",
    "TABLE_COLUMNS": "sim.compare.comparison",
    "UNCERTAINTY_FILES": "sim.compare.comparison", "Comparison": "sim.compare.comparison",
    "Measure": "sim.compare.comparison", "check_comparable": "sim.compare.comparison",
    "compare_scenarios": "sim.compare.comparison",
    "difference_table": "sim.compare.comparison",
    "replicate_totals": "sim.compare.comparison",
    "stack_timeseries": "sim.compare.comparison",
    "default_out_dir": "sim.compare.files", "write_comparison": "sim.compare.files",
    "format_table": "sim.compare.table",
}

__all__ = ["COMPARISON_FILES", "DEFAULT_REPLICATES", "MEASURES", "TABLE_COLUMNS",
           "UNCERTAINTY_FILES", "Comparison",
           "Measure", "check_comparable", "compare_scenarios", "default_out_dir",
           "difference_table", "format_table", "replicate_totals", "stack_timeseries",
           "write_comparison"]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
