"""``healthsim explain``: the factorial decomposition adds up (base + Shapley values =
B - A per replicate), preconditions are reported and not credited, mechanisms that
cannot act get exactly nothing, the exact and approximate paths give the answers of
known games, results do not depend on the number of workers, and the command line
writes its files or refuses bad input (exit 2, nothing written). The maths alone is
tested in ``test_shapley.py``."""

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

import sim.explain.runs  # noqa: E402
from sim.cli import EXIT_BAD_INPUT, EXIT_OK, main  # noqa: E402
from sim.errors import UserError  # noqa: E402
from sim.explain import MEASURE_KEYS, decompose, plot_waterfall  # noqa: E402
from sim.explain.decomposition import APPROXIMATE, EXACT, FRAME_COLUMNS  # noqa: E402
from sim.explain.factorial import fractional_design  # noqa: E402
from sim.explain.measures import run_totals  # noqa: E402
from sim.explain.report import EXPLAIN_FILES, format_table  # noqa: E402
from sim.explain.runs import run_all, run_one  # noqa: E402
from sim.mechanisms import MECHANISM_NAMES, PRECONDITION_NAMES  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

# Small economy: big bang bids open in month 12 (2011-04); where no local group of
# 100,000 bids, an outside organisation takes over, so block contracts, specialists and
# care plans all act even at 4,000 people. The other mechanisms are switched off in both
# files, so that the factorial has 3 players: 2 x 2^3 + 2 scenarios, not 2 x 2^8 + 2.
SIZE, PRACTICES, MONTHS, REPLICATES = 4000, 4, 30, 2
PLAYING = ("care_plans", "specialists", "block_contracts")
OFF = {"mechanisms": {n: False for n in MECHANISM_NAMES
                      if n not in PLAYING and n not in PRECONDITION_NAMES}}


def shrunk(name: str, **changes):
    """A scenario file at the test size, three players on (``changes``: more top-level
    overrides)."""
    base = {"population": {"size": SIZE, "practices": PRACTICES}, "months": MONTHS, **OFF}
    return load_scenario(SCENARIOS / f"{name}.toml").with_overrides(**{**base, **changes})


@pytest.fixture(scope="module")
def big_bang():
    """pbc -> big bang, three players and the precondition (one worker)."""
    return decompose(shrunk("pbc"), shrunk("big_bang"), REPLICATES, workers=1,
                     progress=False)


def parts(per: dict, d) -> np.ndarray:
    """base + Shapley values (+ remainder) per replicate."""
    total = per["base"] + sum(per[n] for n in d.players)
    return total + per["remainder"] if "remainder" in per else total


