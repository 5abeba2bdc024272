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

from sim.compare.comparison import (
    COMPARISON_FILES,
    DEFAULT_REPLICATES,
    MEASURES,
    TABLE_COLUMNS,
    UNCERTAINTY_FILES,
    Comparison,
    Measure,
    check_comparable,
    compare_scenarios,
    difference_table,
    replicate_totals,
    stack_timeseries,
)
from sim.compare.files import default_out_dir, write_comparison
from sim.compare.table import format_table

__all__ = ["COMPARISON_FILES", "DEFAULT_REPLICATES", "MEASURES", "TABLE_COLUMNS",
           "UNCERTAINTY_FILES", "Comparison",
           "Measure", "check_comparable", "compare_scenarios", "default_out_dir",
           "difference_table", "format_table", "replicate_totals", "stack_timeseries",
           "write_comparison"]
