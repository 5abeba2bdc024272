"""Reading the project's TOML input files (scenarios, sweeps) with clear errors.

A file is checked before it is opened: it must be a regular file (a FIFO would hang the
read, a device such as /dev/zero never ends) of at most ``MAX_INPUT_BYTES``; a loop of
symbolic links, or tables nested too deep for the parser, is a clear error too.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
import tomllib
from pathlib import Path

from sim.errors import UserError

MAX_INPUT_BYTES = 1_000_000
"""assumption: the largest scenario or sweep file is a few kilobytes; a megabyte leaves
room for long descriptions and timelines while refusing anything that is not an input."""


def read_toml(path: str | Path, kind: str, error: type[UserError]) -> dict:
    """The parsed file, or ``error`` saying in one sentence why it cannot be read.

    Args:
        path: the file.
        kind: what the file should be, for messages ("scenario", "sweep").
        error: the UserError subclass to raise.
    """
    path = Path(path)
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            raise error(f"{path}: is a folder, not a {kind} file.")
        if not stat.S_ISREG(status.st_mode):
            raise error(f"{path}: is not a regular file (a device, a FIFO or a socket); give "
                        f"a {kind} file.")
        if status.st_size > MAX_INPUT_BYTES:
            raise error(f"{path}: is {status.st_size:,} bytes; a {kind} file is at most "
                        f"{MAX_INPUT_BYTES:,}.")
        with path.open("rb") as handle:
            text = handle.read(MAX_INPUT_BYTES + 1).decode("utf-8")
        return tomllib.loads(text)
    except FileNotFoundError:
        raise error(f"{path}: no such {kind} file.{nearby_files(path)}") from None
    except PermissionError:
        raise error(f"{path}: cannot be read (permission denied).") from None
    except UnicodeDecodeError:
        raise error(f"{path}: is not a UTF-8 text file.") from None
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{path}: is not valid TOML ({problem}).") from None
    except RecursionError:
        raise error(f"{path}: nests tables or arrays too deeply to be a {kind} file.") from None
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            raise error(f"{path}: is a loop of symbolic links.") from None
        raise error(f"{path}: cannot be read ({problem.strerror}).") from None


SUGGESTED_FOLDERS = ("scenarios", "sweeps")  # where the project keeps its input files
MAX_SUGGESTIONS = 3


def nearby_files(path: Path) -> str:
    """" Did you mean ...?" for a missing input file: the same name with ``.toml``, in the
    project's folders of inputs, or a close spelling beside it ("" if none)."""
    stem = path.name.removesuffix(".toml")
    candidates = [folder / f"{stem}.toml" for folder in (path.parent, *map(
        Path, SUGGESTED_FOLDERS))]
    found = [str(c) for c in dict.fromkeys(candidates) if c != path and c.is_file()]
    if not found:
        for folder in dict.fromkeys((path.parent, *map(Path, SUGGESTED_FOLDERS))):
            names = [p.name for p in folder.glob("*.toml")] if folder.is_dir() else []
            found += [str(folder / name) for name in
                      difflib.get_close_matches(f"{stem}.toml", names, n=MAX_SUGGESTIONS)]
    found = found[:MAX_SUGGESTIONS]
    return f" Did you mean {' or '.join(found)}?" if found else ""
