"""``healthsim compare --draws N``: the headlines with their parameter uncertainty
(``sim.compare.uncertainty``): P(better), the interval over draws, the assumption
that would flip a ranking, and what the command prints and writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import cli
from test_compare import pbr, scenario_text, write

from sim.cli import EXIT_OK
from sim.compare import MEASURES, replicate_totals
from sim.compare.comparison import SOURCE_COLUMNS
from sim.compare.uncertainty import (
    COLUMNS,
    draw_totals,
    flip_sentence,
    summarise,
)
from sim.decide.inputs import draw_inputs, select_inputs

PLANTED = "care_plan_effect"  # the input whose value decides the planted ranking
THRESHOLD = 0.08  # above it B has more emergency admissions than A; below, fewer
DRAWS = 40


@pytest.fixture(scope="module")
def planted():
    """A and B over 40 draws of three inputs; B - A in emergency admissions is +100
    where the planted input is above the threshold and -100 below it; QALYs differ by
    a constant; the rest is noise that no input explains."""
    inputs = select_inputs(only=(PLANTED, "gp_attitude_sd", "care_plan_share"))
    draws = draw_inputs(inputs, DRAWS, seed=3)
    rng = np.random.default_rng(5)
    keys = [m.key for m in MEASURES]
    a = pd.DataFrame(rng.normal(1000, 10, (DRAWS, len(keys))), columns=keys)
    b = a + rng.normal(0, 1, a.shape)
    above = draws[PLANTED].to_numpy() > THRESHOLD
    b["emergency_admissions"] = a["emergency_admissions"] + np.where(above, 100.0, -100.0)
    b["qalys_discounted"] = a["qalys_discounted"] + 5.0
    totals = pd.concat({"A": a, "B": b}, names=["scenario", "draw"])
    table = summarise(totals, ["A", "B"], inputs, draws)
    return table.set_index("measure"), above


def test_p_better_is_the_share_of_draws_in_which_b_beats_a(planted):
    table, above = planted
    row = table.loc["emergency_admissions"]
    assert row["p_better"] == pytest.approx(np.mean(~above))  # fewer admissions is better
    assert row["p_better"] + row["p_worse"] == pytest.approx(1.0)
    assert row["low"] == pytest.approx(-100) and row["high"] == pytest.approx(100)
    assert table.loc["qalys_discounted", "p_better"] == 1.0
    assert table.loc["qalys_discounted", "flips"] == 0


def test_the_planted_assumption_is_named_as_the_one_that_flips_the_ranking(planted):
    table, above = planted
    row = table.loc["emergency_admissions"]
    assert row["flips"] == min(above.sum(), (~above).sum())  # draws against the mean's sign
    assert row["flip_input"] == PLANTED
    assert "reduction in emergency-admission risk" in row["flip_meaning"]
    sentence = flip_sentence(row)
    assert f"reverses in {row['flips']} of {DRAWS} draws" in sentence and PLANTED in sentence
    assert flip_sentence(table.loc["qalys_discounted"]) == f"the ranking holds in all {DRAWS} draws"


def test_draws_with_no_difference_are_counted_and_their_cause_named():
    """B is better by 50 admissions where the planted input is above the threshold and
    no different below it (as when a model's new bodies never form): no draw reverses
    the ranking, the ties are counted, and the input that decides them is named."""
    inputs = select_inputs(only=(PLANTED, "gp_attitude_sd", "care_plan_share"))
    draws = draw_inputs(inputs, DRAWS, seed=3)
    keys = [m.key for m in MEASURES]
    a = pd.DataFrame(np.full((DRAWS, len(keys)), 1000.0), columns=keys)
    b = a.copy()
    above = draws[PLANTED].to_numpy() > THRESHOLD
    b["emergency_admissions"] -= np.where(above, 50.0, 0.0)
    table = summarise(pd.concat({"A": a, "B": b}, names=["scenario", "draw"]), ["A", "B"],
                      inputs, draws).set_index("measure")
    row = table.loc["emergency_admissions"]
    assert (row["flips"], row["ties"]) == (0, (~above).sum())
    assert row["p_better"] == pytest.approx(above.mean())
    assert row["flip_input"] == PLANTED
    assert f"no difference at all in {(~above).sum()}" in flip_sentence(row)
    assert flip_sentence(table.loc["qalys"]) == f"no difference at all in any of the {DRAWS} draws"


def test_a_structural_choice_can_be_what_separates_the_draws():
    from sim.compare.uncertainty import separating_input
    from sim.decide.inputs import unit_scores

    inputs = select_inputs(only=(PLANTED, "gp_attitude_sd", "engagement_driver"))
    draws = draw_inputs(inputs, DRAWS, seed=2)
    flagged = (draws["engagement_driver"] == "ownership").to_numpy()
    assert 0 < flagged.sum() < DRAWS
    assert separating_input(unit_scores(inputs, draws), flagged) == "engagement_driver"
    assert separating_input(unit_scores(inputs, draws),
                            draws[PLANTED].to_numpy() > THRESHOLD) == PLANTED


def test_measures_with_no_better_direction_have_no_p_better(planted):
    table, _ = planted
    for key in ("referrals", "elective_admissions", "spend_over_budget_gbp_m"):
        assert np.isnan(table.loc[key, "p_better"])
        assert flip_sentence(table.loc[key]) == ""


def test_every_pair_is_summarised_against_each_earlier_scenario():
    inputs = select_inputs(only=(PLANTED,))
    draws = draw_inputs(inputs, 6, seed=1)
    keys = [m.key for m in MEASURES]
    frames = {name: pd.DataFrame(np.full((6, len(keys)), level), columns=keys)
              for name, level in (("A", 1.0), ("B", 2.0), ("C", 4.0))}
    table = summarise(pd.concat(frames, names=["scenario", "draw"]), ["A", "B", "C"],
                      inputs, draws)
    pairs = set(zip(table["reference"], table["scenario"], strict=True))
    assert pairs == {("A", "B"), ("A", "C"), ("B", "C")}
    c_minus_b = table[(table["reference"] == "B") & (table["scenario"] == "C")]
    assert (c_minus_b["median"] == 2.0).all()


def test_draw_totals_are_the_comparisons_own_totals():
    """A decision's runs re-keyed by draw give exactly the totals the comparison
    computes from the same monthly series."""
    rng = np.random.default_rng(0)
    months = pd.date_range("2010-04-01", periods=6, freq="MS")
    frames = []
    for arm in ("A", "B"):
        for row in range(3):
            frame = pd.DataFrame({"date": months, "arm": arm, "row": row, "replicate": 0})
            for column in SOURCE_COLUMNS:
                frame[column] = rng.integers(1, 100, len(months)).astype(float)
            frames.append(frame)
    runs = pd.concat(frames, ignore_index=True)
    ours = draw_totals(runs)
    theirs = replicate_totals(runs.rename(columns={"arm": "scenario"}).assign(
        replicate=runs["row"]).drop(columns=["row", "date"]))
    theirs = theirs.set_index(["scenario", "replicate"]).rename_axis(["scenario", "draw"])
    pd.testing.assert_frame_equal(ours, theirs[ours.columns], check_dtype=False)


@pytest.mark.slow
def test_compare_prints_and_writes_the_draws(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.toml", scenario_text("a", months=12))
    write(tmp_path, "b.toml", scenario_text("b", months=12, extra=pbr(0.1)))
    code, out, err = cli(capsys, "compare", "a.toml", "b.toml", "--replicates", "2",
                         "--draws", "3", "--quiet", "--workers", "1", "--out", "cmp")
    assert code == EXIT_OK, err
    assert "90% over draws" in out and "P(better)" in out
    assert "3 joint draws of" in out
    assert "Would the inputs' uncertainty flip a ranking?" in out
    assert "Emergency admissions, b vs a: the ranking" in out
    table = pd.read_csv(tmp_path / "cmp" / "uncertainty.csv")
    assert list(table.columns) == list(COLUMNS)
    assert len(table) == len(MEASURES) and set(table["draws"]) == {3}
    assert table["p_better"].dropna().between(0, 1).all()
    assert (tmp_path / "cmp" / "uncertainty" / "decision_report.md").exists()
    code, out, err = cli(capsys, "compare", "a.toml", "b.toml", "--replicates", "2",
                         "--draws", "0", "--quiet", "--out", "none")
    assert code == EXIT_OK, err
    assert "90% over draws" not in out
    assert not (tmp_path / "none" / "uncertainty.csv").exists()
