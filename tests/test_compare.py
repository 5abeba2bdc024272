"""``healthsim compare``: common random numbers, paired differences, outputs written
all or nothing, and bad input refused (exit 2, one paragraph, nothing left behind)."""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import SCENARIOS, cli, tree

from sim.cli import EXIT_BAD_INPUT, EXIT_OK, main
from sim.compare import (
    COMPARISON_FILES,
    MEASURES,
    TABLE_COLUMNS,
    compare_scenarios,
    default_out_dir,
    difference_table,
)
from sim.results.recorder import TIMESERIES_COLUMNS
from sim.runs.files import OUTPUT_FILES
from sim.runs.run import run_scenario
from sim.scenario import load_scenario

MONTHS, SIZE, PRACTICES, REPLICATES = 14, 2000, 3, 3
DRIFT_MONTHS = 24  # long enough for PbR drift to show in every replicate


def scenario_text(name: str, months: int = MONTHS, seed: int = 1, start: str = "2010-04",
                  extra: str = "") -> str:
    """scenarios/baseline.toml, renamed and shrunk (``extra`` is appended)."""
    text = (SCENARIOS / "baseline.toml").read_text()
    replacements = [(r'(?m)^name = ".*"', f'name = "{name}"'),
                    (r"(?m)^seed = \d+", f"seed = {seed}"),
                    (r'(?m)^start = ".*"', f'start = "{start}"'),
                    (r"(?m)^months = \d+", f"months = {months}"),
                    (r"(?m)^size = \d+", f"size = {SIZE}"),
                    (r"(?m)^practices = \d+", f"practices = {PRACTICES}")]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, pattern  # baseline.toml changed shape: fix this helper
    return text + extra


def pbr(growth: float) -> str:
    return f"\n[parameters]\npbr_short_stay_growth = {growth}\n"


