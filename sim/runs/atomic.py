"""All-or-nothing writing: a file or a folder appears only when it is complete.

Everything is written under a hidden temporary name beside its destination and
renamed into place, so an interrupted write leaves nothing that looks like a result.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_file_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(temporary_path)``, then rename the file into place as ``path``.

    The temporary file is ``.<name>.<random>.tmp`` in the same folder.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_folder_atomically(out_dir: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(temp_folder)``, then swap the folder into place as ``out_dir``.

    An older folder of the same name is replaced only once the new one is complete.
    """
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


def _umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
