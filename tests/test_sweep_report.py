"""The sweep report: quantile bands, paired differences with 95% intervals, Sobol and
Morris indices (checked on data with known answers), and the report folder."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sweep_helpers import write_sweep

from sim.cli import EXIT_BAD_INPUT, EXIT_OK, main
from sim.sweep import analysis

MORRIS_TWO_ARMS = """\
[design]
method = "morris"
samples = 2

[parameters.emergency_ltc_ratio]
low = 1.2
high = 1.5
"""


def outcomes_table(values: dict[int, list[float]]) -> pd.DataFrame:
    """Whole-run outcomes: ``values[point][replicate]`` for every outcome."""
    rows = [{"point": p, "replicate": r, **dict.fromkeys(analysis.OUTCOMES, v)}
            for p, series in values.items() for r, v in enumerate(series)]
    return pd.DataFrame(rows)


def test_paired_difference_and_t_interval():
    table = outcomes_table({0: [10.0, 20.0, 30.0], 1: [11.0, 22.0, 33.0]})
    pairs = pd.DataFrame({"point": [1], "reference_point": [0], "kind": ["arm"]})
    found = analysis.paired_differences(table, pairs).iloc[0]
    half = 4.302652729911275 * 1.0 / math.sqrt(3)  # t(0.975, 2) * sd / sqrt(n)
    assert found["mean_difference"] == pytest.approx(2.0)
    assert (found["ci95_low"], found["ci95_high"]) == pytest.approx((2 - half, 2 + half))
    assert found["replicates"] == 3 and found["reference_mean"] == pytest.approx(20.0)


def test_differences_are_paired_by_replicate():
    """Replicates differ a lot, the effect is a constant 5: pairing removes the noise."""
    table = outcomes_table({0: [100.0, 300.0, 200.0], 1: [105.0, 305.0, 205.0]})
    pairs = pd.DataFrame({"point": [1], "reference_point": [0], "kind": ["level"]})
    found = analysis.paired_differences(table, pairs).iloc[0]
    assert (found["ci95_low"], found["mean_difference"], found["ci95_high"]) == (5, 5, 5)


def test_missing_replicates_are_left_out_of_the_pairing():
    table = outcomes_table({0: [1.0, 2.0, 3.0], 1: [2.0, 3.0]})
    pairs = pd.DataFrame({"point": [1], "reference_point": [0], "kind": ["arm"]})
    assert analysis.paired_differences(table, pairs).iloc[0]["replicates"] == 2


def test_comparisons_pair_arms_by_design_row_and_factorial_levels():
    points = pd.DataFrame({"point": range(6), "arm": ["a"] * 3 + ["b"] * 3,
                           "row": [0, 1, 2] * 2})
    pairs = analysis.comparisons(points, "factorial")
    arms = pairs[pairs["kind"] == "arm"]
    assert list(zip(arms["point"], arms["reference_point"], strict=True)) == [
        (3, 0), (4, 1), (5, 2)]
    levels = pairs[pairs["kind"] == "level"]
    assert list(zip(levels["point"], levels["reference_point"], strict=True)) == [
        (1, 0), (2, 0), (4, 3), (5, 3)]
    assert set(analysis.comparisons(points, "sobol")["kind"]) == {"arm"}


def test_quantile_bands_across_replicates():
    runs = pd.DataFrame({"point": 0, "arm": "a", "row": 0, "date": pd.Timestamp("2010-04"),
                         "replicate": range(5), "emergency_admissions_per_1000": [
                             1.0, 2.0, 3.0, 4.0, 5.0], "spend_total": 0.0, "qalys": 0.0})
    bands = analysis.quantile_bands(runs)
    row = bands[bands["series"] == "emergency_admissions_per_1000"].iloc[0]
    assert (row["q05"], row["q50"], row["q95"], row["mean"]) == pytest.approx(
        (1.2, 3.0, 4.8, 3.0))
    assert row["replicates"] == 5


def synthetic_manifest(method: str, matrix: np.ndarray, names: list[str]) -> dict:
    return {"sweep": {"seed": 1, "design": {"second_order": False, "morris_levels": 4},
                      "parameters": {n: {"low": 0.0, "high": 1.0} for n in names}},
            "design": {"method": method, "parameters": names, "matrix": matrix.tolist()}}


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_indices_find_the_parameter_that_matters(method):
    from SALib.sample import morris, sobol

    names = ["matters", "inert"]
    problem = {"num_vars": 2, "names": names, "bounds": [[0, 1], [0, 1]]}
    matrix = (sobol.sample(problem, 64, calc_second_order=False, seed=1) if method == "sobol"
              else morris.sample(problem, 10, seed=1))
    y = 3.0 * matrix[:, 0] ** 2  # depends on the first parameter only
    means = pd.DataFrame({"point": range(len(y)), "arm": "a", "row": range(len(y)),
                          **dict.fromkeys(analysis.OUTCOMES, y)})
    indices, notes = analysis.sensitivity(means, synthetic_manifest(method, matrix, names))
    assert not notes
    one = indices[indices["outcome"] == "qalys_total"].set_index("parameter")
    if method == "sobol":
        assert one.loc["matters", "ST"] == pytest.approx(1.0, abs=0.15)
        assert one.loc["inert", "ST"] == pytest.approx(0.0, abs=1e-9)
    else:
        assert one.loc["matters", "mu_star"] > 1.0
        assert one.loc["inert", "mu_star"] == 0.0


def test_indices_need_every_point():
    matrix = np.zeros((4, 1))
    means = pd.DataFrame({"point": range(4), "arm": "a", "row": range(4),
                          **dict.fromkeys(analysis.OUTCOMES, [1.0, np.nan, 2.0, 3.0])})
    indices, notes = analysis.sensitivity(means, synthetic_manifest("sobol", matrix, ["x"]))
    assert indices.empty and "1 points have no finished run" in notes[0]


def test_report_of_a_small_sweep(tmp_path, capsys):
    """Two identical arms: with common random numbers their paired differences are
    exactly zero, with zero-width intervals."""
    arms = ('[[arms]]\nscenario = "tiny.toml"\nname = "a"\n'
            '[[arms]]\nscenario = "tiny.toml"\nname = "same-as-a"\n')
    sweep_file = write_sweep(tmp_path / "in", arms=arms, body=MORRIS_TWO_ARMS)
    out = tmp_path / "out"
    assert main(["sweep", str(sweep_file), "--out", str(out), "--quiet"]) == EXIT_OK
    assert main(["sweep-report", str(out)]) == EXIT_OK
    report = out / "report"
    assert {p.name for p in report.iterdir()} == {
        "bands.csv", "bands.png", "outcomes.csv", "differences.csv", "differences.png",
        "sensitivity.csv", "sensitivity.png", "summary.md"}
    differences = pd.read_csv(report / "differences.csv")
    assert len(differences) == 4 * 3  # 4 design rows x 3 outcomes, arm comparisons
    assert (differences[["mean_difference", "ci95_low", "ci95_high"]] == 0).all().all()
    indices = pd.read_csv(report / "sensitivity.csv")
    assert len(indices) == 2 * 3 and {"mu_star", "sigma"} <= set(indices)
    bands = pd.read_csv(report / "bands.csv")
    assert len(bands) == 3 * 8 * 12  # series x points x months
    summary = (report / "summary.md").read_text()
    assert "morris" in summary and "## Paired differences" in summary
    assert "Parameters ranked by Morris mu*" in summary


def test_report_of_an_unfinished_sweep_says_what_is_missing(tmp_path, capsys):
    sweep_file = write_sweep(tmp_path / "in", body=MORRIS_TWO_ARMS, replicates=1)
    out = tmp_path / "out"
    assert main(["sweep", str(sweep_file), "--out", str(out), "--quiet"]) == EXIT_OK
    (out / "runs" / "p00001-r000.parquet").unlink()
    capsys.readouterr()
    assert main(["sweep-report", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "1 of 4 runs are not finished" in printed
    assert "no morris indices" in printed
    assert "1 of 4 runs are not finished" in (out / "report" / "summary.md").read_text()


def test_report_needs_a_sweep_folder(tmp_path, capsys):
    assert main(["sweep-report", str(tmp_path)]) == EXIT_BAD_INPUT
    assert "not a sweep folder" in capsys.readouterr().err
