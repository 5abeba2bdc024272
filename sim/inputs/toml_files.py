"""Reading the project's TOML input files (scenarios, sweeps) with clear errors.

A file is checked before it is opened: it must be a regular file (a FIFO would hang the
read, a device such as /dev/zero never ends) of at most ``MAX_INPUT_BYTES``; a loop of
symbolic links, or tables nested too deep for the parser, is a clear error too.
"""

from __future__ import annotations

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
        raise error(f"{path}: no such {kind} file.") from None
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