def write(folder: Path, file: str, text: str) -> Path:
    path = folder / file
    path.write_text(text)
    return path


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One ``healthsim compare`` of no PbR drift against strong drift (3 replicates)."""
    root = tmp_path_factory.mktemp("compare")
    write(root, "none.toml", scenario_text("pbr-none", months=DRIFT_MONTHS, extra=pbr(0.0)))
    write(root, "high.toml", scenario_text("pbr-high", months=DRIFT_MONTHS, seed=99,
                                           extra=pbr(0.1)))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = main(["compare", "none.toml", "high.toml", "--replicates", str(REPLICATES),
                     "--quiet", "--draws", "0"])
    finally:
        os.chdir(cwd)
    return code, root, root / "results" / "compare-pbr-none-vs-pbr-high"


# --- help -------------------------------------------------------------------------------
def test_compare_help(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["compare", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for word in ("--replicates", "--out", "--quiet", "SCENARIO", "common random numbers",
                 "--draws", "P(better)"):
        assert word in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "compare" in capsys.readouterr().out


# --- outputs ------------------------------------------------------------------------------
def test_compare_writes_every_run_and_the_comparison_files(finished):
    code, root, out_dir = finished
    assert code == EXIT_OK
    expected = [*COMPARISON_FILES, "pbr-high", "pbr-none",
                *(f"{name}/{f}" for name in ("pbr-none", "pbr-high") for f in OUTPUT_FILES)]
    assert tree(out_dir) == sorted(expected)
    # nothing else: no staging or check folders left beside or inside
    assert tree(root) == sorted(["none.toml", "high.toml", "results", f"results/{out_dir.name}",
                                 *(f"results/{out_dir.name}/{p}" for p in expected)])
    assert (out_dir / "comparison.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_comparison_parquet_stacks_the_runs(finished):
    _, _, out_dir = finished
    stacked = pd.read_parquet(out_dir / "comparison.parquet")
    assert list(stacked.columns) == ["scenario", *TIMESERIES_COLUMNS]
    assert list(stacked["scenario"].unique()) == ["pbr-none", "pbr-high"]
    assert len(stacked) == 2 * REPLICATES * DRIFT_MONTHS
    for name in ("pbr-none", "pbr-high"):
        own = pd.read_parquet(out_dir / name / "timeseries.parquet")
        part = stacked[stacked["scenario"] == name].drop(columns="scenario")
        pd.testing.assert_frame_equal(part.reset_index(drop=True), own, check_dtype=False)


def test_every_run_used_the_first_scenarios_seed(finished):
    _, _, out_dir = finished
    for name, own_seed in (("pbr-none", 1), ("pbr-high", 99)):
        manifest = json.loads((out_dir / name / "manifest.json").read_text())
        assert manifest["scenario"]["seed"] == 1
        assert manifest["seeds"]["seed"] == 1 and manifest["seeds"]["replicates"] == REPLICATES
        assert manifest["comparison"]["common_seed"] == 1
        assert manifest["comparison"]["own_seed"] == own_seed
        assert manifest["comparison"]["scenarios"] == ["pbr-none", "pbr-high"]


def test_comparison_csv_is_the_totals_table(finished):
    _, _, out_dir = finished
    table = pd.read_csv(out_dir / "comparison.csv")
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert len(table) == 2 * len(MEASURES)
    assert list(table["measure"].unique()) == [m.key for m in MEASURES]
    assert (table["reference"] == "pbr-none").all() and (table["seed"] == 1).all()
    reference = table[table["scenario"] == "pbr-none"]
    assert reference["difference"].isna().all()
    other = table[table["scenario"] == "pbr-high"].set_index("measure")
    assert other["difference"].notna().all()
    assert (other["difference_low"] <= other["difference"]).all()
    assert (other["difference"] <= other["difference_high"]).all()
    # the table's means are the runs' totals
    stacked = pd.read_parquet(out_dir / "comparison.parquet")
    deaths = stacked.groupby(["scenario", "replicate"])["deaths"].sum()
    assert reference.set_index("measure").loc["deaths", "mean"] == pytest.approx(
        deaths["pbr-none"].mean())
    assert other.loc["deaths", "mean"] == pytest.approx(deaths["pbr-high"].mean())


def test_direction_more_pbr_drift_means_more_emergency_admissions(finished):
    _, _, out_dir = finished
    stacked = pd.read_parquet(out_dir / "comparison.parquet")
    totals = stacked.groupby(["scenario", "replicate"])["emergency_admissions"].sum()
    paired = totals["pbr-high"] - totals["pbr-none"]
    assert (paired > 0).all()
    table = pd.read_csv(out_dir / "comparison.csv").set_index(["measure", "scenario"])
    row = table.loc[("emergency_admissions", "pbr-high")]
    assert row["difference"] == pytest.approx(paired.mean())
    assert row["difference"] > 0
    assert table.loc[("emergency_admissions_per_1000", "pbr-high"), "difference"] > 0


def test_printed_table(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "none.toml", scenario_text("pbr-none", months=DRIFT_MONTHS,
                                               extra=pbr(0.0)))
    write(tmp_path, "high.toml", scenario_text("pbr-high", months=DRIFT_MONTHS, seed=7,
                                               extra=pbr(0.1)))
    code, out, err = cli(capsys, "compare", "none.toml", "high.toml", "--replicates", "2",
                         "--quiet", "--draws", "0", "--out", "two")
    assert code == EXIT_OK, err
    assert "Wrote two/" in out
    assert "seed 1" in out and "'pbr-high' 7" in out  # the common seed, and the one not used
    assert "t = 12.706, 1 degrees of freedom" in out
    for measure in MEASURES:
        assert measure.label in out
    line = next(x for x in out.splitlines() if x.startswith("Emergency admissions  "))
    after = out.splitlines()[out.splitlines().index(line) + 1]
    assert "pbr-high" in after
    difference = after.split()[2]
    assert difference.startswith("+")  # more drift, more admissions
    assert re.search(r"[+-]?[\d,]+ to \+[\d,]+$", after)


def test_different_population_sizes_are_allowed_with_a_note(workdir, capsys):
    write(workdir, "a.toml", scenario_text("a"))
    write(workdir, "b.toml", scenario_text("b").replace(f"size = {SIZE}", "size = 2500"))
    code, out, err = cli(capsys, "compare", "a.toml", "b.toml", "--replicates", "2",
                         "--quiet", "--draws", "0")
    assert code == EXIT_OK, err
    assert "differ in population" in out
    stacked = pd.read_parquet(workdir / "results" / "compare-a-vs-b" / "comparison.parquet")
    first = stacked[stacked["date"] == stacked["date"].min()]
    assert set(first.groupby("scenario")["population_start"].first()) == {2000, 2500}


def test_one_replicate_says_the_interval_needs_two(workdir, capsys):
    write(workdir, "a.toml", scenario_text("a"))
    write(workdir, "b.toml", scenario_text("b", extra=pbr(0.1)))
    code, out, _ = cli(capsys, "compare", "a.toml", "b.toml", "--replicates", "1", "--quiet",
                       "--draws", "0")
    assert code == EXIT_OK
    assert "needs at least 2 replicates" in out
    table = pd.read_csv(workdir / "results" / "compare-a-vs-b" / "comparison.csv")
    other = table[table["scenario"] == "b"]
    assert other["difference"].notna().all()
    assert other[["difference_low", "difference_high", "sd"]].isna().all().all()


# --- common random numbers ---------------------------------------------------------------
def test_identical_scenarios_differ_by_exactly_zero(tmp_path):
    """Same rules, different names (and seeds in the files): every replicate is
    identical, because every scenario runs with the first scenario's seed."""
    a = load_scenario(write(tmp_path, "a.toml", scenario_text("a", seed=5)))
    b = load_scenario(write(tmp_path, "b.toml", scenario_text("b", seed=6)))
    comparison = compare_scenarios([a, b], replicates=REPLICATES)
    assert comparison.seed == 5 and [s.seed for s in comparison.scenarios] == [5, 5]
    assert comparison.original_seeds == {"a": 5, "b": 6}
    ts = comparison.timeseries
    pd.testing.assert_frame_equal(
        ts[ts["scenario"] == "a"].drop(columns="scenario").reset_index(drop=True),
        ts[ts["scenario"] == "b"].drop(columns="scenario").reset_index(drop=True))
    other = comparison.table[comparison.table["scenario"] == "b"]
    assert (other["difference"] == 0).all()
    assert (other["difference_sd"] == 0).all()
    assert (other["difference_low"] == 0).all() and (other["difference_high"] == 0).all()
    # ... while the replicates themselves differ (so zero is not trivially true)
    per_replicate = comparison.totals.set_index(["scenario", "replicate"])
    assert per_replicate.loc["a", "emergency_admissions"].nunique() > 1


