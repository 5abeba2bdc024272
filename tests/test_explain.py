"""``healthsim explain``: the decomposition adds up, mechanisms that cannot act contribute
exactly nothing, results do not depend on the number of workers, and the command line
writes its files or refuses bad input (exit 2, nothing written)."""

from __future__ import annotations

import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from helpers import SCENARIOS, cli, tree  # noqa: E402

from sim.cli import EXIT_BAD_INPUT, EXIT_OK, main  # noqa: E402
from sim.errors import UserError  # noqa: E402
from sim.explain import MEASURE_KEYS, decompose, plot_waterfall  # noqa: E402
from sim.explain.decomposition import FRAME_COLUMNS  # noqa: E402
from sim.explain.measures import run_totals  # noqa: E402
from sim.explain.report import EXPLAIN_FILES, format_table  # noqa: E402
from sim.explain.runs import run_one  # noqa: E402
from sim.mechanisms import MECHANISM_NAMES  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

# Small economy: big bang bids open in month 12 (2011-04); where no local group of
# 100,000 bids, an outside organisation takes over, so block contracts, specialists,
# care plans and transition costs all act even at 4,000 people.
SIZE, PRACTICES, MONTHS, REPLICATES = 4000, 4, 30, 2


def shrunk(name: str, **changes):
    """A scenario file at the test size (``changes``: more top-level overrides)."""
    base = {"population": {"size": SIZE, "practices": PRACTICES}, "months": MONTHS}
    return load_scenario(SCENARIOS / f"{name}.toml").with_overrides(**{**base, **changes})


@pytest.fixture(scope="module")
def big_bang():
    """pbc -> big bang, every mechanism on (one worker)."""
    return decompose(shrunk("pbc"), shrunk("big_bang"), REPLICATES, workers=1,
                     progress=False)


