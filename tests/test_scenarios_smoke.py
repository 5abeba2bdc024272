"""Every shipped scenario file loads and runs (shortened), producing finite numbers."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import SCENARIOS, run_model

from sim.results.recorder import TIMESERIES_COLUMNS
from sim.scenario import load_scenario

FILES = sorted(SCENARIOS.glob("*.toml"))


def test_the_baseline_is_shipped():
    assert SCENARIOS / "baseline.toml" in FILES


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_loads_and_runs_shortened(path):
    scenario = load_scenario(path)
    practices = min(scenario.population.practices, 2000 // 10)
    short = scenario.with_overrides(months=13,
                                    population={"size": 2000, "practices": practices},
                                    timeline=[e for e in scenario.timeline
                                              if scenario.clock.index_of(e.date) < 13])
    model = run_model(short)
    ts = model.recorder.timeseries()
    assert list(ts.columns) == list(TIMESERIES_COLUMNS)
    assert len(ts) == 13
    numbers = ts.drop(columns=["date", "elective_wait_weeks"]).to_numpy(dtype=float)
    assert np.isfinite(numbers).all()
    assert (ts["population"] > 0).all()
    assert (ts["spend_total"] > 0).all()
    assert ts["emergency_admissions"].sum() > 0
    assert len(model.accounts) >= 1 + short.providers.acute_trusts
    assert all(np.isfinite(a["surplus"]) for a in model.accounts if "surplus" in a)