def test_replicate_r_is_a_separate_run_with_the_common_seed(tmp_path):
    first = load_scenario(write(tmp_path, "a.toml", scenario_text("a", seed=4)))
    second = load_scenario(write(tmp_path, "b.toml", scenario_text("b", seed=8,
                                                                   extra=pbr(0.05))))
    comparison = compare_scenarios([first, second], replicates=2)
    alone = run_scenario(second.with_overrides(seed=4), replicates=2)
    pd.testing.assert_frame_equal(comparison.runs["b"].timeseries, alone.timeseries)
    pd.testing.assert_frame_equal(comparison.runs["b"].organisations, alone.organisations)
    # and with the file's own seed it would have been a different economy
    own = run_scenario(second, replicates=1)
    assert not own.timeseries.equals(alone.timeseries[alone.timeseries["replicate"] == 0])
    assert list(comparison.runs) == ["a", "b"]
    assert comparison.reference == "a"


# --- the statistics ----------------------------------------------------------------------
def test_differences_are_paired_by_replicate():
    totals = pd.DataFrame({
        "scenario": ["ref"] * 3 + ["new"] * 3, "replicate": [0, 1, 2] * 2,
        **{m.key: [10.0, 20.0, 30.0, 12.0, 21.0, 33.0] for m in MEASURES}})
    table = difference_table(totals, ["ref", "new"], seed=3).set_index(["measure", "scenario"])
    row = table.loc[("qalys", "new")]
    t = 4.302653  # t(0.975, 2)
    half = t * 1.0 / math.sqrt(3)  # differences 2, 1, 3: mean 2, sd 1
    assert row["mean"] == pytest.approx(22.0)
    assert row["difference"] == pytest.approx(2.0)
    assert row["difference_sd"] == pytest.approx(1.0)
    assert row["difference_low"] == pytest.approx(2.0 - half)
    assert row["difference_high"] == pytest.approx(2.0 + half)
    assert row["t_quantile"] == pytest.approx(t, abs=1e-6)
    # unpaired, the spread between replicates (sd 10) would swamp the difference
    assert row["difference_high"] - row["difference_low"] < 10
    assert math.isnan(table.loc[("qalys", "ref"), "difference"])
    # replicates shuffled in the frame are still matched by number
    shuffled = difference_table(totals.sample(frac=1, random_state=0), ["ref", "new"])
    assert shuffled.set_index(["measure", "scenario"]).loc[("qalys", "new"), "difference_sd"] \
        == pytest.approx(1.0)