# --- the decomposition adds up ---------------------------------------------------------
def test_contributions_and_residual_add_up_to_the_difference(big_bang):
    d = big_bang
    steps = d.contributions.sum(axis=0) + d.residual
    np.testing.assert_allclose(steps, d.difference, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(d.total_a + steps, d.total_b, rtol=1e-12, atol=1e-9)
    # per replicate too
    per = d.per_replicate
    np.testing.assert_allclose(per["A"] + sum(per[m] for m in MECHANISM_NAMES)
                               + per["residual"], per["B"], rtol=1e-12, atol=1e-9)
    # and the pair is one where mechanisms matter, so the sum is not trivially 0 = 0
    assert d.difference["emergency_admissions"] != 0
    moving = (d.contributions != 0).any(axis=1)
    assert moving.sum() >= 4, d.contributions


def test_contribution_is_the_difference_that_goes_away_without_the_mechanism(big_bang):
    """Recomputed by hand from four independent runs, for one mechanism and replicate."""
    a, b = shrunk("pbc"), shrunk("big_bang")
    mechanism, replicate = "block_contracts", 1
    off = {"mechanisms": {mechanism: False}}
    runs = {key: run_one(s, replicate) for key, s in (
        ("A", a), ("B", b), ("A_off", a.with_overrides(**off)),
        ("B_off", b.with_overrides(**off)))}
    for k, key in enumerate(MEASURE_KEYS):
        expected = (runs["B"][key] - runs["A"][key]) - (runs["B_off"][key] - runs["A_off"][key])
        assert big_bang.per_replicate[mechanism][replicate, k] == pytest.approx(expected,
                                                                               abs=1e-9)
    assert big_bang.contributions.at[mechanism, "emergency_admissions"] != 0


def test_totals_are_the_runs_sums(big_bang):
    a = shrunk("pbc")
    from sim.model import HealthEconomy

    model = HealthEconomy(a, 0)
    model.run()
    series = model.recorder.timeseries()
    assert run_totals(series) == {
        "emergency_admissions": float(series["emergency_admissions"].sum()),
        "spend_total_gbp_m": float(series["spend_total"].sum()) / 1e6,
        "qalys": float(series["qalys"].sum())}
    assert big_bang.per_replicate["A"][0].tolist() == list(run_totals(series).values())


# --- mechanisms that cannot act ---------------------------------------------------------
def test_a_mechanism_off_in_both_files_contributes_exactly_zero(big_bang):
    assert (big_bang.contributions.loc["care_plans"] != 0).any()  # it acts when on
    off = {"mechanisms": {"care_plans": False}}
    d = decompose(shrunk("pbc", **off), shrunk("big_bang", **off), REPLICATES, workers=1,
                  progress=False)
    assert (d.contributions.loc["care_plans"] == 0).all()
    assert d.already_off["care_plans"] == "both"
    assert d.already_off["specialists"] == ""
    # the variant is the scenario itself, so it is run once: 2 x (1 + n) - 2 scenarios
    assert d.distinct_scenarios == 2 * (1 + len(MECHANISM_NAMES)) - 2
    frame = d.to_frame()
    assert set(frame.loc[frame["mechanism"] == "care_plans", "already_off"]) == {"both"}


def test_a_mechanism_that_cannot_matter_for_the_pair_contributes_zero():
    """PCT vs PBC: no partnerships form, so no block contracts and no specialists."""
    # every cluster puts its business case forward in the first April, so that PBC's
    # care plans surely start within the short run
    keen = {"parameters": {"business_case_rate": 10.0}}
    d = decompose(shrunk("pct", **keen), shrunk("pbc", **keen), REPLICATES, workers=1,
                  progress=False)
    assert d.difference["emergency_admissions"] != 0
    for mechanism in ("block_contracts", "specialists", "transition_costs"):
        assert (d.contributions.loc[mechanism] == 0).all(), mechanism
    assert (d.contributions.loc["care_plans"] != 0).any()  # PBC's care plans do act


def test_identical_scenarios_have_nothing_to_explain():
    a = shrunk("pbc")
    d = decompose(a, a, 1, workers=1, progress=False)
    assert (d.difference == 0).all() and (d.residual == 0).all()
    assert (d.contributions == 0).all().all()
    assert d.distinct_scenarios == 1 + len(MECHANISM_NAMES)


# --- determinism ------------------------------------------------------------------------
def test_same_results_whatever_the_number_of_workers(big_bang):
    two = decompose(shrunk("pbc"), shrunk("big_bang"), REPLICATES, workers=2,
                    progress=False)
    pd.testing.assert_frame_equal(two.runs, big_bang.runs, check_exact=True)
    pd.testing.assert_frame_equal(two.to_frame(), big_bang.to_frame(), check_exact=True)


def test_runs_already_known_are_not_run_again_and_change_nothing(big_bang, monkeypatch):
    """A comparison's own runs, and a reference arm shared by two decompositions, are
    reused (``known``): fewer runs, the same decomposition to the last bit."""
    import sim.explain.runs
    from sim.compare import compare_scenarios
    from sim.reports.migration import comparison_totals

    comparison = compare_scenarios([shrunk("pbc"), shrunk("big_bang")], REPLICATES)
    known = comparison_totals(comparison, REPLICATES)
    calls = []

    def counted(scenario, replicate):
        calls.append((scenario.name, replicate))
        return run_one(scenario, replicate)

    monkeypatch.setattr(sim.explain.runs, "run_one", counted)
    again = decompose(shrunk("pbc"), shrunk("big_bang"), REPLICATES, workers=1,
                      progress=False, known=known)
    pd.testing.assert_frame_equal(again.runs, big_bang.runs, check_exact=True)
    pd.testing.assert_frame_equal(again.to_frame(), big_bang.to_frame(), check_exact=True)
    assert len(calls) == (big_bang.distinct_scenarios - 2) * REPLICATES  # arms as given known
    calls.clear()
    decompose(shrunk("pbc"), shrunk("big_bang"), REPLICATES, workers=1, progress=False,
              known=known)
    assert calls == []  # everything known now


def test_b_runs_on_a_seed():
    d = decompose(shrunk("pbc"), shrunk("big_bang", seed=7), 1, workers=1, progress=False)
    assert d.b.seed == d.a.seed == 1
    assert d.own_seeds == (1, 7)
    assert "the seed 7 in B's file was not used" in format_table(d)


# --- the table and the figure -----------------------------------------------------------
def test_frame_has_one_row_per_measure_and_step(big_bang):
    frame = big_bang.to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert len(frame) == len(MEASURE_KEYS) * (len(MECHANISM_NAMES) + 4)
    for key in MEASURE_KEYS:
        rows = frame[frame["measure"] == key].set_index("step")
        steps = rows.loc["mechanism", "value"].sum() + rows.at["residual", "value"]
        assert rows.at["A", "value"] + steps == pytest.approx(rows.at["B", "value"],
                                                              rel=1e-12)
        mechanisms = frame[(frame["measure"] == key) & (frame["step"] == "mechanism")]
        assert mechanisms["low"].le(mechanisms["value"]).all()
        assert mechanisms["high"].ge(mechanisms["value"]).all()


def test_waterfall_draws_a_figure_and_a_single_axes(big_bang, tmp_path):
    path = plot_waterfall(big_bang, tmp_path / "w.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig, ax = plt.subplots()
    assert plot_waterfall(big_bang, ax, measures=["spend_total_gbp_m"]) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    moving = (big_bang.contributions["spend_total_gbp_m"] != 0).sum()
    assert len(labels) == moving + 3  # A, the moving mechanisms, residual, B
    assert labels[0] == "A: pbc" and labels[-1] == "B: big_bang"
    plt.close(fig)
    fig = plt.figure()
    assert plot_waterfall(big_bang, fig) is fig
    assert len(fig.axes) == len(MEASURE_KEYS)
    plt.close(fig)


# --- bad input --------------------------------------------------------------------------
def test_pairs_that_cannot_be_matched_are_refused():
    with pytest.raises(UserError, match="same 'start' and 'months'"):
        decompose(shrunk("pbc"), shrunk("pct", months=MONTHS + 1), 1, progress=False)
    with pytest.raises(UserError, match="same simulated economy"):
        bigger = shrunk("pct", population={"size": SIZE + 1, "practices": PRACTICES})
        decompose(shrunk("pbc"), bigger, 1, progress=False)
    with pytest.raises(UserError, match="replicates must be at least 1"):
        decompose(shrunk("pbc"), shrunk("pct"), 0, progress=False)


# --- command line -----------------------------------------------------------------------
@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def small_file(folder, name: str, months: int = MONTHS):
    text = (SCENARIOS / f"{name}.toml").read_text()
    text = text.replace("size = 340000", f"size = {SIZE}").replace(
        "practices = 53", f"practices = {PRACTICES}").replace("months = 120",
                                                              f"months = {months}")
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def test_explain_help(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["explain", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for word in ("--replicates", "--population", "--months", "--workers", "--out",
                 "--quiet", "A.toml", "B.toml", "residual"):
        assert word in out


def test_cli_writes_both_files_and_prints_the_table(workdir, capsys):
    a, b = small_file(workdir, "pct"), small_file(workdir, "pbc")
    code, out, err = cli(capsys, "explain", a.name, b.name, "--replicates", 2, "--workers", 1,
                         "--quiet")
    assert code == EXIT_OK, err
    out_dir = workdir / "results" / "explain_pct_vs_pbc"
    assert tree(out_dir) == sorted(EXPLAIN_FILES)
    frame = pd.read_csv(out_dir / "explain.csv")
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert (out_dir / "explain.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert manifest["explain"]["replicates"] == 2
    assert manifest["scenarios"]["b"]["commissioning"]["model"] == "pbc"
    for text in ("Emergency admissions", "interaction residual", "B - A", "A: pct",
                 "B: pbc", "Total spend"):
        assert text in out
    # nothing else left behind (no staging folders)
    assert tree(workdir / "results") == sorted(
        ["explain_pct_vs_pbc", *(f"explain_pct_vs_pbc/{f}" for f in EXPLAIN_FILES)])


def test_cli_population_and_months_apply_to_both(workdir, capsys):
    a, b = small_file(workdir, "pct", months=60), small_file(workdir, "pbc", months=60)
    code, out, err = cli(capsys, "explain", a, b, "--replicates", 1, "--months", 12,
                         "--population", 2000, "--workers", 1, "--out", "here", "--quiet")
    assert code == EXIT_OK, err
    frame = pd.read_csv(workdir / "here" / "explain.csv")
    assert set(frame["months"]) == {12} and set(frame["population"]) == {2000}
    assert "12 months from 2010-04, 2,000 people" in out


@pytest.mark.parametrize("args, words", [
    (["nowhere.toml", "{b}"], ["nowhere.toml", "no such scenario file"]),
    (["{a}", "nowhere.toml"], ["nowhere.toml", "no such scenario file"]),
    (["{a}"], ["B.toml", "--help"]),
    (["{a}", "{b}", "--replicates", "0"], ["--replicates", "at least 1"]),
    (["{a}", "{b}", "--workers", "zero"], ["--workers", "not a whole number"]),
    (["{a}", "{big_bang}", "--months", "6"], ["big_bang.toml with --months 6", "timeline"]),
    (["{a}", "{long}"], ["same 'start' and 'months'"]),
])
def test_cli_bad_input_exits_2_and_writes_nothing(workdir, capsys, args, words):
    files = {"a": small_file(workdir, "pct"), "b": small_file(workdir, "pbc"),
             "big_bang": small_file(workdir, "big_bang")}
    long = small_file(workdir, "lcp", months=MONTHS + 12)
    before = tree(workdir)
    code, out, err = cli(capsys, "explain", *(a.format(**files, long=long) for a in args),
                         "--quiet")
    assert code == EXIT_BAD_INPUT
    assert "Traceback" not in err and err.startswith("healthsim: error:")
    for word in words:
        assert word in err
    assert tree(workdir) == before
    assert not os.path.exists(workdir / "results")
