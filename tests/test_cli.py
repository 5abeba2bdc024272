"""The ``healthsim`` command line: help, ``run`` outputs, overrides, and bad input
(exit 2, one paragraph on stderr, no traceback, nothing left behind)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import cli, tree

from sim.cli import EXIT_BAD_INPUT, EXIT_OK, main
from sim.results.recorder import ORGANISATION_COLUMNS, TIMESERIES_COLUMNS
from sim.runs.files import OUTPUT_FILES

NAME = "cli-small"
SMALL = f"""\
name = "{NAME}"
seed = 3
start = "2010-04"
months = 14

[population]
size = 2000
practices = 3

[providers]
acute_trusts = 2
"""

DESIGN_COLUMNS = (
    "date", "replicate", "population", "deaths", "gp_consultations", "referrals",
    "outpatient_first", "elective_admissions", "ae_attendances", "emergency_admissions",
    "emergency_admissions_per_1000", "spend_total", "spend_acute_emergency",
    "spend_acute_elective", "spend_outpatient", "spend_community", "spend_prescribing",
    "spend_primary_care", "spend_management", "budget_total", "qalys", "gp_engagement_mean",
    "population_covered_pct", "population_covered_fundholding", "population_covered_pbc",
    "population_covered_consortia", "population_covered_lcp",
)


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An empty working folder holding a small scenario file; results go under it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "small.toml").write_text(SMALL)
    return tmp_path


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """One successful default ``run`` (results/<name>), shared by the output checks."""
    root = tmp_path_factory.mktemp("cli-run")
    (root / "small.toml").write_text(SMALL)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = main(["run", "small.toml", "--quiet"])
    finally:
        os.chdir(cwd)
    return code, root


# --- help -------------------------------------------------------------------------------
def test_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "run" in out and "calibrate" in out


def test_version_is_the_package_metadata(capsys):
    from importlib.metadata import version

    import sim

    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"healthsim {version('healthsim')}"
    assert sim.__version__ == version("healthsim")


def python_output(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (the allocator's settings are
    per process)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def test_building_a_model_leaves_the_allocator_alone():
    """The glibc tuning (sim.allocator) is the command line's, not every importer's."""
    code = ("from sim import HealthEconomy, Scenario\n"
            "from sim.allocator import keep_large_blocks\n"
            "HealthEconomy(Scenario(name='t', population={'size': 1000, 'practices': 2}, "
            "months=1)).run()\n"
            "print(keep_large_blocks.cache_info().currsize)\n")
    assert python_output(code).strip() == "0"


def test_freed_memory_goes_back_before_the_files_are_written():
    """With large blocks kept (as the command line keeps them), a freed model's memory
    stays with the process until ``release_free_memory`` hands it back, as
    ``healthsim run`` does before loading Matplotlib to write its files."""
    code = ("import numpy as np\n"
            "from sim.allocator import keep_large_blocks, release_free_memory\n"
            "def rss():\n"
            "    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20\n"
            "keep_large_blocks()\n"
            "columns = [np.ones(1_000_000) for _ in range(25)]\n"  # 200 MB, touched
            "keep = np.ones(10)\n"  # allocated above them, so the heap cannot shrink
            "del columns\n"
            "held = rss()\n"
            "released = release_free_memory()\n"
            "print(released, round(held - rss()))\n")
    released, returned_mb = python_output(code).split()
    assert released == "True"
    assert int(returned_mb) > 150


def test_run_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["run", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for option in ("--out", "--seed", "--replicates", "--population", "--practices",
                   "--months", "-q, --quiet", "-v, --verbose"):
        assert option in out


def test_module_entry_point(tmp_path):
    """``python -m sim`` is the command: a run exits 0 and writes results; bad input
    exits 2 with no traceback (``sys.exit`` passes ``main``'s code to the shell)."""
    (tmp_path / "small.toml").write_text(SMALL)
    done = subprocess.run([sys.executable, "-m", "sim", "run", "small.toml", "--quiet",
                           "--months", "2", "--out", "out"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path / "out")) == sorted(OUTPUT_FILES)
    bad = subprocess.run([sys.executable, "-m", "sim", "run", "missing.toml"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "missing.toml" in bad.stderr


# --- a successful run -------------------------------------------------------------------
def test_run_writes_exactly_the_four_files(finished_run):
    code, root = finished_run
    assert code == EXIT_OK
    out_dir = root / "results" / NAME
    assert sorted(os.listdir(out_dir)) == sorted(OUTPUT_FILES)
    assert len(OUTPUT_FILES) == 5
    # and nothing else anywhere: no staging, check or retired folders
    assert tree(root) == sorted(["small.toml", "results", f"results/{NAME}",
                                 *(f"results/{NAME}/{f}" for f in OUTPUT_FILES)])
    assert (out_dir / "summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_timeseries_has_the_contract_columns(finished_run):
    _, root = finished_run
    ts = pd.read_parquet(root / "results" / NAME / "timeseries.parquet")
    assert list(ts.columns) == list(TIMESERIES_COLUMNS)
    assert set(DESIGN_COLUMNS) <= set(ts.columns)
    assert len(ts) == 14
    assert (ts["replicate"] == 0).all()
    assert ts["date"].iloc[0] == pd.Timestamp("2010-04-01")
    assert ts["date"].iloc[-1] == pd.Timestamp("2011-05-01")
    assert ts["population_start"].iloc[0] == 2000


def test_run_organisations_table(finished_run):
    _, root = finished_run
    orgs = pd.read_parquet(root / "results" / NAME / "organisations.parquet")
    assert list(orgs.columns) == list(ORGANISATION_COLUMNS)
    assert set(orgs["org_type"]) == {"practice", "trust", "pct", "provider"}
    assert set(orgs.loc[orgs["org_type"] == "practice", "org_id"]) == {
        "practice_000", "practice_001", "practice_002"}
    assert set(orgs.loc[orgs["org_type"] == "trust", "org_id"]) == {"trust_0", "trust_1"}
    assert orgs["value"].dtype == float


def test_run_manifest(finished_run):
    _, root = finished_run
    manifest = json.loads((root / "results" / NAME / "manifest.json").read_text())
    for key in ("scenario", "seeds", "package", "started", "finished", "runtime_seconds"):
        assert key in manifest
    assert manifest["scenario"]["name"] == NAME
    assert manifest["scenario"]["population"] == {"size": 2000, "practices": 3}
    assert manifest["seeds"]["seed"] == 3 and manifest["seeds"]["replicates"] == 1
    assert manifest["package"]["version"] not in ("", None)
    assert manifest["package"]["git_dirty"] in (True, False, None)  # None outside git
    assert manifest["command_line"][0]  # what was typed (here pytest's own command line)
    dependencies = manifest["environment"]["dependencies"]
    for name in ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "networkx"):
        assert dependencies[name] not in ("", "unknown")
    assert manifest["started"] <= manifest["finished"]
    assert manifest["runtime_seconds"] >= 0


def test_replicates_and_overrides(workdir, capsys):
    code, out, _ = cli(capsys, "run", "small.toml", "--quiet", "--replicates", "2",
                       "--seed", "17", "--population", "1500", "--months", "3",
                       "--out", "two")
    assert code == EXIT_OK
    assert "two" in out
    ts = pd.read_parquet(workdir / "two" / "timeseries.parquet")
    assert sorted(ts["replicate"].unique()) == [0, 1]
    assert (ts.groupby("replicate").size() == 3).all()
    assert (ts.loc[ts["date"] == ts["date"].min(), "population_start"] == 1500).all()
    orgs = pd.read_parquet(workdir / "two" / "organisations.parquet")
    assert sorted(orgs["replicate"].unique()) == [0, 1]
    manifest = json.loads((workdir / "two" / "manifest.json").read_text())
    assert manifest["seeds"] == {**manifest["seeds"], "seed": 17, "replicates": 2}
    assert manifest["scenario"]["seed"] == 17
    assert manifest["scenario"]["months"] == 3
    # practices scale with the population to keep the file's list size (2,000 / 3)
    assert manifest["scenario"]["population"] == {"size": 1500, "practices": 2}


def test_an_existing_results_folder_is_replaced_only_after_success(workdir, capsys,
                                                                 monkeypatch):
    assert cli(capsys, "run", "small.toml", "--quiet", "--months", "2", "--out", "res")[0] == 0
    first = json.loads((workdir / "res" / "manifest.json").read_text())
    assert first["scenario"]["seed"] == 3
    (workdir / "res" / "stale.txt").write_text("from an older run")

    # a run that fails while writing leaves the old results untouched
    import sim.viz.summary  # write_run loads its plot from here when it writes

    def broken_plot(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sim.viz.summary, "plot_summary", broken_plot)
    with pytest.raises(RuntimeError):
        main(["run", "small.toml", "--quiet", "--months", "2", "--seed", "8", "--out", "res"])
    assert json.loads((workdir / "res" / "manifest.json").read_text()) == first
    assert tree(workdir) == sorted(["small.toml", "res", "res/stale.txt",
                                    *(f"res/{f}" for f in OUTPUT_FILES)])
    monkeypatch.undo()
    monkeypatch.chdir(workdir)

    # bad input leaves them untouched too
    assert cli(capsys, "run", "small.toml", "--months", "0", "--out", "res")[0] == 2
    assert json.loads((workdir / "res" / "manifest.json").read_text()) == first

    # a successful run replaces the whole folder
    assert cli(capsys, "run", "small.toml", "--quiet", "--months", "2", "--seed", "8",
               "--out", "res")[0] == 0
    second = json.loads((workdir / "res" / "manifest.json").read_text())
    assert second["scenario"]["seed"] == 8
    assert tree(workdir) == sorted(["small.toml", "res", *(f"res/{f}" for f in OUTPUT_FILES)])


def test_interrupted_run_writes_nothing(workdir, capsys, monkeypatch):
    import sim.runs.run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sim.runs.run, "run_scenario", interrupted)
    code, _, err = cli(capsys, "run", "small.toml", "--quiet")
    assert code == 130
    assert "interrupted" in err
    assert "Traceback" not in err
    # no results folder (the check may leave the empty parent folder it created)
    assert not (workdir / "results" / NAME).exists()
    assert [p for p in tree(workdir) if p != "results"] == ["small.toml"]


# --- bad input ----------------------------------------------------------------------------
BAD_FILES = {  # name -> (file contents, words the message must contain)
    "malformed TOML": ('name = "x"\nmonths = = 3\n', ["not valid TOML"]),
    "unknown key": (SMALL + "[parameters]\ntarif_emergency = 1\n",
                    ["parameters.tarif_emergency", "unknown key"]),
    "wrong type": (SMALL.replace("months = 14", 'months = "many"'), ["months"]),
    "negative population": (SMALL.replace("size = 2000", "size = -2000"),
                            ["population.size"]),
    "months 0": (SMALL.replace("months = 14", "months = 0"), ["months"]),
    "impossible date": (SMALL.replace('"2010-04"', '"2010-13"'), ["start", "2010-13"]),
    "unknown model": (SMALL + '[commissioning]\nmodel = "hmo"\n',
                      ["commissioning.model"]),
}


def check_bad_input(code: int, err: str, *words: str) -> None:
    assert code == EXIT_BAD_INPUT
    assert "Traceback" not in err
    paragraph = err.strip()
    assert paragraph.startswith("healthsim: error:")
    assert "\n\n" not in paragraph  # one paragraph
    for word in words:
        assert word in paragraph, f"{word!r} not in {paragraph!r}"


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_scenario_file(workdir, capsys, case):
    text, words = BAD_FILES[case]
    (workdir / "bad.toml").write_text(text)
    before = tree(workdir)
    code, out, err = cli(capsys, "run", "bad.toml", "--quiet")
    check_bad_input(code, err, "bad.toml", *words)
    assert tree(workdir) == before  # no results/, no hidden partial folder
    assert out == ""


def test_missing_file(workdir, capsys):
    code, _, err = cli(capsys, "run", "nowhere.toml")
    check_bad_input(code, err, "nowhere.toml", "no such scenario file")
    assert tree(workdir) == ["small.toml"]


def test_folder_as_scenario(workdir, capsys):
    (workdir / "adir.toml").mkdir()
    code, _, err = cli(capsys, "run", "adir.toml")
    check_bad_input(code, err, "adir.toml", "folder")
    assert tree(workdir) == ["adir.toml", "small.toml"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read files whatever their permissions")
def test_unreadable_file(workdir, capsys):
    path = workdir / "secret.toml"
    path.write_text(SMALL)
    path.chmod(0)
    try:
        code, _, err = cli(capsys, "run", "secret.toml")
    finally:
        path.chmod(0o644)
    check_bad_input(code, err, "secret.toml", "permission denied")
    assert tree(workdir) == ["secret.toml", "small.toml"]


def test_out_is_an_existing_file(workdir, capsys):
    (workdir / "taken").write_text("keep me")
    code, _, err = cli(capsys, "run", "small.toml", "--quiet", "--out", "taken")
    check_bad_input(code, err, "--out", "taken")
    assert (workdir / "taken").read_text() == "keep me"
    assert tree(workdir) == ["small.toml", "taken"]


@pytest.mark.parametrize("out", ["afile/results", "afile/deeper/results"])
def test_out_cannot_be_created(workdir, capsys, out):
    (workdir / "afile").write_text("a file, not a folder")
    code, _, err = cli(capsys, "run", "small.toml", "--quiet", "--out", out)
    check_bad_input(code, err, "--out", out)
    assert tree(workdir) == ["afile", "small.toml"]


@pytest.mark.parametrize("args, words", [
    (["--replicates", "0"], ["--replicates", "at least 1"]),
    (["--months", "-3"], ["--months"]),
    (["--months", "0"], ["--months"]),
    (["--seed", "abc"], ["--seed", "abc"]),
    (["--seed", "-1"], ["--seed"]),
    (["--population", "1.5"], ["--population"]),
    (["--population", "50"], ["population.size"]),  # valid number, invalid scenario
    (["--practices", "0"], ["--practices", "at least 1"]),
    (["--practices", "201"], ["--practices 201", "at most 200"]),  # 10 people a practice
    (["--verbose", "--quiet"], ["--quiet", "--verbose"]),
    (["--frobnicate"], ["--frobnicate"]),
])
def test_bad_command_line_numbers(workdir, capsys, args, words):
    code, _, err = cli(capsys, "run", "small.toml", "--quiet", *args)
    check_bad_input(code, err, *words)
    assert tree(workdir) == ["small.toml"]


def test_no_command(capsys):
    code, _, err = cli(capsys)
    check_bad_input(code, err, "healthsim")


# --- calibrate ------------------------------------------------------------------------------
def test_calibrate_writes_its_table_and_exit_code_follows_it(workdir, capsys):
    code, out, _ = cli(capsys, "calibrate", "--population", "20000", "--quiet",
                       "--out", "cal/table.csv")
    table = pd.read_csv(workdir / "cal" / "table.csv")
    assert {"measure", "target", "model", "low", "high", "passed"} <= set(table.columns)
    assert "emergency_admissions_growth_from_ageing_alone" in set(table["measure"])
    assert set(table["tier"]) == {"baseline", "behaviour"}
    assert "fundholding_population_share_1996" in set(table["measure"])
    missed = int((~table["passed"]).sum())
    assert code == (0 if missed == 0 else 1)
    assert f"{len(table) - missed} of {len(table)} targets within tolerance" in out
    assert tree(workdir) == ["cal", "cal/table.csv", "small.toml"]


def test_calibrate_out_is_a_folder(workdir, capsys):
    (workdir / "cal").mkdir()
    code, _, err = cli(capsys, "calibrate", "--population", "20000", "--out", "cal")
    check_bad_input(code, err, "--out", "cal")


def test_results_folder_has_ordinary_permissions(tmp_path):
    """The folder is made private while it is written, then opened up like any other."""
    import os

    from sim.runs.atomic import write_folder_atomically

    out = write_folder_atomically(tmp_path / "out", lambda folder: (folder / "x").write_text("1"),
                                  "run")
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask
