"""Writing a run's outputs: all or nothing (``sim.runs.atomic``), after checking early that
the destination can be written at all (an output folder: ``sim.runs.out_folder``).
"""

from __future__ import annotations

import json
import stat
import tempfile
from pathlib import Path

import pandas as pd

from sim.errors import UserError
from sim.results.organisations import write_organisations
from sim.runs.atomic import write_file_atomically, write_folder_atomically
from sim.runs.out_folder import existing_mode, kind_of
from sim.runs.run import RunOutput

OUTPUT_FILES = ("timeseries.parquet", "organisations.parquet", "practices.parquet",
                "manifest.json", "summary.png")


def write_run(output: RunOutput, out_dir: Path) -> Path:
    """Write the outputs of a run (OUTPUT_FILES) to ``out_dir`` (replacing an older run
    there). Matplotlib is loaded here, after the run, not beside the model
    (``healthsim run``'s peak memory: docs/performance.md, Memory)."""
    from sim.viz.summary import plot_summary

    def write(folder: Path) -> None:
        output.timeseries.to_parquet(folder / "timeseries.parquet", index=False)
        write_organisations(output.organisations, folder / "organisations.parquet")
        output.practices.to_parquet(folder / "practices.parquet", index=False)
        plot_summary(output.timeseries, output.scenario, folder / "summary.png")
        (folder / "manifest.json").write_text(json.dumps(output.manifest, indent=2) + "\n")

    return write_folder_atomically(out_dir, write, "run")


def check_file_writable(path: Path) -> None:
    """Fail early if a file cannot be written at ``path``."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"--out {path}: is a folder; give a file name such as calibration.csv.")
    mode = existing_mode(path)
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(f"--out {path}: exists and is {kind_of(mode)}, not a regular file; "
                        "give a file name such as calibration.csv.")
    try:
        path.resolve().parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.resolve().parent, prefix=f".{path.name}."):
            pass
    except OSError as error:
        raise UserError(f"--out {path}: cannot write there ({error.strerror}).") from None


def write_csv_atomically(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV under a temporary name, then rename it into place."""
    write_file_atomically(path, lambda temporary: frame.to_csv(temporary, index=False))
