"""The package version, its dependencies' versions and, when run from a git checkout,
the commit and whether the working tree differs from it (for every manifest)."""

from __future__ import annotations

import re
import subprocess
from importlib import metadata
from pathlib import Path

UNKNOWN = "unknown"  # the version of a package that is not installed (a bare source tree)
GIT_TIMEOUT_S = 5  # seconds: a git that hangs (a network file system) must not hang a run


def package_version() -> str:
    """healthsim's version from the installed package's metadata (pyproject.toml is the
    one place it is written)."""
    try:
        return metadata.version("healthsim")
    except metadata.PackageNotFoundError:
        return UNKNOWN


def dependency_versions() -> dict[str, str]:
    """The installed version of every package healthsim declares (its core dependencies,
    not the dev or docs extras), by name: what a reader needs to reproduce an output."""
    try:
        requirements = metadata.requires("healthsim") or []
    except metadata.PackageNotFoundError:
        return {}
    versions = {}
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = UNKNOWN
    return dict(sorted(versions.items()))


def git_commit() -> str | None:
    """The commit of the checkout the package runs from, or None outside git."""
    result = _git("rev-parse", "HEAD")
    return result or None


def git_dirty() -> bool | None:
    """Whether tracked files of the checkout differ from its commit (None outside git):
    a result from a dirty tree cannot be reproduced from the commit alone."""
    if git_commit() is None:
        return None
    result = _git("status", "--porcelain", "--untracked-files=no")
    return None if result is None else result != ""


def _git(*args: str) -> str | None:
    """``git ARGS`` in the package's folder: its output, or None if git failed."""
    here = Path(__file__).resolve().parent
    try:
        result = subprocess.run(["git", *args], cwd=here, capture_output=True, text=True,
                                timeout=GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None
