"""Where a command may write its results: ``--out`` is checked before any work, and a
folder is claimed while it is written.

Why: healthsim replaces its output folder whole (all or nothing, ``sim.runs.atomic``),
so a folder may be replaced only if it is new, empty, or an earlier result of the same
command. Anything else -- a folder of the user's own files, the current folder or one
above it, a file, a device, a FIFO -- is refused with a clear message before the
simulation starts, and nothing is touched. An earlier result is recognised by the files
that command writes (``SIGNATURES``: a run's manifest and time series, a comparison's
tables, ...).

While a folder is being written the writer holds a lock (``claim``): a second command
writing the same folder at the same time is refused at once (not after its simulation).
The lock is an empty hidden file beside the folder, ``.<name>.lock``, removed when the
writer is done (one a killed writer left is taken over by the next).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.errors import UserError

SIGNATURES: dict[str, tuple[str, ...]] = {
    "run": ("manifest.json", "timeseries.parquet"),
    "compare": ("comparison.parquet", "comparison.csv"),
    "explain": ("explain.csv", "manifest.json"),
    "risk": ("risk_by_size.csv", "manifest.json"),
    "sweep-report": ("bands.csv", "summary.md"),
}
"""The files an earlier result of each command holds."""
SHOWN_ENTRIES = 3  # entries named in the message about a folder that is not a result
_HELD: dict[Path, int] = {}  # locks this process holds: folder -> file descriptor


def check_out_folder(out_dir: Path, command: str) -> None:
    """Refuse (``UserError``) an ``--out`` folder that ``command`` must not replace, or
    cannot write; returns quietly for a new path, an empty folder or an earlier result
    of the same command."""
    out_dir = Path(out_dir)
    _refuse_special_paths(out_dir)
    mode = existing_mode(out_dir)
    if mode is not None and not stat.S_ISDIR(mode):
        raise UserError(f"--out {out_dir}: exists and is {kind_of(mode)}, not a folder; "
                        "give a new folder name.")
    if mode is not None and not is_replaceable(out_dir, command):
        sample = ", ".join(sorted(os.listdir(out_dir))[:SHOWN_ENTRIES])
        raise UserError(
            f"--out {out_dir}: the folder holds files that are not an earlier "
            f"'healthsim {command}' result ({sample}, ...); healthsim replaces its output "
            "folder whole, so give a new or empty folder.")
    _check_parent_writable(out_dir)


@contextmanager
def out_folder_for(out_dir: Path, command: str) -> Iterator[None]:
    """For a whole command: check ``--out`` before any work, then hold the folder's claim
    until its results are written (a second writer is refused at once)."""
    check_out_folder(out_dir, command)
    with claim(out_dir):
        yield


def is_replaceable(folder: Path, command: str) -> bool:
    """Whether an existing folder may be replaced by ``command``'s result: it is empty
    or holds the files of an earlier result of ``command``."""
    if not os.listdir(folder):
        return True
    return all((folder / name).is_file() for name in SIGNATURES[command])


@contextmanager
def claim(out_dir: Path) -> Iterator[None]:
    """Hold the writer's lock on ``out_dir`` (re-entrant within this process); refuse
    (``UserError``) if another process holds it."""
    key = Path(out_dir).resolve()
    if key in _HELD:
        yield
        return
    lock = key.parent / f".{key.name}.lock"
    descriptor = _lock(lock, out_dir)
    _HELD[key] = descriptor
    try:
        yield
    finally:
        del _HELD[key]
        lock.unlink(missing_ok=True)  # before unlocking: a waiter then finds no file
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def _lock(lock: Path, out_dir: Path) -> int:
    """Open and lock ``lock``; the file locked must still be the one at that path (a
    writer finishing removes it, and a file removed meanwhile locks nothing)."""
    while True:
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise UserError(f"--out {out_dir}: cannot write there ({error.strerror}); "
                            "choose a folder you can write to.") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise UserError(f"--out {out_dir}: another healthsim command is writing this "
                            "folder now; wait for it to finish or choose another "
                            "--out.") from None
        try:
            if os.stat(lock).st_ino == os.fstat(descriptor).st_ino:
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)  # removed by a writer that just finished: try again


def _refuse_special_paths(out_dir: Path) -> None:
    """The current folder, one above it, the root or the home folder: never replaced."""
    if str(out_dir).strip() == "" or out_dir.name in ("", ".", ".."):
        raise UserError(f"--out {str(out_dir)!r}: names the current folder or one above it, "
                        "which healthsim would replace whole; give a new folder name.")
    try:
        resolved = out_dir.resolve()
    except (OSError, RuntimeError) as error:
        raise UserError(f"--out {out_dir}: cannot be resolved ({error}); "
                        "give another folder name.") from None
    cwd = Path.cwd().resolve()
    if (resolved == cwd or resolved in cwd.parents or resolved == Path(resolved.anchor)
            or resolved == Path.home().resolve()):
        raise UserError(f"--out {out_dir}: is the current folder, one above it, the root or "
                        "the home folder, which healthsim would replace whole; give a new "
                        "folder name.")


def existing_mode(path: Path) -> int | None:
    """``st_mode`` of ``path`` (links followed), or None if it does not exist."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UserError(f"--out {path}: is a loop of symbolic links; give another "
                            "folder name.") from None
        raise UserError(f"--out {path}: cannot be read ({error.strerror}).") from None


def kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISREG, "a file"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular folder"


def _check_parent_writable(out_dir: Path) -> None:
    parent = out_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=parent, prefix=f".{out_dir.name}.check-"):
            pass
    except OSError as error:
        raise UserError(f"--out {out_dir}: cannot write there ({error.strerror}); "
                        "choose a folder you can write to.") from None
