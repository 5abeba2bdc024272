"""Calibration to England 2008-10: the default-size baseline passes every target
(slow), and ``compare`` applies absolute and relative tolerances correctly (fast)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.validity.calibration import Measured, calibrate, compare, format_table, load_targets

EXTRA_ROW = "emergency_admissions_growth_from_ageing_alone"


def targets(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["measure", "value", "unit", "tolerance",
                                       "tolerance_type"])


def test_compare_absolute_tolerance():
    table = compare({"a": Measured(0.30, "emergent"), "b": Measured(0.36, "emergent"),
                     "c": Measured(0.25, "input")},
                    targets(("a", 0.29, "share", 0.05, "absolute"),
                            ("b", 0.29, "share", 0.05, "absolute"),
                            ("c", 0.29, "share", 0.04, "absolute")))
    assert table["passed"].tolist() == [True, False, True]  # c is exactly on the edge
    assert table["low"].tolist() == pytest.approx([0.24, 0.24, 0.25])
    assert table["high"].tolist() == pytest.approx([0.34, 0.34, 0.33])
    assert table["how"].tolist() == ["emergent", "emergent", "input"]
    assert table["model"].tolist() == [0.30, 0.36, 0.25]


def test_compare_relative_tolerance_scales_with_the_target():
    table = compare({"big": Measured(1100.0, "emergent"), "small": Measured(-1.2, "expected"),
                     "miss": Measured(89.0, "emergent")},
                    targets(("big", 1000.0, "GBP", 0.1, "relative"),
                            ("small", -1.0, "x", 0.25, "relative"),
                            ("miss", 100.0, "per 1000", 0.1, "relative")))
    assert table["passed"].tolist() == [True, True, False]
    assert table["low"].tolist() == pytest.approx([900.0, -1.25, 90.0])
    assert table["high"].tolist() == pytest.approx([1100.0, -0.75, 110.0])


def test_compare_upper_bound_allows_anything_below_target_plus_tolerance():
    table = compare({"under": Measured(-5.0, "emergent"), "edge": Measured(0.057, "emergent"),
                     "over": Measured(0.06, "emergent")},
                    targets(("under", 0.047, "x", 0.01, "upper_bound"),
                            ("edge", 0.047, "x", 0.01, "upper_bound"),
                            ("over", 0.047, "x", 0.01, "upper_bound")))
    assert table["passed"].tolist() == [True, True, False]
    assert table["low"].tolist() == [-np.inf] * 3
    assert table["high"].tolist() == pytest.approx([0.057] * 3)


def test_compare_needs_every_target_measured():
    with pytest.raises(KeyError):
        compare({}, targets(("a", 1.0, "x", 0.1, "absolute")))


def test_compare_nan_never_passes():
    table = compare({"a": Measured(float("nan"), "emergent")},
                    targets(("a", 1.0, "x", 10.0, "absolute")))
    assert not table["passed"].iloc[0]


def test_targets_file_is_well_formed():
    table = load_targets()
    assert table["measure"].is_unique
    assert set(table["tolerance_type"]) <= {"absolute", "relative", "upper_bound"}
    assert (table["tolerance"] >= 0).all()
    assert np.isfinite(table["value"]).all()


@pytest.mark.slow
def test_default_baseline_passes_every_target():
    table = calibrate()
    assert set(load_targets()["measure"]) | {EXTRA_ROW} == set(table["measure"])
    assert EXTRA_ROW in set(table["measure"])
    failing = table[~table["passed"]]
    assert failing.empty, "targets missed:\n" + format_table(failing)
