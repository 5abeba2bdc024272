"""All-or-nothing writing: a file or a folder appears only when it is complete.

Everything is written under a hidden temporary name beside its destination and
renamed into place, so an interrupted write leaves nothing that looks like a result.
A folder replaces an earlier one in a single step where the system allows (Linux's
``renameat2`` with ``RENAME_EXCHANGE``: the old and the new folder swap names), so the
destination is never missing, even if the process is killed mid-swap; elsewhere two
renames, and a kill between them (the only moment the folder is missing) leaves the
earlier result retired beside it, which the next writer puts back before anything
else. Writers of one folder take turns (``sim.runs.out_folder.claim``), and the hidden
folders a killed writer left are cleared by the next. Results are readable by others,
as any file the user makes (``0666``/``0777`` less the umask), not private as
temporary files are.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sim.errors import MachineError, UserError
from sim.runs.out_folder import check_out_folder, claim

AT_FDCWD = -100  # <fcntl.h>: paths relative to the current folder
RENAME_EXCHANGE = 2  # <linux/fs.h>: swap the two paths
CANNOT_EXCHANGE = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP)  # kernel or file system


def write_file_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(temporary_path)``, then rename the file into place as ``path``.

    The temporary file is ``.<name>.<random>.tmp`` in the same folder. An existing
    ``path`` that is not a regular file (a folder, a device, a FIFO) is refused.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise UserError(f"{path}: exists and is not a regular file; give a file name.")
    handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise MachineError(f"could not write {path} ({error.strerror or error}); "
                                     "nothing was changed.") from error
        raise
    return path


def write_folder_atomically(out_dir: Path, write: Callable[[Path], None],
                            command: str) -> Path:
    """Run ``write(temp_folder)``, then swap the folder into place as ``out_dir``.

    ``out_dir`` must be new, empty or an earlier result of ``command``
    (``sim.runs.out_folder``); an earlier result is replaced only once the new one is
    complete. A failure to write (disk full, permissions) raises ``MachineError``
    with ``out_dir`` as it was.
    """
    out_dir = Path(out_dir)
    with claim(out_dir):
        check_out_folder(out_dir, command)  # it may have changed since the command began
        parent = out_dir.resolve().parent
        clear_leftovers(parent, out_dir.name)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out_dir.name}.partial-"))
        try:
            write(staging)
            staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; results are not
            _swap_into_place(staging, out_dir)
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(error, OSError):
                raise MachineError(
                    f"could not write {out_dir} ({error.strerror or error}); nothing was "
                    f"changed: {out_dir} still holds its earlier contents, if any.") from error
            raise
    return out_dir


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Put the finished ``staging`` folder at ``out_dir``; remove what was there."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
    elif exchange(staging, out_dir):  # one step: the earlier result is now at staging
        shutil.rmtree(staging, ignore_errors=True)
    else:
        retired = Path(tempfile.mkdtemp(dir=staging.parent, prefix=f".{out_dir.name}.old-"))
        os.replace(out_dir, retired / "previous")
        os.replace(staging, out_dir)
        shutil.rmtree(retired, ignore_errors=True)


def exchange(new: Path, old: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where
    the system cannot (another OS, an old kernel, a file system without it)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint)
    if renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(old), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(old))


def clear_leftovers(parent: Path, name: str) -> None:
    """Tidy what an interrupted writer of ``name`` left in ``parent`` (safe only while
    holding the folder's claim: no live writer has any): a swap by two renames cut
    between them leaves ``name`` missing and the earlier result retired, which is put
    back; staging folders and other retired folders are removed."""
    escaped, target = glob.escape(name), parent / name
    for retired in parent.glob(f".{escaped}.old-*"):
        previous = retired / "previous"
        if previous.is_dir() and not target.exists():
            os.rename(previous, target)
        shutil.rmtree(retired, ignore_errors=True)
    for staging in parent.glob(f".{escaped}.partial-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
