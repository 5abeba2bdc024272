"""Nothing of the user's is lost: what ``--out`` may replace, and how a result folder is
swapped into place (sim.runs.out_folder, sim.runs.atomic; issue 15).

Each case failed on the code before: ``--out`` onto a folder of the user's own files
deleted them (exit 0); ``.``/``..`` ran the whole simulation and then failed with a
traceback; a FIFO or a device was opened or replaced; killed staging folders stayed for
ever; a second writer lost with a traceback; a full disk gave a traceback.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest

from sim.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, main
from sim.errors import MachineError
from sim.runs import atomic
from sim.runs.atomic import write_folder_atomically
from sim.runs.out_folder import check_out_folder

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.toml"
TINY = ["--population", "3000", "--months", "2", "--quiet", "--workers", "1"]


def _run(out, capsys=None) -> int:
    return main(["run", str(SCENARIO), *TINY, "--out", str(out)])


def _hidden(folder: Path) -> list[str]:
    """Hidden leftovers beside a result: staging folders, retired folders, locks."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_folder_of_the_users_files_is_refused_and_kept(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "t.txt").write_text("hi")
    assert _run(docs) == EXIT_BAD_INPUT
    assert (docs / "t.txt").read_text() == "hi"
    assert sorted(p.name for p in docs.iterdir()) == ["t.txt"]
    assert _hidden(tmp_path) == []
    error = capsys.readouterr().err
    assert "not an earlier 'healthsim run' result" in error and "Traceback" not in error


@pytest.mark.parametrize("out", [".", "..", ""])
def test_the_current_folder_and_the_one_above_are_refused_before_any_work(
        out, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert _run(out) == EXIT_BAD_INPUT
    assert "current folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    assert list(work.iterdir()) == []


def test_special_files_are_refused(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert _run(fifo) == EXIT_BAD_INPUT
    assert "a FIFO" in capsys.readouterr().err
    assert main(["calibrate", "--population", "3000", "--out", str(fifo)]) == EXIT_BAD_INPUT
    assert "a FIFO" in capsys.readouterr().err
    assert main(["calibrate", "--out", "/dev/null"]) == EXIT_BAD_INPUT  # before any work
    assert "a device" in capsys.readouterr().err
    assert Path("/dev/null").is_char_device()
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert _run(loop) == EXIT_BAD_INPUT
    assert "loop" in capsys.readouterr().err
    assert fifo.exists() and not fifo.is_file()


def test_an_earlier_result_of_the_same_command_is_replaced(tmp_path):
    out = tmp_path / "baseline"
    assert _run(out) == EXIT_OK
    first = (out / "manifest.json").read_text()
    assert _run(out) == EXIT_OK
    assert (out / "manifest.json").read_text() != first  # a new run (its timings)
    assert _hidden(tmp_path) == []
    # not another command's result (a comparison's folder holds no time series)
    compare_result = tmp_path / "compared"
    compare_result.mkdir()
    for name in ("comparison.parquet", "comparison.csv"):
        (compare_result / name).write_text("x")
    check_out_folder(compare_result, "compare")
    with pytest.raises(Exception, match="not an earlier 'healthsim run' result"):
        check_out_folder(compare_result, "run")


def test_stale_partial_and_retired_folders_are_cleared(tmp_path):
    out = tmp_path / "baseline"
    for leftover in (".baseline.partial-abc123", ".baseline.old-def456"):
        (tmp_path / leftover / "previous").mkdir(parents=True)
    (tmp_path / ".other.partial-xyz").mkdir()  # another folder's: not ours to clear
    assert _run(out) == EXIT_OK
    assert _hidden(tmp_path) == [".other.partial-xyz"]


def test_a_second_writer_of_the_same_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "baseline"
    lock = os.open(tmp_path / ".baseline.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another process would hold it
    try:
        assert _run(out) == EXIT_BAD_INPUT
        assert "another healthsim command is writing" in capsys.readouterr().err
    finally:
        os.close(lock)
    assert not out.exists() and _hidden(tmp_path) == [".baseline.lock"]  # the other's
    assert _run(out) == EXIT_OK  # a lock file nobody holds is taken over, then removed
    assert _hidden(tmp_path) == []


def _write(text: str):
    def write(folder: Path) -> None:
        (folder / "manifest.json").write_text(text)
        (folder / "timeseries.parquet").write_text(text)
    return write


@pytest.mark.parametrize("exchange", [True, False])
def test_the_swap_replaces_the_result_and_leaves_nothing_behind(tmp_path, monkeypatch,
                                                                 exchange):
    """The exchange swaps old and new in one step; where the system cannot, two renames."""
    if not exchange:
        monkeypatch.setattr(atomic, "exchange", lambda new, old: False)
    out = tmp_path / "result"
    write_folder_atomically(out, _write("first"), "run")
    write_folder_atomically(out, _write("second"), "run")
    assert (out / "manifest.json").read_text() == "second"
    assert _hidden(tmp_path) == []


def test_a_failed_write_keeps_the_earlier_result(tmp_path, monkeypatch, capsys):
    """Disk full while writing: exit 1 with one paragraph, the earlier result intact and
    no partial folder left."""
    out = tmp_path / "baseline"
    assert _run(out) == EXIT_OK
    before = sorted(p.name for p in out.iterdir())

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("pandas.DataFrame.to_parquet", full)
    assert _run(out) == EXIT_FAILED
    error = capsys.readouterr().err
    assert "No space left on device" in error and "Traceback" not in error
    assert "still holds its earlier contents" in error
    assert sorted(p.name for p in out.iterdir()) == before
    assert _hidden(tmp_path) == []
    with pytest.raises(MachineError):
        write_folder_atomically(out, lambda folder: full(), "run")


def test_a_swap_cut_between_two_renames_gets_the_earlier_result_back(tmp_path):
    """Where the system cannot exchange, a kill between the two renames leaves the folder
    missing and the earlier result retired: the next writer puts it back first."""
    retired = tmp_path / ".baseline.old-abc" / "previous"
    retired.mkdir(parents=True)
    (retired / "manifest.json").write_text("earlier")
    (tmp_path / ".baseline.partial-def").mkdir()  # the new result, never swapped in
    atomic.clear_leftovers(tmp_path, "baseline")
    assert (tmp_path / "baseline" / "manifest.json").read_text() == "earlier"
    assert _hidden(tmp_path) == []