def test_one_replicate_has_a_difference_but_no_interval():
    totals = pd.DataFrame({"scenario": ["ref", "new"], "replicate": [0, 0],
                           **{m.key: [10.0, 12.5] for m in MEASURES}})
    row = difference_table(totals, ["ref", "new"]).set_index(["measure", "scenario"]).loc[
        ("qalys", "new")]
    assert row["difference"] == 2.5
    assert all(math.isnan(row[c]) for c in ("difference_sd", "difference_low",
                                            "difference_high", "t_quantile"))


def test_unmatched_replicates_are_refused():
    totals = pd.DataFrame({"scenario": ["ref", "ref", "new", "new"],
                           "replicate": [0, 1, 0, 2], **{m.key: [1.0] * 4 for m in MEASURES}})
    with pytest.raises(ValueError, match="replicates"):
        difference_table(totals, ["ref", "new"])


def test_default_out_dir():
    assert default_out_dir(["a", "b"]) == Path("results/compare-a-vs-b")
    assert default_out_dir(["a", "b", "c"]) == Path("results/compare-a-vs-b-vs-c")
    long = ["scenario-with-a-long-name", "another-long-scenario-name", "third-one"]
    assert default_out_dir(long) == Path("results/compare-scenario-with-a-long-name-vs-2-others")
    assert default_out_dir(["x" * 80, "y"]) == Path("results/comparison")


# --- bad input -----------------------------------------------------------------------------
def check_bad_input(code: int, err: str, *words: str) -> None:
    assert code == EXIT_BAD_INPUT
    assert "Traceback" not in err
    paragraph = err.strip()
    assert paragraph.startswith("healthsim: error:")
    assert "\n\n" not in paragraph
    for word in words:
        assert word in paragraph, f"{word!r} not in {paragraph!r}"


