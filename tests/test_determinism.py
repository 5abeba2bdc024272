"""Reproducibility: the same scenario and seed give the same outputs, bit for bit;
another seed or replicate gives different ones; replicates share common random numbers
across scenarios."""

from __future__ import annotations

import gc
import json

import numpy as np
import pandas as pd
import pytest
from helpers import run_model, small_scenario

from sim.model import HealthEconomy
from sim.results.organisations import as_written
from sim.runs.files import write_run
from sim.runs.run import run_scenario
from sim.runs.simulate import simulate

TIMESTAMPS = ("started", "finished", "runtime_seconds")


def written(scenario, tmp_path, name: str, replicates: int = 1):
    """Run, write the outputs with ``write_run`` and read them back."""
    out = write_run(run_scenario(scenario, replicates=replicates), tmp_path / name)
    manifest = json.loads((out / "manifest.json").read_text())
    for key in TIMESTAMPS:
        manifest.pop(key)
    return (pd.read_parquet(out / "timeseries.parquet"),
            pd.read_parquet(out / "organisations.parquet"), manifest)


@pytest.fixture(scope="module")
def scenario():
    return small_scenario(size=2500, practices=4, months=15, seed=21)


def test_same_seed_gives_identical_outputs(scenario, tmp_path):
    ts_a, orgs_a, manifest_a = written(scenario, tmp_path, "a")
    ts_b, orgs_b, manifest_b = written(scenario, tmp_path, "b")
    pd.testing.assert_frame_equal(ts_a, ts_b, check_exact=True)
    pd.testing.assert_frame_equal(orgs_a, orgs_b, check_exact=True)
    assert manifest_a == manifest_b
    assert len(ts_a) == 15


def test_outputs_survive_the_round_trip_to_parquet(scenario, tmp_path):
    output = run_scenario(scenario)
    ts, orgs, _ = written(scenario, tmp_path, "c")
    pd.testing.assert_frame_equal(ts, output.timeseries, check_exact=True)
    pd.testing.assert_frame_equal(orgs, as_written(output.organisations), check_exact=True)


def test_another_seed_gives_different_outputs(scenario):
    a = run_scenario(scenario).timeseries
    b = run_scenario(scenario.with_overrides(seed=22)).timeseries
    assert not a.equals(b)
    assert (a["emergency_admissions"] != b["emergency_admissions"]).any()
    assert (a["deaths"] != b["deaths"]).any() or (a["births"] != b["births"]).any()


def test_replicates_are_reproducible_and_differ_from_each_other(scenario):
    first = run_scenario(scenario, replicates=2).timeseries
    second = run_scenario(scenario, replicates=2).timeseries
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    assert sorted(first["replicate"].unique()) == [0, 1]
    r0 = first[first["replicate"] == 0].drop(columns="replicate").reset_index(drop=True)
    r1 = first[first["replicate"] == 1].drop(columns="replicate").reset_index(drop=True)
    assert not r0.equals(r1)
    assert (r0["emergency_admissions"] != r1["emergency_admissions"]).any()
    # replicate r of a multi-replicate run is the model built with replicate=r
    alone = run_model(scenario, replicate=1).recorder.timeseries()
    pd.testing.assert_frame_equal(first[first["replicate"] == 1].reset_index(drop=True),
                                  alone, check_exact=True)


def test_a_run_does_not_disturb_the_next():
    """No hidden global random state: interleaving runs changes nothing."""
    a_scenario = small_scenario(size=1500, practices=3, months=8, seed=1)
    b_scenario = small_scenario(size=1800, practices=3, months=8, seed=2)
    a_alone = run_model(a_scenario).recorder.timeseries()
    np.random.seed(123)  # the legacy global generator must not matter either
    run_model(b_scenario)
    a_again = run_model(a_scenario).recorder.timeseries()
    pd.testing.assert_frame_equal(a_alone, a_again, check_exact=True)


def test_a_finished_run_is_freed_before_it_returns():
    """``simulate`` hands back the recorder with the model already collected (the model
    and its agents refer to each other, so only the cycle collector frees them): no
    model is left for a later collection while the next run is built beside it."""
    def models() -> int:
        return sum(isinstance(thing, HealthEconomy) for thing in gc.get_objects())

    simulate(small_scenario(size=500, practices=2, months=1), 0)  # the process's first
    # run sets its heap aside (``_settle_the_heap``); count from after it
    gc.collect()  # earlier tests' finished models
    before = models()
    recorder = simulate(small_scenario(size=1500, practices=3, months=6), 0)
    assert models() == before
    assert len(recorder.timeseries()) == 6


def test_common_random_numbers_across_policies(scenario):
    """Replicate r of two scenarios that differ only in payment rules shares its draws:
    the same people, the same events; only the money differs. (With trusts admitting on
    their margins a payment change is a behaviour change too, so the drift here is the
    structural choice no payment rule moves.)"""
    scenario = scenario.with_overrides(structure={"drift_driver": "independent"})
    changed = scenario.with_overrides(timeline=[
        {"event": "set_marginal_emergency_rate", "date": "2010-07", "rate": 1.0}])
    a = run_scenario(scenario, replicates=2).timeseries
    b = run_scenario(changed, replicates=2).timeseries
    activity = ["population", "deaths", "births", "registrations", "leavers",
                "gp_consultations", "referrals", "emergency_admissions",
                "elective_admissions", "ae_attendances", "qalys"]
    pd.testing.assert_frame_equal(a[activity], b[activity], check_exact=True)
    assert (a["spend_acute_emergency"] != b["spend_acute_emergency"]).any()