# --- the decomposition adds up ---------------------------------------------------------
def test_base_and_shapley_values_add_up_to_the_difference_per_replicate(big_bang):
    d = big_bang
    assert d.players == PLAYING and d.method == EXACT
    per = d.per_replicate
    np.testing.assert_allclose(parts(per, d), per["B"] - per["A"], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(d.base + d.shapley.sum(axis=0), d.difference, rtol=1e-12,
                               atol=1e-9)
    np.testing.assert_allclose(d.total_a + d.difference, d.total_b, rtol=1e-12, atol=1e-9)
    # and the pair is one where mechanisms matter, so the sum is not trivially 0 = 0
    assert d.difference["emergency_admissions"] != 0
    assert (d.shapley != 0).any(axis=1).sum() >= 2, d.shapley


def test_base_and_difference_are_those_of_independent_runs(big_bang):
    """Recomputed by hand: B - A with every player off, and as given, for one replicate."""
    a, b = shrunk("pbc"), shrunk("big_bang")
    none = {"mechanisms": {**OFF["mechanisms"], **dict.fromkeys(PLAYING, False)}}
    replicate = 1
    runs = {"A": run_one(a, replicate), "B": run_one(b, replicate),
            "A0": run_one(a.with_overrides(**none), replicate),
            "B0": run_one(b.with_overrides(**none), replicate)}
    for k, key in enumerate(MEASURE_KEYS):
        assert big_bang.per_replicate["base"][replicate, k] == pytest.approx(
            runs["B0"][key] - runs["A0"][key], abs=1e-9)
        assert big_bang.per_replicate["difference"][replicate, k] == pytest.approx(
            runs["B"][key] - runs["A"][key], abs=1e-9)


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


# --- preconditions ----------------------------------------------------------------------
def test_a_precondition_is_reported_and_not_in_the_sum(big_bang):
    d = big_bang
    assert "engagement_incentives" in PRECONDITION_NAMES
    assert d.preconditions == ("engagement_incentives",)
    assert "engagement_incentives" not in d.players
    assert "engagement_incentives" not in d.shapley.index
    frame = d.to_frame()
    row = frame[(frame["step"] == "precondition") & (frame["measure"] == MEASURE_KEYS[0])]
    assert row["mechanism"].tolist() == ["engagement_incentives"]
    assert row["share_of_difference"].isna().all()
    # its value is B - A of runs with it off in both (every player as given)
    off = {"mechanisms": {**OFF["mechanisms"], "engagement_incentives": False}}
    a, b = run_one(shrunk("pbc", **off), 0), run_one(shrunk("big_bang", **off), 0)
    assert d.per_replicate["precondition:engagement_incentives"][0, 0] == pytest.approx(
        b[MEASURE_KEYS[0]] - a[MEASURE_KEYS[0]], abs=1e-9)
    assert "precondition, not in the sum: with engagement_incentives off" in format_table(d)


# --- mechanisms that cannot act ---------------------------------------------------------
def test_a_mechanism_off_in_both_files_is_not_a_player(big_bang):
    assert (big_bang.shapley.loc["care_plans"] != 0).any()  # it acts when on
    off = {"mechanisms": {**OFF["mechanisms"], "care_plans": False}}
    d = decompose(shrunk("pbc", **off), shrunk("big_bang", **off), 1, workers=1,
                  progress=False)
    assert d.players == ("specialists", "block_contracts")
    assert "care_plans" in d.not_players
    assert d.already_off["care_plans"] == "both" and d.already_off["specialists"] == ""
    # 2 x 2^2 coalitions + 2 precondition runs
    assert d.distinct_scenarios == 2 * 4 + 2


def test_a_mechanism_that_cannot_matter_for_the_pair_gets_exactly_zero():
    """PCT vs PBC: no partnerships form, so no block contracts and no specialists."""
    # every cluster puts its business case forward in the first April, so that PBC's
    # care plans surely start within the short run
    keen = {"parameters": {"business_case_rate": 10.0}}
    d = decompose(shrunk("pct", **keen), shrunk("pbc", **keen), REPLICATES, workers=1,
                  progress=False)
    assert d.difference["emergency_admissions"] != 0
    for mechanism in ("block_contracts", "specialists"):
        assert (d.shapley.loc[mechanism] == 0).all(), mechanism
    assert (d.shapley.loc["care_plans"] != 0).any()  # PBC's care plans do act


def test_identical_scenarios_have_nothing_to_explain():
    a = shrunk("pbc")
    d = decompose(a, a, 1, workers=1, progress=False)
    assert (d.difference == 0).all() and (d.base == 0).all()
    assert (d.shapley == 0).all().all() and (d.interactions == 0).all().all()
    assert d.distinct_scenarios == 2 ** len(PLAYING) + 1  # both arms the same scenarios


# --- known games: the whole pipeline with a toy model ------------------------------------
WEIGHTS = {name: float(i + 1) for i, name in enumerate(MECHANISM_NAMES)}
PAIR, PAIR_VALUE = ("block_contracts", "pbr_drift"), 10.0


def toy_run(scenario, replicate):
    """A game instead of a model: in B (big_bang), each mechanism on adds its weight and
    the pair adds PAIR_VALUE more, all only with engagement on; A is noise."""
    on = {n for n in MECHANISM_NAMES if getattr(scenario.mechanisms, n)}
    value = 0.5 * replicate
    if scenario.name == "big_bang" and "engagement_incentives" in on:
        value += sum(WEIGHTS[n] for n in on if n != "engagement_incentives")
        value += PAIR_VALUE * (set(PAIR) <= on)
    return dict(zip(MEASURE_KEYS, (value, value / 100, value * 3), strict=True))


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(sim.explain.runs, "run_one", toy_run)


def every_mechanism(name: str):
    return load_scenario(SCENARIOS / f"{name}.toml").with_overrides(
        population={"size": SIZE, "practices": PRACTICES}, months=MONTHS)


def expected_shapley(players) -> list[float]:
    return [WEIGHTS[n] + (PAIR_VALUE / 2 if n in PAIR else 0.0) for n in players]


def test_full_factorial_of_eight_players_gives_the_known_shapley_values(toy):
    d = decompose(every_mechanism("pbc"), every_mechanism("big_bang"), 2, progress=False)
    assert len(d.players) == 8 and d.method == EXACT
    assert d.distinct_scenarios == 2 * 2 ** 8 + 2
    np.testing.assert_allclose(d.shapley["emergency_admissions"], expected_shapley(d.players))
    assert d.base["emergency_admissions"] == 0
    i = f"{PAIR[0]} \u00d7 {PAIR[1]}"
    assert d.interactions.at[i, "emergency_admissions"] == pytest.approx(PAIR_VALUE / 2)
    assert d.main_effects.at["pbr_drift", "emergency_admissions"] == pytest.approx(
        WEIGHTS["pbr_drift"] + PAIR_VALUE / 2)
    # the precondition: with engagement off in both, no difference at all
    assert d.precondition_differences.at["engagement_incentives",
                                         "emergency_admissions"] == 0
    assert "block_contracts \u00d7 pbr_drift: +5" in format_table(d)


def test_beyond_the_limit_a_fraction_gives_approximate_shapley_values(toy):
    d = decompose(every_mechanism("pbc"), every_mechanism("big_bang"), 2, progress=False,
                  full_factorial_limit=4)
    assert d.method == APPROXIMATE
    design = len(fractional_design(8))
    assert len(d.plan.design) == design < 2 ** 8
    # the fraction holds no-one-on but not everyone-on: one more coalition per arm
    assert d.distinct_scenarios == 2 * (design + 1) + 2
    np.testing.assert_allclose(d.shapley["emergency_admissions"], expected_shapley(d.players),
                               atol=1e-9)
    np.testing.assert_allclose(d.remainder, 0, atol=1e-9)  # a two-way game
    per = d.per_replicate
    np.testing.assert_allclose(parts(per, d), per["difference"], atol=1e-9)
    frame = d.to_frame()
    assert set(frame["method"]) == {APPROXIMATE}
    assert "remainder" in set(frame["step"])
    assert "APPROXIMATE" in format_table(d)


# --- determinism ------------------------------------------------------------------------
def test_same_results_whatever_the_number_of_workers(big_bang):
    two = decompose(shrunk("pbc"), shrunk("big_bang"), REPLICATES, workers=2,
                    progress=False)
    pd.testing.assert_frame_equal(two.runs, big_bang.runs, check_exact=True)
    pd.testing.assert_frame_equal(two.to_frame(), big_bang.to_frame(), check_exact=True)


def test_runs_already_known_are_not_run_again_and_change_nothing(big_bang, monkeypatch):
    """The arms as given, run elsewhere, are reused (``known``): fewer runs, the same
    decomposition to the last bit."""
    known = {}
    run_all({"A": shrunk("pbc"), "B": shrunk("big_bang")}, REPLICATES, known=known)
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


def test_b_runs_on_a_seed(toy):
    d = decompose(shrunk("pbc"), shrunk("big_bang", seed=7), 1, workers=1, progress=False)
    assert d.b.seed == d.a.seed == 1
    assert d.own_seeds == (1, 7)
    assert "the seed 7 in B's file was not used" in format_table(d)


# --- the table and the figure -----------------------------------------------------------
def test_frame_has_one_row_per_measure_and_step(big_bang):
    frame = big_bang.to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS)
    k = len(PLAYING)
    # A, base, k Shapley, difference, B, 1 precondition, k main effects, k(k-1)/2 pairs
    assert len(frame) == len(MEASURE_KEYS) * (4 + 1 + 2 * k + k * (k - 1) // 2)
    for key in MEASURE_KEYS:
        rows = frame[frame["measure"] == key]
        by_step = rows.set_index("step")
        steps = by_step.at["base", "value"] + rows.loc[rows["step"] == "shapley",
                                                      "value"].sum()
        assert steps == pytest.approx(by_step.at["difference", "value"], rel=1e-9, abs=1e-9)
        assert by_step.at["A", "value"] + steps == pytest.approx(by_step.at["B", "value"],
                                                                 rel=1e-12)
        shapley = rows[rows["step"] == "shapley"]
        assert shapley["low"].le(shapley["value"]).all()
        assert shapley["high"].ge(shapley["value"]).all()
        interactions = rows[rows["step"] == "interaction"]
        assert (interactions["interacting_with"] != "").all()
    assert set(frame["method"]) == {EXACT}


def test_waterfall_draws_a_figure_and_a_single_axes(big_bang, tmp_path):
    path = plot_waterfall(big_bang, tmp_path / "w.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig, ax = plt.subplots()
    assert plot_waterfall(big_bang, ax, measures=["spend_total_gbp_m"]) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    moving = (big_bang.shapley["spend_total_gbp_m"] != 0).sum()
    assert len(labels) == moving + 3  # base, the moving mechanisms, B - A, precondition
    assert labels[0].startswith("Base") and labels[-2] == "B \u2212 A"
    assert "engagement_incentives" in labels[-1]
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
    """The scenario file at the test size, with only ``PLAYING`` and the precondition."""
    text = (SCENARIOS / f"{name}.toml").read_text()
    text = text.replace("size = 340000", f"size = {SIZE}").replace(
        "practices = 53", f"practices = {PRACTICES}").replace("months = 120",
                                                              f"months = {months}")
    text += "\n[mechanisms]\n" + "".join(f"{n} = false\n" for n in OFF["mechanisms"])
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def test_explain_help(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["explain", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for word in ("--replicates", "--population", "--months", "--workers", "--out",
                 "--quiet", "A.toml", "B.toml", "Shapley", "factorial", "precondition"):
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
    for text in ("Emergency admissions", "base: B - A with every mechanism off", "B - A",
                 "A: pct", "B: pbc", "Total spend", "exact Shapley", "Planned: 36 runs",
                 "precondition, not in the sum"):
        assert text in out
    assert manifest["explain"]["shapley"] == EXACT
    assert manifest["explain"]["players"] == list(PLAYING)
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
    # practices scaled to keep A's list size, the same in both
    scenarios = json.loads((workdir / "here" / "manifest.json").read_text())["scenarios"]
    scaled = {"size": 2000, "practices": max(1, round(2000 * PRACTICES / SIZE))}
    assert scenarios["a"]["population"] == scenarios["b"]["population"] == scaled


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
