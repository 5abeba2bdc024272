"""A comparison's folder: every run in ``DIR/<name>/`` beside the comparison's own files,
written all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sim.compare.comparison import UNCERTAINTY_FILES, Comparison

if TYPE_CHECKING:
    from sim.compare.uncertainty import Uncertainty


MAX_FOLDER_NAME = 60  # longer default folder names are shortened


def default_out_dir(names: Sequence[str]) -> Path:
    """``results/compare-a-vs-b``; shortened when long; ``results/comparison`` if need be."""
    for folder in (f"compare-{'-vs-'.join(names)}",
                   f"compare-{names[0]}-vs-{len(names) - 1}-others"):
        if len(folder) <= MAX_FOLDER_NAME:
            return Path("results") / folder
    return Path("results") / "comparison"


def write_comparison(comparison: Comparison, out_dir: Path,
                     uncertainty: Uncertainty | None = None) -> Path:
    """Write every run (``DIR/<name>/``) and the comparison files, all or nothing.

    With ``uncertainty`` (the draws of ``sim.compare.uncertainty``) also
    ``uncertainty.csv`` and the draws' decision report in ``uncertainty/``. When a
    scenario follows a migration path, ``migration_report.md`` and its figures are
    written too (``sim.reports.migration``), with the draws' headlines if given.
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
        if uncertainty is not None:
            write_uncertainty(uncertainty, folder)
        if is_migration_comparison(comparison.scenarios):
            write_migration_report(comparison, folder, uncertainty)

    return write_folder_atomically(out_dir, write, "compare")


def write_uncertainty(uncertainty: Uncertainty, folder: Path) -> None:
    """``uncertainty.csv`` and ``uncertainty/`` (the draws' decision report)."""
    table, report_folder = UNCERTAINTY_FILES
    uncertainty.table.to_csv(folder / table, index=False)
    report = folder / report_folder
    report.mkdir()
    for name, content in uncertainty.report.items():
        (report / name).write_bytes(content)
