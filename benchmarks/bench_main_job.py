"""Benchmark: the main job (``make run``) end to end, on every core, as a new user runs it.

Target (issue 17): ``make run`` (the five models and the three migration paths compared
with 10 replicates and 16 draws of the uncertain inputs each, then calibration) under 3
minutes on this 2-core machine. Each of ``make run``'s three commands runs here in turn,
with the Makefile's arguments, writing to a temporary folder (the repository's
``results/`` is left alone), and is timed by the wall clock from start to exit: start-up,
worker pools, simulation, reports and plots included. The command lines are read from
the Makefile, so the benchmark times what ``make run`` runs. Writes
``benchmarks/results/main_job.json``.

    python benchmarks/bench_main_job.py
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "main_job.json"
TARGET = "make run under 3 minutes on 2 cores"


def main_job_commands() -> list[list[str]]:
    """The ``healthsim`` command lines of the Makefile's ``run`` target."""
    makefile = (REPO / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    commands = []
    for line in recipe.splitlines()[1:]:
        line = line.strip()
        if line.startswith("$(VENV)/bin/healthsim"):
            commands.append(shlex.split(re.sub(r"^\$\(VENV\)/bin/healthsim", "", line)))
    return commands


def with_out_folder(command: list[str], folder: Path) -> list[str]:
    """The command with its ``--out`` moved into ``folder``."""
    out = list(command)
    at = out.index("--out")
    out[at + 1] = str(folder / Path(out[at + 1]).name)
    return out


def main() -> None:
    commands = main_job_commands()
    steps = []
    with tempfile.TemporaryDirectory(prefix="healthsim-main-job-") as folder:
        for command in commands:
            argv = [sys.executable, "-m", "sim", *with_out_folder(command, Path(folder)), "-q"]
            start = time.perf_counter()
            done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True,
                                  env={**os.environ}, check=False)
            seconds = time.perf_counter() - start
            if done.returncode not in (0, 1):  # 1: a calibration target missed (reported)
                sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
            steps.append({"command": "healthsim " + " ".join(command), "wall_s": seconds,
                          "exit_code": done.returncode})
            print(f"{seconds:7.1f} s  healthsim {' '.join(command)}", flush=True)
    total = sum(step["wall_s"] for step in steps)
    print(f"{total:7.1f} s  in all ({total / 60:.1f} minutes; target under 3)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"target": TARGET, "cores": os.cpu_count(),
                                   "wall_s": total, "steps": steps}, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
