"""The model follows Mesa's conventions: ``running`` ends the run, stepping past the end is
refused, ``rng``/``seed`` and levers are keywords (so ``mesa.batch_run`` works) and
``datacollector`` holds the same figures as the recorder."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from helpers import run_model, small_scenario

from sim.errors import ModelArgumentError, RunFinishedError, ScenarioError, UserError
from sim.model import HealthEconomy

MONTHS = 14  # past one financial year end (March), so year-end accounts run too
KEY_COLUMNS = ["date", "population", "deaths", "emergency_admissions", "spend_total",
               "budget_total", "qalys", "gp_engagement_mean"]


@pytest.fixture(scope="module")
def scenario():
    return small_scenario(size=2000, practices=4, months=MONTHS)


@pytest.fixture(scope="module")
def finished(scenario):
    """A model run with Mesa's own ``run_model()``."""
    model = HealthEconomy(scenario)
    model.run_model()
    return model


# --- running and the end of the run --------------------------------------------------------
def test_run_model_returns_after_the_last_month(finished):
    assert finished.running is False
    assert finished.month == MONTHS
    assert finished.steps == MONTHS
    assert len(finished.recorder.timeseries()) == MONTHS


def test_running_stays_true_until_the_last_month(scenario):
    model = HealthEconomy(scenario)
    for _ in range(MONTHS - 1):
        model.step()
        assert model.running is True
    model.step()
    assert model.running is False


def test_stepping_past_the_end_is_refused_clearly_every_time(scenario):
    model = HealthEconomy(scenario)
    model.run()  # the project's own loop still works
    rows = len(model.recorder.timeseries())
    for _ in range(2):  # refused again, not silently skipped, on a second try
        with pytest.raises(RunFinishedError, match=r"14 months \(Apr 2010 to May 2011\)"):
            model.step()
    assert isinstance(RunFinishedError("x"), UserError)
    assert (model.month, model.steps, len(model.recorder.timeseries())) == (MONTHS, MONTHS,
                                                                            rows)


def test_run_model_and_run_give_the_same_record(scenario, finished):
    pd.testing.assert_frame_equal(run_model(scenario).recorder.timeseries(),
                                  finished.recorder.timeseries())


# --- the datacollector ---------------------------------------------------------------------
def test_model_variables_are_the_recorders_monthly_rows(finished):
    collected = finished.datacollector.get_model_vars_dataframe()
    recorded = finished.recorder.timeseries()
    assert len(collected) == MONTHS
    pd.testing.assert_frame_equal(collected[KEY_COLUMNS], recorded[KEY_COLUMNS])
    pd.testing.assert_frame_equal(collected, recorded)  # every column, in the same order


def test_agent_variables_are_the_practices_each_month(finished):
    agents = finished.datacollector.get_agent_vars_dataframe()
    practices = finished.recorder.practices()
    assert len(agents) == MONTHS * len(finished.practices)
    assert sorted(agents.index.get_level_values("Step").unique()) == list(range(1, MONTHS + 1))
    assert np.array_equal(agents["list_size"].to_numpy(), practices["list_size"].to_numpy())
    assert list(agents["commissioner"]) == list(practices["commissioner"].astype(str))
    assert np.allclose(agents["engagement"], practices["gp_engagement"])


# --- the constructor -----------------------------------------------------------------------
def test_without_seed_or_levers_the_scenario_is_used_as_it_is(scenario):
    assert HealthEconomy(scenario).spec is scenario
    assert HealthEconomy(scenario, 2).recorder.replicate == 2  # replicate stays positional


@pytest.mark.parametrize("keyword", ["seed", "rng"])
def test_an_int_seed_or_rng_replaces_the_scenarios_seed(keyword):
    short = small_scenario(size=1000, practices=2, months=2, seed=1)
    given = HealthEconomy(short, **{keyword: 7})
    given.run()
    in_file = run_model(short.with_overrides(seed=7))
    assert given.spec.seed == 7
    pd.testing.assert_frame_equal(given.recorder.timeseries(), in_file.recorder.timeseries())


def test_a_generator_gives_a_seed_drawn_from_it(scenario):
    first = HealthEconomy(scenario, rng=np.random.default_rng(3)).spec.seed
    again = HealthEconomy(scenario, rng=np.random.default_rng(3)).spec.seed
    assert first == again != scenario.seed


def test_levers_are_applied_through_the_scenario(scenario):
    model = HealthEconomy(scenario, model="pbc", savings_share=0.5, care_plans=False,
                          patients_per_gp=1500.0, months=3)
    spec = model.spec
    assert (spec.commissioning.model, spec.commissioning.savings_share) == ("pbc", 0.5)
    assert spec.mechanisms.care_plans is False
    assert spec.parameters.patients_per_gp == 1500.0
    assert spec.months == 3


@pytest.mark.parametrize("arguments, error, message", [
    ({"savings_shares": 0.5}, ModelArgumentError, "unexpected keyword argument 'savings_shares'"),
    ({"rng": 1, "seed": 2}, ModelArgumentError, "either rng or seed"),
    ({"rng": "abc"}, ModelArgumentError, "cannot take a seed"),
    ({"savings_share": 1.5}, ScenarioError, "savings_share"),
])
def test_bad_arguments_are_refused_by_name(scenario, arguments, error, message):
    with pytest.raises(error, match=message):
        HealthEconomy(scenario, **arguments)


def test_an_unknown_keyword_is_also_a_type_error(scenario):
    with pytest.raises(TypeError):
        HealthEconomy(scenario, no_such_lever=1)


def test_a_scenario_that_is_not_one_points_at_batch_run():
    with pytest.raises(ModelArgumentError, match=r"parameters=\{'scenario': \[scenario\]"):
        HealthEconomy(("name", "test"))


# --- mesa.batch_run ------------------------------------------------------------------------
def test_batch_run_over_two_levers_returns_a_dataframe(scenario):
    rows = mesa.batch_run(
        HealthEconomy,
        parameters={"scenario": [scenario], "model": "pbc",
                    "savings_share": [0.0, 0.5], "budget_at_risk": [0.0, 1.0]},
        rng=[1, 2], max_steps=100, number_processes=1, display_progress=False)
    frame = pd.DataFrame(rows)
    runs = frame.drop_duplicates("RunId")
    assert len(runs) == 2 * 2 * 2  # two levers of two values, two seeds
    assert set(zip(runs["savings_share"], runs["budget_at_risk"], runs["seed"],
                   strict=True)) == {(s, b, r) for s in (0.0, 0.5) for b in (0.0, 1.0)
                                     for r in (1, 2)}
    assert (frame["Step"] == MONTHS).all()  # every run ran to its end, not to max_steps
    assert len(frame) == len(runs) * scenario.population.practices  # a row per practice
    assert frame["spend_total"].notna().all()
    spend = runs.pivot_table(index=["savings_share", "budget_at_risk"], columns="seed",
                             values="spend_total")
    assert (spend[1] != spend[2]).all()  # each seed is its own run
