"""``healthsim sweep-report DIR``: CSV tables, PNG plots and a markdown summary.

Written to ``DIR/report/`` all at once (a temporary folder renamed into place), from
the runs finished so far: a report of an unfinished sweep says what is missing rather
than failing, so a long sweep can be looked at while it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.errors import UserError
from sim.runs.atomic import write_folder_atomically
from sim.sweep import analysis, plots
from sim.sweep.analysis import HEADLINE_SERIES, OUTCOMES
from sim.sweep.store import MANIFEST, SweepStore
from sim.sweep.summary import summary_markdown
from sim.sweep.tables import Tables

COLUMNS = ["run_id", *analysis.KEYS, "replicate", "date", *HEADLINE_SERIES,
           *[c for c in OUTCOMES.values() if c not in HEADLINE_SERIES]]


@dataclass
class Report:
    folder: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def write_report(sweep_dir: Path) -> Report:
    """Compute the report of the sweep in ``sweep_dir`` and write ``sweep_dir/report/``."""
    tables = compute_tables(Path(sweep_dir))
    report = Report(Path(sweep_dir).resolve() / "report", notes=tables.notes)

    def write(folder: Path) -> None:
        for name, frame in (("bands.csv", tables.bands), ("outcomes.csv", tables.outcomes),
                            ("differences.csv", tables.differences),
                            ("sensitivity.csv", tables.indices)):
            frame.to_csv(folder / name, index=False)
        plots.plot_bands(tables.bands, folder / "bands.png")
        if len(tables.differences):
            plots.plot_differences(tables.differences, folder / "differences.png")
        if len(tables.indices):
            plots.plot_sensitivity(tables.indices, folder / "sensitivity.png")
        (folder / "summary.md").write_text(summary_markdown(tables))

    write_folder_atomically(report.folder, write, "sweep-report")
    report.files = sorted(report.folder.iterdir())
    return report


def compute_tables(sweep_dir: Path) -> Tables:
    """Read a sweep folder and compute every table of its report."""
    store = SweepStore(sweep_dir)
    if not store.manifest_path.is_file():
        raise UserError(f"{sweep_dir}: not a sweep folder (no {MANIFEST}); give the --out "
                        "folder of a healthsim sweep.")
    manifest = store.read_manifest()
    if not store.finished():
        raise UserError(f"{sweep_dir}: no run has finished yet (runs/ is empty); run or "
                        "resume the sweep first.")
    runs = pd.read_parquet(store.runs, columns=COLUMNS)
    points = pd.DataFrame([{"point": p["point"], "arm": p["arm"], "row": p["row"],
                            **p["values"]} for p in manifest["design"]["points"]])
    outcomes = analysis.run_outcomes(runs)
    pairs = analysis.comparisons(points, manifest["design"]["method"])
    differences = analysis.paired_differences(outcomes, pairs)
    indices, notes = analysis.sensitivity(analysis.point_means(outcomes, points), manifest)
    expected, failed = manifest["runs"]["total"], store.failed() - store.finished()
    missing = expected - len(store.finished())
    if missing:
        notes.insert(0, f"{missing} of {expected} runs are not finished ({len(failed)} "
                     "recorded as failed); tables use the runs that are")
    if not len(pairs):
        notes.append("no paired differences: one arm and a sampled design (differences "
                     "compare arms, and the levels of a factorial design)")
    return Tables(manifest, points, analysis.quantile_bands(runs), outcomes, differences,
                  indices, notes)
