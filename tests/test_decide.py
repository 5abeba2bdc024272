"""Decisions under uncertainty (sim.decide): the uncertain inputs and their draws, the
analysis on data with a planted answer, and a small decision run end to end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.decide.analysis import (
    MEASURES,
    discover_flip,
    evppi,
    input_groups,
    probability_best,
)
from sim.decide.inputs import UncertainInput, draw_inputs, select_inputs, uncertain_inputs

NMB = next(m for m in MEASURES if m.key == "nmb_20k")


def test_every_sourced_prior_and_structural_choice_is_an_uncertain_input():
    names = {item.name for item in select_inputs()}
    assert {"needed_share_of_withheld_referrals", "cancer_progression_per_year",
            "drift_driver", "engagement_driver"} <= names
    assert "mortality_background" not in names  # a placeholder prior, not drawn by default
    assert "mortality_background" in {item.name for item in select_inputs(sourced_only=False)}
    assert all(item.low <= item.high for item in uncertain_inputs())


def test_draws_follow_the_priors_and_repeat_with_the_seed():
    inputs = select_inputs(only=("cancer_progression_per_year", "drift_driver",
                                 "referral_reduction_max"))
    draws = draw_inputs(inputs, 400, seed=3)
    pd.testing.assert_frame_equal(draws, draw_inputs(inputs, 400, seed=3))
    assert not draws.equals(draw_inputs(inputs, 400, seed=4))
    uniform = draws["cancer_progression_per_year"]
    assert uniform.between(0.3, 1.2).all() and abs(uniform.mean() - 0.75) < 0.02
    # a Latin hypercube: exactly one draw in each 1/400 slice of the unit interval
    assert len(np.unique(np.floor((uniform - 0.3) / 0.9 * 400))) == 400
    assert draws["drift_driver"].value_counts().min() >= 133
    triangular = draws["referral_reduction_max"]  # triangular 0 - 0.08 - 0.2
    assert triangular.between(0.0, 0.2).all() and triangular.mean() == pytest.approx(
        (0.0 + 0.08 + 0.2) / 3, abs=0.005)


# --- the analysis on a planted flip ---------------------------------------------------------
def _planted(draws: int = 300, seed: int = 2):
    """Arm B beats A by 1 unless a toy input exceeds 0.7, when A beats B by 1; C is
    always worse. Three noise inputs do nothing."""
    rng = np.random.default_rng(seed)
    toy = UncertainInput("toy_threshold", "parameter", "uniform", 0.0, 1.0)
    noise = tuple(UncertainInput(f"noise_{i}", "parameter", "uniform", 0.0, 1.0)
                  for i in range(3))
    inputs = (toy, *noise)
    scores = pd.DataFrame({item.name: rng.random(draws) for item in inputs})
    scores.index.name = "draw"
    b = np.where(scores["toy_threshold"] > 0.7, -1.0, 1.0) * 1000.0
    values = {"A": np.zeros(draws), "B": b, "C": np.full(draws, -500.0)}
    frames = []
    for arm, nmb in values.items():
        frame = pd.DataFrame({m.key: 0.0 for m in MEASURES}, index=scores.index)
        frame["nmb_20k"] = nmb + rng.normal(0, 1.0, draws)
        frames.append(frame.assign(arm=arm).reset_index().set_index(["arm", "draw"]))
    return inputs, scores, pd.concat(frames)


def test_probability_best_sums_to_one_and_regret_is_zero_for_a_dominant_arm():
    _, _, means = _planted()
    table = probability_best(means, ["A", "B", "C"])
    for _, rows in table.groupby("measure"):
        assert rows["p_best"].sum() == pytest.approx(1.0)
    nmb = table[table["measure"] == "nmb_20k"].set_index("arm")
    assert nmb.loc["B", "p_best"] == pytest.approx(0.7, abs=0.07)
    assert nmb.loc["C", "p_best"] == 0.0
    assert nmb.loc["B", "expected_regret"] < nmb.loc["A", "expected_regret"]
    assert nmb.loc["B", "expected_regret"] == pytest.approx(
        1000 * (1 - nmb.loc["B", "p_best"]), rel=0.05)


def test_scenario_discovery_finds_the_planted_flip():
    inputs, scores, means = _planted()
    box = discover_flip(means, scores, NMB, ["A", "B", "C"])
    assert box.preferred == "B"
    assert list(box.limits) == ["toy_threshold"]
    low, high = box.limits["toy_threshold"]
    assert low == pytest.approx(0.7, abs=0.03)
    assert high == pytest.approx(scores["toy_threshold"].max())  # open above
    assert box.density > 0.9 and box.coverage > 0.9


def test_the_planted_input_has_the_largest_evppi():
    inputs, scores, means = _planted()
    table = evppi(means, scores, input_groups(inputs), "nmb_20k", "A")
    singles = table[table["group"].isin([item.name for item in inputs])]
    assert singles.iloc[0]["group"] == "toy_threshold"
    evpi = float(table.loc[table["group"] == "all inputs", "evppi"].iloc[0])
    # perfect knowledge of the toy input is worth as much as knowing everything:
    # choose A above 0.7 and gain 1000 there (30% of draws)
    assert evpi == pytest.approx(300, rel=0.15)
    assert singles.iloc[0]["evppi"] == pytest.approx(evpi, rel=0.15)
    assert singles.iloc[1:]["evppi"].max() < 0.2 * evpi


# --- end to end -----------------------------------------------------------------------------
def _decide(tmp_path, name: str, workers: int) -> tuple[int, object]:
    from sim.cli import main

    out = tmp_path / name
    code = main(["decide", "scenarios/pct.toml", "scenarios/lcp.toml", "--draws", "3",
                 "--replicates", "2", "--population", "30000", "--months", "24",
                 "--workers", str(workers), "--out", str(out), "--quiet"])
    return code, out


@pytest.mark.slow
def test_a_small_decision_writes_its_report_the_same_on_one_and_two_workers(tmp_path):
    code, one = _decide(tmp_path, "one", 1)
    assert code == 0
    report = one / "report"
    for name in ("decision_report.md", "differences.csv", "p_best.csv", "evppi.csv",
                 "differences.png", "p_best.png", "evppi.png", "flip_box.png"):
        assert (report / name).is_file(), name
    p_best = pd.read_csv(report / "p_best.csv")
    assert set(p_best["arm"]) == {"pct", "lcp"}
    for _, rows in p_best.groupby("measure"):
        assert rows["p_best"].sum() == pytest.approx(1.0)
    draws = pd.read_csv(one / "draws.csv", index_col="draw")
    assert len(draws) == 3 and "needed_share_of_withheld_referrals" in draws
    text = (report / "decision_report.md").read_text()
    assert "P(best)" in text and "## Which research is worth most" in text
    code, two = _decide(tmp_path, "two", 2)
    assert code == 0
    for name in ("differences.csv", "p_best.csv", "evppi.csv"):
        assert (two / "report" / name).read_bytes() == (report / name).read_bytes(), name
    runs = sorted(p.name for p in (one / "runs").glob("*.parquet"))
    assert len(runs) == 12
    for run in runs:
        assert (one / "runs" / run).read_bytes() == (two / "runs" / run).read_bytes(), run


def test_decide_refuses_a_single_scenario(tmp_path, capsys):
    from sim.cli import main

    code = main(["decide", "scenarios/pct.toml", "--out", str(tmp_path / "x")])
    assert code == 2
    assert "at least two scenario files" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_the_flip_box_is_written_in_words():
    from sim.decide.analysis import FlipBox
    from sim.decide.report import box_words

    words = box_words(FlipBox("slow_burn", 5, 16, {"drift_payment_share": (0.1, 0.5),
                                                    "drift_driver": (1.0, 2.0)}, 0.9, 1.0))
    assert "drift_payment_share (share of the growth in short-stay admissions" in words
    assert "between 0.1 and 0.5" in words
    assert "drift_driver is payment_rule or independent" in words


def test_smoother_is_sklearns_pipeline_and_reuses_each_design():
    """``_smooth`` builds the spline and one-hot columns of an x once and fits the
    ridge on them: the same fitted values as the whole scikit-learn pipeline, for
    numbers and choices, however many y are smoothed on that x."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, SplineTransformer

    from sim.decide import analysis

    rng = np.random.default_rng(3)
    x = pd.DataFrame({"a": rng.random(24), "b": rng.random(24),
                      "choice": rng.choice(["x", "y", "z"], 24)})
    pipeline = make_pipeline(ColumnTransformer([
        ("splines", SplineTransformer(n_knots=4, degree=3), ["a", "b"]),
        ("choices", OneHotEncoder(handle_unknown="ignore"), ["choice"])]),
        RidgeCV(alphas=np.logspace(-3, 3, 13)))
    for seed in range(3):
        y = x["a"].to_numpy() * 3 + (x["choice"] == "y") + np.random.default_rng(seed).random(24)
        expected = pipeline.fit(x, y).predict(x)
        np.testing.assert_array_equal(analysis._smooth(x, y), expected)
    assert analysis._design(x) is analysis._design(x.copy())  # remembered by content
    other = x.assign(a=x["a"] + 1.0)
    assert analysis._design(other) is not analysis._design(x)
