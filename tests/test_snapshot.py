"""Regression snapshot: a fixed-seed small run must reproduce ``snapshots/small_run.json``.

If a change is meant to alter the model's numbers, regenerate the snapshot with
``python tests/snapshots/regenerate.py`` and explain why in the commit message.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).with_name("snapshots")
HOW_TO_UPDATE = ("if this change is meant to alter the model's numbers, run "
                 "`python tests/snapshots/regenerate.py` and say why in the commit message")


def load_regenerate():
    spec = importlib.util.spec_from_file_location("snapshot_regenerate",
                                                  SNAPSHOTS / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerate():
    return load_regenerate()


@pytest.fixture(scope="module")
def stored():
    return json.loads((SNAPSHOTS / "small_run.json").read_text())


def test_snapshot_file_matches_the_script(regenerate, stored):
    assert stored["scenario"] == regenerate.SCENARIO, HOW_TO_UPDATE
    assert len(stored["years"]) == 3  # 36 months from April: three financial years
    assert all(year["months"] == 12 for year in stored["years"].values())


def test_small_run_reproduces_the_snapshot(regenerate, stored):
    fresh = regenerate.snapshot_run()
    assert fresh["years"].keys() == stored["years"].keys(), HOW_TO_UPDATE
    problems = []
    for year, expected in stored["years"].items():
        got = fresh["years"][year]
        for column in ("months", *regenerate.COUNTS):
            if got[column] != expected[column]:
                problems.append(f"{year} {column}: {got[column]} (snapshot {expected[column]})")
        for column in regenerate.FLOATS:
            if got[column] != pytest.approx(expected[column], rel=1e-9):
                problems.append(f"{year} {column}: {got[column]} (snapshot {expected[column]})")
    assert not problems, "; ".join(problems) + f" -- {HOW_TO_UPDATE}"


def test_yearly_totals_sum_by_financial_year(regenerate):
    import pandas as pd

    frame = pd.DataFrame({
        "date": pd.to_datetime(["2011-02-01", "2011-03-01", "2011-04-01"]),
        **{column: [1, 2, 4] for column in regenerate.COUNTS},
        "spend_total": [0.125, 0.25, 1.0], "qalys": [0.1, 0.2, 0.4],
    })
    totals = regenerate.yearly_totals(frame)
    assert totals["2010"]["deaths"] == 3 and totals["2011"]["deaths"] == 4
    assert totals["2010"]["months"] == 2 and totals["2011"]["months"] == 1
    assert totals["2010"]["spend_total"] == 0.38  # rounded to pennies
    assert totals["2010"]["qalys"] == pytest.approx(0.3)
