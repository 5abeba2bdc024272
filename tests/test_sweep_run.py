"""Running sweeps: the same files whatever executes them (one worker, two, Dask); a
failing or dying run is recorded and never silently missing; a killed sweep resumes
with no run lost and none run twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import digests, healthsim_command, run_healthsim, write_sweep

from sim.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, main
from sim.sweep.worker import FAULT_ENV, worker_identity


def sweep(sweep_file: Path, out: Path, *options) -> int:
    return main(["sweep", str(sweep_file), "--out", str(out), "--quiet", *map(str, options)])


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, Path]:
    """A finished tiny sweep (2 x 2 factorial, 2 replicates) run on 2 local workers."""
    folder = tmp_path_factory.mktemp("reference")
    sweep_file = write_sweep(folder)
    assert sweep(sweep_file, folder / "out", "--workers", 2) == EXIT_OK
    return sweep_file, folder / "out"


def test_runs_are_one_complete_parquet_file_each(reference):
    _, out = reference
    assert sorted(digests(out / "runs")) == [f"p{p:05d}-r{r:03d}.parquet"
                                             for p in range(4) for r in range(2)]
    table = pd.read_parquet(out / "runs")  # the folder reads as one dataset
    assert len(table) == 8 * 12
    one = pd.read_parquet(out / "runs" / "p00003-r001.parquet")
    assert set(one["run_id"]) == {"p00003-r001"} and set(one["replicate"]) == {1}
    assert set(one["param_emergency_ltc_ratio"]) == {1.5}
    assert set(one["param_frailty_sd"]) == {0.7}
    assert {"date", "emergency_admissions_per_1000", "spend_total", "qalys"} <= set(one)
    assert not list((out / "failures").iterdir())
    mask = os.umask(0)
    os.umask(mask)
    for path in (out / "runs" / "p00003-r001.parquet", out / "sweep_manifest.json"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask  # as any file the user makes


def test_manifest_records_design_seeds_versions_and_timings(reference):
    _, out = reference
    manifest = json.loads((out / "sweep_manifest.json").read_text())
    assert manifest["design"]["matrix"] == [[1.2, 0.3], [1.2, 0.7], [1.5, 0.3], [1.5, 0.7]]
    assert manifest["seeds"]["root"] == 3 and manifest["arms"][0]["scenario"]["seed"] == 3
    assert manifest["environment"]["SALib"] and manifest["package"]["version"]
    assert len(manifest["timings"]["runs"]) == 8
    assert all(t["seconds"] > 0 for t in manifest["timings"]["runs"].values())
    assert manifest["runs"] == {**manifest["runs"], "total": 8, "finished": 8, "failed": []}
    assert manifest["timings"]["sessions"][0]["executor"]["workers"] == 2


def test_points_share_random_numbers_within_a_replicate(tmp_path):
    """Two arms with the same scenario: replicate r of each is the same run (common
    random numbers: seeds depend on the replicate, never on the point); replicates
    differ."""
    arms = ('[[arms]]\nscenario = "tiny.toml"\nname = "a"\n'
            '[[arms]]\nscenario = "tiny.toml"\nname = "b"\n')
    body = '[design]\nmethod = "factorial"\n[parameters.frailty_sd]\nlevels = [0.5]\n'
    sweep_file = write_sweep(tmp_path / "in", arms=arms, body=body)
    assert sweep(sweep_file, tmp_path / "out") == EXIT_OK
    table = pd.read_parquet(tmp_path / "out" / "runs")
    runs = {run: frame.drop(columns=["run_id", "point", "arm", "row"]).reset_index(drop=True)
            for run, frame in table.groupby("run_id")}
    assert sorted(runs) == ["p00000-r000", "p00000-r001", "p00001-r000", "p00001-r001"]
    pd.testing.assert_frame_equal(runs["p00000-r000"], runs["p00001-r000"])
    pd.testing.assert_frame_equal(runs["p00000-r001"], runs["p00001-r001"])
    assert not runs["p00000-r000"]["emergency_admissions"].equals(
        runs["p00000-r001"]["emergency_admissions"])


def test_one_worker_gives_identical_files(reference, tmp_path):
    sweep_file, out = reference
    assert sweep(sweep_file, tmp_path / "serial", "--workers", 1) == EXIT_OK
    assert digests(tmp_path / "serial" / "runs") == digests(out / "runs")


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_files(reference, tmp_path):
    sweep_file, out = reference
    assert sweep(sweep_file, tmp_path / "dask", "--dask-local", 2) == EXIT_OK
    assert digests(tmp_path / "dask" / "runs") == digests(out / "runs")
    manifest = json.loads((tmp_path / "dask" / "sweep_manifest.json").read_text())
    assert manifest["timings"]["sessions"][0]["executor"]["kind"] == "dask LocalCluster"


def test_finished_sweep_is_not_overwritten_and_resume_reruns_nothing(reference, capsys):
    sweep_file, out = reference
    before = {p: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    assert sweep(sweep_file, out) == EXIT_BAD_INPUT
    assert "already holds a sweep; add --resume" in capsys.readouterr().err
    assert sweep(sweep_file, out, "--resume") == EXIT_OK
    assert {p: p.stat().st_mtime_ns for p in (out / "runs").iterdir()} == before
    manifest = json.loads((out / "sweep_manifest.json").read_text())
    assert manifest["timings"]["sessions"][-1]["runs_finished"] == 0


def test_resume_reruns_damaged_run_files(reference, tmp_path, capsys):
    """A run file cut short (or with the wrong rows) after it was written no longer
    counts as finished: --resume runs it again, and the report reads every file."""
    sweep_file, finished = reference
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    truncated, short = out / "runs" / "p00001-r000.parquet", out / "runs" / "p00002-r001.parquet"
    truncated.write_bytes(truncated.read_bytes()[:200])
    pd.read_parquet(short).head(5).to_parquet(short, index=False)
    assert sweep(sweep_file, out, "--resume") == EXIT_OK
    assert "2 damaged earlier files run again" in capsys.readouterr().out
    assert digests(out / "runs") == digests(finished / "runs")
    assert main(["sweep-report", str(out)]) == EXIT_OK


def test_failing_and_dying_runs_are_recorded_then_resumed(reference, tmp_path):
    """One run raises, one kills its worker process: both are recorded as failed, the
    others finish, exit code 1; --resume then reruns exactly those two."""
    sweep_file, ref_out = reference
    out = tmp_path / "faults"
    fault = "crash:p00001-r000;raise:p00002-r001"
    result = run_healthsim("sweep", sweep_file, "--out", out, "--workers", 2, "--quiet",
                           env={FAULT_ENV: fault})
    assert result.returncode == EXIT_FAILED, result.stderr
    assert "2 failed" in result.stdout
    failures = {p.stem: json.loads(p.read_text()) for p in (out / "failures").glob("*.json")}
    assert sorted(failures) == ["p00001-r000", "p00002-r001"]
    assert "worker process died" in failures["p00001-r000"]["error"]
    assert failures["p00001-r000"]["worker_deaths"] == 2  # tried again, alone, first
    assert "RuntimeError: test fault injected" in failures["p00002-r001"]["error"]
    assert "Traceback" in failures["p00002-r001"]["traceback"]
    expected = digests(ref_out / "runs")
    done = digests(out / "runs")
    assert done == {k: v for k, v in expected.items() if k[:-8] not in failures}

    resumed = run_healthsim("sweep", sweep_file, "--out", out, "--resume", "--quiet")
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert digests(out / "runs") == expected
    assert not list((out / "failures").iterdir())
    manifest = json.loads((out / "sweep_manifest.json").read_text())
    assert [s["runs_finished"] for s in manifest["timings"]["sessions"]] == [6, 2]


def test_unreachable_scheduler_is_bad_input_and_writes_nothing(reference, tmp_path, capsys,
                                                              monkeypatch):
    monkeypatch.setattr("sim.sweep.executors.CONNECT_TIMEOUT", "1s")
    out = tmp_path / "nowhere"
    assert sweep(reference[0], out, "--scheduler", "tcp://127.0.0.1:9") == EXIT_BAD_INPUT
    assert "cannot connect to tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.slow
def test_killed_sweep_resumes_without_losing_or_repeating_runs(tmp_path):
    """Kill -9 the driver midway, resume, and compare with an uninterrupted sweep."""
    sweep_file = write_sweep(tmp_path / "in", replicates=8,
                             frailty_levels="[0.2, 0.4, 0.6]")  # 48 runs
    out = tmp_path / "killed"
    process = subprocess.Popen(healthsim_command("sweep", sweep_file, "--out", out,
                                                 "--workers", 1, "--quiet"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list((out / "runs").glob("*.parquet"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(1.5)  # its orphaned worker notices the driver is gone within a second
    before = digests(out / "runs")
    assert 5 <= len(before) < 48, "the sweep must be stopped midway"

    resumed = run_healthsim("sweep", sweep_file, "--out", out, "--resume", "--quiet",
                            "--workers", 2)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    manifest = json.loads((out / "sweep_manifest.json").read_text())
    assert manifest["timings"]["sessions"][-1]["runs_finished"] == 48 - len(before)
    # the runs the killed driver had heard of keep their timings: only those in flight
    # when it was killed (at most two with one worker: sim.sweep.executors capacity)
    # may have finished unheard
    assert len(manifest["timings"]["runs"]) >= 48 - 2
    after = digests(out / "runs")
    assert {k: after[k] for k in before} == before  # finished runs were not redone

    assert sweep(sweep_file, tmp_path / "whole", "--workers", 2) == EXIT_OK
    assert after == digests(tmp_path / "whole" / "runs")
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_dask_worker_death_is_recorded_not_lost(reference, tmp_path):
    """On Dask, a run that kills its worker is retried by the scheduler and then
    reported as failed (KilledWorker)."""
    sweep_file, ref_out = reference
    out = tmp_path / "dask-faults"
    result = run_healthsim("sweep", sweep_file, "--out", out, "--dask-local", 2, "--quiet",
                           env={FAULT_ENV: "crash:p00000-r001",
                                "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"})
    assert result.returncode == EXIT_FAILED, result.stderr
    failure = json.loads((out / "failures" / "p00000-r001.json").read_text())
    assert "KilledWorker" in failure["error"]
    # A run queued on a worker that died can be charged with its death too (Dask counts
    # it as suspicious), so it may also end as failed: never missing, never different.
    expected = digests(ref_out / "runs")
    finished = digests(out / "runs")
    failed = {path.stem for path in (out / "failures").glob("*.json")}
    assert "p00000-r001.parquet" not in finished
    assert {name: expected[name] for name in finished} == finished
    assert {name.removesuffix(".parquet") for name in expected} == (
        {name.removesuffix(".parquet") for name in finished} | failed)
    for name in failed:
        assert "KilledWorker" in json.loads((out / "failures" / f"{name}.json").read_text())[
            "error"]


@pytest.mark.parametrize("executor", [("--workers", "2"), ("--dask-local", "2")])
def test_a_run_made_by_other_code_is_refused_and_discarded(reference, tmp_path, executor):
    """A worker running another version (or commit) of the package: the sweep stops with
    exit 2 and a clear message, that run's file is discarded, and each run kept records
    the code that made it; --resume without the faulty worker completes the sweep."""
    sweep_file, ref_out = reference
    out = tmp_path / "mixed"
    result = run_healthsim("sweep", sweep_file, "--out", out, *executor, "--quiet",
                           env={FAULT_ENV: "version:p00001-r000"})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert "every worker must run the same code" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "runs" / "p00001-r000.parquet").exists()
    manifest = json.loads((out / "sweep_manifest.json").read_text())
    own = worker_identity()
    for timing in manifest["timings"]["runs"].values():
        assert (timing["version"], timing["git_commit"]) == (own["version"], own["git_commit"])
    resumed = run_healthsim("sweep", sweep_file, "--out", out, "--resume", "--quiet")
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert digests(out / "runs") == digests(ref_out / "runs")


def test_dask_workers_with_other_code_are_refused_before_any_run(monkeypatch):
    """The check made before anything is submitted: every worker's version and commit
    against the driver's; a worker that cannot run healthsim at all is a clear error."""
    from sim.errors import UserError
    from sim.sweep.executors import DaskCluster

    class Client:
        def __init__(self, answers):
            self.answers = answers

        def run(self, function, wait=True):
            if isinstance(self.answers, Exception):
                raise self.answers
            return self.answers

    cluster = DaskCluster("tcp://nowhere:8786")
    own = {"version": "1.0", "git_commit": "abc"}
    cluster.client = Client({"tcp://a": own, "tcp://b": own})
    cluster.check_code(own)
    cluster.client = Client({"tcp://a": own, "tcp://b": {"version": "0.9", "git_commit": "x"}})
    with pytest.raises(UserError, match="tcp://b has healthsim 0.9"):
        cluster.check_code(own)
    cluster.client = Client(ModuleNotFoundError("No module named 'sim'"))
    with pytest.raises(UserError, match="cannot run healthsim .*No module named 'sim'"):
        cluster.check_code(own)


@pytest.mark.slow
def test_a_dask_worker_that_cannot_import_healthsim_is_a_clear_error(reference, tmp_path):
    """A real scheduler and a worker whose ``import sim`` fails: the sweep stops before
    any run with exit 2 and says so (it used to wait for ever), writing nothing."""
    fake = tmp_path / "fake" / "sim"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("this worker has no healthsim")\n')
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    cli = [sys.executable, "-m"]
    scheduler = subprocess.Popen([*cli, "distributed.cli.dask_scheduler", "--host",
                                  "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([*cli, "distributed.cli.dask_worker", address, "--nthreads", "1",
                               "--no-dashboard"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONPATH": str(fake.parent)})
    try:
        out = tmp_path / "out"
        result = run_healthsim("sweep", reference[0], "--scheduler", address, "--out", out,
                               "--quiet")
        assert result.returncode == EXIT_BAD_INPUT, result.stderr
        assert "cannot run healthsim" in result.stderr
        assert "this worker has no healthsim" in result.stderr
        assert not out.exists()
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait()
