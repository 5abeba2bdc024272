"""Helpers for the sweep tests: tiny sweep files, file digests, the CLI in a subprocess.

Runs here are tiny (1,500 people, 12 months, a few hundredths of a second each) so
that the tests exercise the machinery, not the model.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

TINY_SCENARIO = """\
name = "tiny"
seed = 5
start = "2010-04"
months = 12

[population]
size = 1500
practices = 3
"""

FACTORIAL = """\
[design]
method = "factorial"

[parameters.emergency_ltc_ratio]
levels = [1.2, 1.5]

[parameters.frailty_sd]
levels = {frailty_levels}
"""


def write_sweep(folder: Path, *, replicates: int = 2, frailty_levels: str = "[0.3, 0.7]",
                arms: str = "", body: str | None = None, name: str = "tiny-sweep") -> Path:
    """Write ``tiny.toml`` and a factorial sweep over it (or ``body``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.toml").write_text(TINY_SCENARIO)
    arms = arms or '[[arms]]\nscenario = "tiny.toml"\n'
    design = body if body is not None else FACTORIAL.format(frailty_levels=frailty_levels)
    text = f'name = "{name}"\nseed = 3\nreplicates = {replicates}\n\n{arms}\n{design}'
    path = folder / "sweep.toml"
    path.write_text(text)
    return path


def digests(runs_dir: Path) -> dict[str, str]:
    """SHA-256 of every finished run file, by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(runs_dir).glob("*.parquet"))}


def healthsim_command(*args) -> list[str]:
    return [sys.executable, "-m", "sim", *map(str, args)]


def run_healthsim(*args, env: dict | None = None,
                  timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``healthsim`` in a fresh process (its workers inherit ``env``)."""
    return subprocess.run(healthsim_command(*args), capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})
