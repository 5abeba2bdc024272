"""A comparison's folder: every run in ``DIR/<name>/`` beside the comparison's own files,
written all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sim.compare.comparison import Comparison

if TYPE_CHECKING:
    import pandas as pd


MAX_FOLDER_NAME = 60  # longer default folder names are shortened


def default_out_dir(names: Sequence[str]) -> Path:
    """``results/compare-a-vs-b``; shortened when long; ``results/comparison`` if need be."""
    for folder in (f"compare-{'-vs-'.join(names)}",
                   f"compare-{names[0]}-vs-{len(names) - 1}-others"):
        if len(folder) <= MAX_FOLDER_NAME:
            return Path("results") / folder
    return Path("results") / "comparison"


def write_comparison(comparison: Comparison, out_dir: Path,
                     decomposition: pd.DataFrame | None = None) -> Path:
    """Write every run (``DIR/<name>/``) and the comparison files, all or nothing.

    When a scenario follows a migration path, ``migration_report.md`` and its figures
    are written too (with ``decomposition``, if given: ``sim.reports.migration``).
    """
    # imported here: the report and the figures load matplotlib, slow to import
    from sim.reports.migration import is_migration_comparison, write_migration_report
    from sim.runs.atomic import write_folder_atomically
    from sim.runs.files import write_run
    from sim.viz.comparison import plot_comparison

    def write(folder: Path) -> None:
        for name, output in comparison.runs.items():
            write_run(output, folder / name)
        comparison.timeseries.to_parquet(folder / "comparison.parquet", index=False)
        comparison.table.to_csv(folder / "comparison.csv", index=False)
        plot_comparison(comparison.timeseries, comparison.scenarios,
                        folder / "comparison.png")
        if is_migration_comparison(comparison.scenarios):
            write_migration_report(comparison, folder, decomposition)

    return write_folder_atomically(out_dir, write, "compare")