BAD_INPUT = {  # case -> (files, arguments, words the message must contain)
    "one file": ({"a.toml": scenario_text("a")}, ["a.toml"], ["at least two", "a.toml"]),
    "duplicate names": ({"a.toml": scenario_text("same"), "b.toml": scenario_text("same")},
                        ["a.toml", "b.toml"], ["a.toml", "b.toml", "'same'", "names"]),
    "names differing in case": ({"a.toml": scenario_text("Base"),
                                 "b.toml": scenario_text("base")},
                                ["a.toml", "b.toml"], ["a.toml", "b.toml", "names"]),
    "different months": ({"a.toml": scenario_text("a"),
                          "b.toml": scenario_text("b", months=MONTHS + 1)},
                         ["a.toml", "b.toml"], ["b.toml", "a.toml", "months", "month by month"]),
    "different start": ({"a.toml": scenario_text("a"),
                         "b.toml": scenario_text("b", start="2011-04")},
                        ["a.toml", "b.toml"], ["b.toml", "2011-04", "start"]),
    "a third file differs": ({"a.toml": scenario_text("a"), "b.toml": scenario_text("b"),
                              "c.toml": scenario_text("c", months=3)},
                             ["a.toml", "b.toml", "c.toml"], ["c.toml", "months"]),
    "invalid file": ({"a.toml": scenario_text("a"),
                      "b.toml": scenario_text("b", extra="\n[parameters]\nfrobnicate = 1\n")},
                     ["a.toml", "b.toml"], ["b.toml", "parameters.frobnicate", "unknown key"]),
    "missing file": ({"a.toml": scenario_text("a")}, ["a.toml", "nowhere.toml"],
                     ["nowhere.toml", "no such scenario file"]),
    "name of a comparison file": ({"a.toml": scenario_text("a"),
                                   "b.toml": scenario_text("comparison.csv")},
                                  ["a.toml", "b.toml"], ["b.toml", "comparison.csv"]),
    "zero replicates": ({"a.toml": scenario_text("a"), "b.toml": scenario_text("b")},
                        ["a.toml", "b.toml", "--replicates", "0"], ["--replicates"]),
    "no files": ({}, [], ["compare"]),
    "negative draws": ({"a.toml": scenario_text("a"), "b.toml": scenario_text("b")},
                       ["a.toml", "b.toml", "--draws", "-1"], ["--draws"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_exits_2_and_writes_nothing(workdir, capsys, case):
    files, args, words = BAD_INPUT[case]
    for name, text in files.items():
        write(workdir, name, text)
    before = tree(workdir)
    code, out, err = cli(capsys, "compare", *args, "--quiet", "--draws", "0")
    check_bad_input(code, err, *words)
    assert tree(workdir) == before  # no results/, no hidden partial folder
    assert out == ""


def test_out_is_an_existing_file(workdir, capsys):
    write(workdir, "a.toml", scenario_text("a"))
    write(workdir, "b.toml", scenario_text("b"))
    write(workdir, "taken", "keep me")
    code, _, err = cli(capsys, "compare", "a.toml", "b.toml", "--out", "taken", "--quiet",
                       "--draws", "0")
    check_bad_input(code, err, "--out", "taken")
    assert (workdir / "taken").read_text() == "keep me"


def test_a_failure_while_writing_leaves_the_old_comparison(workdir, capsys, monkeypatch):
    write(workdir, "a.toml", scenario_text("a"))
    write(workdir, "b.toml", scenario_text("b", extra=pbr(0.1)))
    assert cli(capsys, "compare", "a.toml", "b.toml", "--replicates", "1", "--quiet",
               "--draws", "0",
               "--out", "cmp")[0] == EXIT_OK
    before = {p: (workdir / "cmp" / p).stat().st_mtime_ns for p in tree(workdir / "cmp")}

    import sim.viz.comparison

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sim.viz.comparison, "plot_comparison", broken)
    with pytest.raises(RuntimeError):
        main(["compare", "a.toml", "b.toml", "--replicates", "1", "--quiet", "--draws", "0",
              "--out", "cmp"])
    assert {p: (workdir / "cmp" / p).stat().st_mtime_ns for p in tree(workdir / "cmp")} \
        == before
    assert tree(workdir) == sorted(["a.toml", "b.toml", "cmp",
                                    *(f"cmp/{p}" for p in before)])


def test_interrupted_comparison_writes_nothing(workdir, capsys, monkeypatch):
    write(workdir, "a.toml", scenario_text("a"))
    write(workdir, "b.toml", scenario_text("b"))
    import sim.runs.replicates

    calls = []
    run_replicate = sim.runs.replicates.run_replicate

    def interrupted_second(scenario, replicate, progress=None):
        calls.append(scenario.name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return run_replicate(scenario, replicate, progress)

    monkeypatch.setattr(sim.runs.replicates, "run_replicate", interrupted_second)
    code, _, err = cli(capsys, "compare", "a.toml", "b.toml", "--replicates", "1", "--quiet",
                       "--draws", "0",
                       "--workers", "1")
    assert code == 130 and "interrupted" in err
    assert calls == ["a", "b"]
    assert not (workdir / "results" / "compare-a-vs-b").exists()
    assert [p for p in tree(workdir) if p != "results"] == ["a.toml", "b.toml"]


def test_replicates_numbered_from_zero_in_every_run(finished):
    _, _, out_dir = finished
    stacked = pd.read_parquet(out_dir / "comparison.parquet")
    counts = stacked.groupby("scenario")["replicate"].unique()
    for replicates in counts:
        assert sorted(replicates) == list(range(REPLICATES))
    assert np.isfinite(stacked["emergency_admissions_per_1000"]).all()