def test_outputs_do_not_depend_on_the_process(tmp_path):
    """Two separate processes with different string-hash seeds write the same data as
    an in-process run (no dependence on set or dict ordering of strings)."""
    import os
    import subprocess
    import sys

    (tmp_path / "s.toml").write_text(
        'name = "proc"\nseed = 5\nmonths = 13\n[population]\nsize = 1500\npractices = 3\n')
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-m", "sim", "run", "s.toml", "--quiet",
                               "--out", f"out{hash_seed}"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    expected = run_scenario(small_scenario(size=1500, practices=3, months=13, seed=5)
                            .with_overrides(name="proc"))
    for name, frame in (("timeseries", expected.timeseries),
                        ("organisations", as_written(expected.organisations))):
        one = pd.read_parquet(tmp_path / "out1" / f"{name}.parquet")
        two = pd.read_parquet(tmp_path / "out2" / f"{name}.parquet")
        pd.testing.assert_frame_equal(one, two, check_exact=True)
        pd.testing.assert_frame_equal(one, frame, check_exact=True)


def test_outputs_do_not_depend_on_the_blas_threads(tmp_path):
    """The same run with one BLAS thread and with two writes the same data: no long
    dot product goes to BLAS, which splits it between its threads and so rounds
    differently on machines with different numbers of cores (or under ``taskset``)."""
    import os
    import subprocess
    import sys

    (tmp_path / "s.toml").write_text(
        'name = "blas"\nseed = 9\nmonths = 3\n[population]\nsize = 20000\npractices = 6\n')
    for threads in ("1", "2"):
        env = {**os.environ, **dict.fromkeys(
            ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), threads)}
        done = subprocess.run([sys.executable, "-m", "sim", "run", "s.toml", "--quiet",
                               "--out", f"out{threads}"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    for name in ("timeseries", "organisations"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out1" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "out2" / f"{name}.parquet"),
                                      check_exact=True)


def test_named_streams_are_reproducible_and_independent():
    from sim.streams import STREAMS, make_streams

    a, b = make_streams(7, 0), make_streams(7, 0)
    assert list(a) == list(STREAMS)
    draws = {name: a[name].random(4) for name in STREAMS}
    for name in STREAMS:
        np.testing.assert_array_equal(draws[name], b[name].random(4))
    # every stream differs from every other, and from the same stream of replicate 1
    values = [tuple(v) for v in draws.values()]
    assert len(set(values)) == len(STREAMS)
    other = make_streams(7, 1)
    assert all(not np.array_equal(draws[n], other[n].random(4)) for n in STREAMS)
    # drawing from one stream does not shift another
    c = make_streams(7, 0)
    c["setup"].random(1000)
    np.testing.assert_array_equal(c["outcomes"].random(4), draws["outcomes"])


def test_monthly_draws_are_fresh_per_kind_and_month():
    from sim.streams import MonthDraws

    a, b = MonthDraws(7, (0,), 3), MonthDraws(7, (0,), 3)
    a["emergency"].random(1000)  # using one kind of draw does not shift another
    np.testing.assert_array_equal(a["first_outpatient"].random(4),
                                  b["first_outpatient"].random(4))
    assert not np.array_equal(MonthDraws(7, (0,), 4)["emergency"].random(4),
                              MonthDraws(7, (0,), 3)["emergency"].random(4))


def test_scenarios_share_random_numbers_where_their_rules_agree():
    """A change to emergency admitting leaves referrals and deaths draw for draw alike."""
    from sim import HealthEconomy, Scenario

    def series(growth: float):
        scenario = Scenario(name="crn", seed=4, months=18,
                            population={"size": 3000, "practices": 4},
                            parameters={"pbr_short_stay_growth": growth})
        model = HealthEconomy(scenario)
        model.run()
        return model.recorder.timeseries()

    slow, fast = series(0.0), series(0.08)
    assert fast["emergency_admissions"].sum() != slow["emergency_admissions"].sum()
    for column in ("referrals", "deaths", "births", "gp_consultations", "prescribing_items"):
        assert (fast[column] == slow[column]).all(), column


def test_replicates_on_two_workers_are_those_on_one(scenario):
    """Replicates run in a process pool come back in replicate order, bit for bit."""
    one = run_scenario(scenario, replicates=3, workers=1)
    two = run_scenario(scenario, replicates=3, workers=2)
    for table in ("timeseries", "organisations", "practices"):
        pd.testing.assert_frame_equal(getattr(one, table), getattr(two, table),
                                      check_exact=True)
    assert two.manifest["workers"] == 2


def test_a_comparison_on_two_workers_is_that_on_one(scenario):
    from sim.compare import compare_scenarios

    other = scenario.with_overrides(name="other", parameters={"pbr_short_stay_growth": 0.1})
    one = compare_scenarios([scenario, other], replicates=2, workers=1)
    two = compare_scenarios([scenario, other], replicates=2, workers=2)
    pd.testing.assert_frame_equal(one.timeseries, two.timeseries, check_exact=True)
    pd.testing.assert_frame_equal(one.table, two.table, check_exact=True)
