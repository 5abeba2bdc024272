"""A sweep's folder: finished runs, recorded failures and the manifest.

```
DIR/sweep_manifest.json   resolved sweep, design matrix, seeds, versions, timings
DIR/runs/<run_id>.parquet one complete file per finished run (a Parquet dataset)
DIR/failures/<run_id>.json one per run that failed, with the error text
DIR/timings.jsonl         one line per run as the driver learns it finished (its timing,
                          host and code), so a killed sweep loses none it had heard of
DIR/report/               written by ``healthsim sweep-report``
```

A run is finished exactly when its Parquet file exists (workers write it atomically),
so resuming needs no bookkeeping beyond listing ``runs/``: nothing is lost or counted
twice whatever moment the sweep was stopped at.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from sim.errors import UserError
from sim.runs.atomic import write_file_atomically

MANIFEST = "sweep_manifest.json"
TIMINGS_LOG = "timings.jsonl"


class SweepStore:
    """Reading and writing one sweep folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.runs = self.root / "runs"
        self.failures = self.root / "failures"
        self.manifest_path = self.root / MANIFEST
        self.timings_log = self.root / TIMINGS_LOG

    def check(self, fingerprint: str, resume: bool, source: str) -> dict | None:
        """Check, writing nothing, that the folder suits this sweep; return its manifest.

        Without ``resume`` the folder must hold no sweep; with it, the same sweep (its
        fingerprint) or none yet.
        """
        old = self.read_manifest() if self.manifest_path.exists() else None
        if self.root.exists() and not self.root.is_dir():
            raise UserError(f"--out {self.root}: exists and is not a folder.")
        if not resume and (old is not None or self.finished()):
            raise UserError(f"--out {self.root}: already holds a sweep; add --resume to "
                            "finish it, or choose another --out folder.")
        if old is not None and old.get("fingerprint") != fingerprint:
            raise UserError(f"--out {self.root}: holds a different sweep ("
                            f"{old.get('source', '?')}); its runs cannot be mixed with "
                            f"those of {source}. Choose another --out folder.")
        return old

    def create(self) -> None:
        """Create the folder (or tidy an existing one) for runs to be written into."""
        try:
            self.runs.mkdir(parents=True, exist_ok=True)
            self.failures.mkdir(exist_ok=True)
        except OSError as error:
            raise UserError(f"--out {self.root}: cannot write there ({error.strerror}).") \
                from None
        self._remove_partial_files()

    def remove_if_unused(self) -> None:
        """Undo ``create`` when the sweep could not start (no manifest, no runs)."""
        if self.manifest_path.exists():
            return
        for folder in (self.runs, self.failures, self.root):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only empty folders go

    def finished(self) -> set[str]:
        """Run ids whose file is complete."""
        if not self.runs.is_dir():
            return set()
        return {p.stem for p in self.runs.glob("*.parquet") if not p.name.startswith(".")}

    def discard_damaged(self, expected_rows: dict[str, int]) -> set[str]:
        """Check the finished run files of ``expected_rows`` (run id -> rows): a file
        whose Parquet footer cannot be read, or with another number of rows, was
        damaged after it was written (a full disk, a copy cut short) and is removed, so
        the run is done again. Returns the run ids removed."""
        import pyarrow.parquet as pq  # slow to import: only when resuming

        damaged = set()
        for run_id, rows in expected_rows.items():
            path = self.run_file(run_id)
            try:
                intact = pq.read_metadata(path).num_rows == rows
            except (OSError, ValueError):  # ArrowInvalid is a ValueError
                intact = False
            if not intact:
                path.unlink(missing_ok=True)
                damaged.add(run_id)
        return damaged

    def failed(self) -> set[str]:
        """Run ids with a recorded failure."""
        if not self.failures.is_dir():
            return set()
        return {p.stem for p in self.failures.glob("*.json") if not p.name.startswith(".")}

    def run_file(self, run_id: str) -> Path:
        return self.runs / f"{run_id}.parquet"

    def record_failure(self, run_id: str, record: dict) -> None:
        write_json_atomically(self.failures / f"{run_id}.json", record)

    def clear_failure(self, run_id: str) -> None:
        (self.failures / f"{run_id}.json").unlink(missing_ok=True)

    def record_timing(self, run_id: str, timing: dict) -> None:
        """Append a finished run's timing to the log at once (read by ``read_timings``
        when the manifest is finished, in this session or a resumed one)."""
        line = json.dumps({"run_id": run_id, **timing}, default=str) + "\n"
        with self.timings_log.open("a") as log:
            log.write(line)
            log.flush()

    def read_timings(self) -> dict[str, dict]:
        """Every run's logged timing by run id (a line cut short by a kill is skipped)."""
        timings = {}
        if not self.timings_log.is_file():
            return timings
        for line in self.timings_log.read_text().splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            timings[record.pop("run_id")] = record
        return timings

    def read_manifest(self) -> dict:
        try:
            return json.loads(self.manifest_path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise UserError(f"{self.manifest_path}: cannot be read as a sweep manifest "
                            f"({error}).") from None

    def write_manifest(self, manifest: dict) -> None:
        write_json_atomically(self.manifest_path, manifest)

    def _remove_partial_files(self) -> None:
        """Temporary files of runs interrupted mid-write (never counted as finished)."""
        for partial in self.runs.glob(".*.tmp"):
            partial.unlink(missing_ok=True)


def write_json_atomically(path: Path, data: dict) -> None:
    """Write JSON under a temporary name, then rename it into place."""
    text = json.dumps(data, indent=1, default=str) + "\n"
    write_file_atomically(path, lambda temporary: temporary.write_text(text))
