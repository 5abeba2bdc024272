"""Reading the project's TOML input files (scenarios, sweeps) with clear errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sim.errors import UserError


def read_toml(path: str | Path, kind: str, error: type[UserError]) -> dict:
    """The parsed file, or ``error`` saying in one sentence why it cannot be read.

    Args:
        path: the file.
        kind: what the file should be, for messages ("scenario", "sweep").
        error: the UserError subclass to raise.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(f"{path}: no such {kind} file.") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {kind} file.") from None
    except PermissionError:
        raise error(f"{path}: cannot be read (permission denied).") from None
    except UnicodeDecodeError:
        raise error(f"{path}: is not a UTF-8 text file.") from None
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{path}: is not valid TOML ({problem}).") from None
