"""Writing a run's outputs: all or nothing.

Files are written into a hidden temporary folder beside the destination, which is
renamed into place only when every file is complete; an interrupted run leaves no
folder that looks like results.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sim.errors import UserError
from sim.run import RunOutput
from sim.viz.summary import plot_summary

OUTPUT_FILES = ("timeseries.parquet", "organisations.parquet", "manifest.json", "summary.png")


def check_writable(out_dir: Path) -> None:
    """Fail early (before any simulation) if ``out_dir`` cannot be created or written."""
    parent = out_dir.resolve().parent
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"--out {out_dir}: exists and is not a folder; choose another path.")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=parent, prefix=f".{out_dir.name}.check-"):
            pass
    except OSError as error:
        raise UserError(f"--out {out_dir}: cannot write there ({error.strerror}); "
                        "choose a folder you can write to.") from None


def write_run(output: RunOutput, out_dir: Path) -> Path:
    """Write the four outputs of a run to ``out_dir`` (replacing an older run there)."""
    def write(folder: Path) -> None:
        output.timeseries.to_parquet(folder / "timeseries.parquet", index=False)
        output.organisations.to_parquet(folder / "organisations.parquet", index=False)
        plot_summary(output.timeseries, output.scenario, folder / "summary.png")
        (folder / "manifest.json").write_text(json.dumps(output.manifest, indent=2) + "\n")

    return write_folder_atomically(out_dir, write)


def write_folder_atomically(out_dir: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(temp_folder)``, then swap the folder into place as ``out_dir``."""
    out_dir = Path(out_dir)
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out_dir.name}.partial-"))
    try:
        write(staging)
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; results are not
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out_dir.name}.old-"))
            os.replace(out_dir, retired / "previous")
            os.replace(staging, out_dir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def read_timeseries(out_dir: Path) -> pd.DataFrame:
    """Read back a run's time series."""
    return pd.read_parquet(Path(out_dir) / "timeseries.parquet")


def check_file_writable(path: Path) -> None:
    """Fail early if a file cannot be written at ``path``."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"--out {path}: is a folder; give a file name such as calibration.csv.")
    try:
        path.resolve().parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.resolve().parent, prefix=f".{path.name}."):
            pass
    except OSError as error:
        raise UserError(f"--out {path}: cannot write there ({error.strerror}).") from None


def write_csv_atomically(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV under a temporary name, then rename it into place."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        frame.to_csv(temporary, index=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
