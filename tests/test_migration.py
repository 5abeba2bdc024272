"""Migration paths: timeline validation, each event's effect in isolation, the LCP
stages, transition costs, determinism and the named paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import SCENARIOS, cli, run_model, small_scenario
from test_invariants import check_money, check_people

from sim import HealthEconomy
from sim.commissioning import MODELS
from sim.commissioning.pilots import climb_stages
from sim.commissioning.stages import STAGES
from sim.errors import ScenarioError
from sim.money.ledger import Category
from sim.scenario import load_scenario, validate_scenario
from sim.timeline.paths import PATHS

PBC = {"model": "pbc"}


def scenario(timeline, size=6000, practices=8, months=36, **changes):
    return small_scenario(size=size, practices=practices, months=months, commissioning=PBC,
                          timeline=timeline, **changes)


def step_to(model: HealthEconomy, month: int) -> HealthEconomy:
    while model.month <= month:
        model.step()
    return model


# --- validation ---------------------------------------------------------------------------
@pytest.mark.parametrize("model, timeline, message", [
    ("pct", [{"date": "2011-04", "event": "select_pilots"}],
     "pilots grow out of practice-based commissioning clusters"),
    ("pbc", [{"date": "2011-06", "event": "invite_bids"}], "must be dated in April"),
    ("pbc", [{"date": "2011-04", "event": "abolish_pct"}], "someone must commission"),
    ("consortia", [{"date": "2011-04", "event": "abolish_pct"},
                   {"date": "2012-04", "event": "abolish_pct"}], "already been abolished"),
    ("pbc", [{"date": "2011-04", "event": "adopt_model", "model": "pbc"}], "already under"),
    ("pct", [{"date": "2011-04", "event": "make_budgets_real"}], "no commissioners' budgets"),
    ("consortia", [{"date": "2011-04", "event": "abolish_pct"},
                   {"date": "2012-04", "event": "invite_bids"}], "has been abolished"),
])
def test_events_that_make_no_sense_are_refused_before_the_run(model, timeline, message):
    data = {"name": "t", "months": 48, "commissioning": {"model": model},
            "timeline": timeline}
    with pytest.raises(ScenarioError, match=message) as error:
        validate_scenario(data, "paths.toml")
    assert "paths.toml" in str(error.value) and "timeline[" in str(error.value)


def test_events_are_checked_in_date_order_whatever_their_order_in_the_file():
    validate_scenario({"name": "t", "months": 48, "commissioning": PBC, "timeline": [
        {"date": "2012-04", "event": "abolish_pct"},
        {"date": "2011-04", "event": "adopt_model", "model": "consortia"}]}, "x")


def test_a_bad_event_field_names_the_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "b"\n[commissioning]\nmodel = "pbc"\n[[timeline]]\n'
                    'date = "2011-04"\nevent = "select_pilots"\ncount = 0\n')
    with pytest.raises(ScenarioError, match=r"bad.toml: key 'timeline\[0\].count'"):
        load_scenario(path)


def test_the_cli_reports_a_nonsensical_timeline_with_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('name = "b"\n[[timeline]]\ndate = "2011-04"\nevent = "open_lcp_status"\n')
    code, _, err = cli(capsys, "run", path, "--out", tmp_path / "out")
    assert code == 2 and "awarded to practice-based commissioning clusters" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


# --- big bang -----------------------------------------------------------------------------
def bid_round(**event):
    timeline = [{"date": "2011-04", "event": "invite_bids", "min_population": 0, **event}]
    return step_to(HealthEconomy(scenario(timeline)), 12)


def test_with_no_willing_group_the_pct_contracts_an_outside_organisation():
    model = bid_round(min_engagement=1.0)
    kinds = {body.kind for body in model.commissioning.commissioners}
    assert kinds == {"outside"}
    assert all(p.commissioner is not None for p in model.practices)
    row = model.recorder.timeseries().iloc[-1]
    assert row["population_covered_outside"] == row["population"]
    assert row["population_covered_pbc"] == 0 and row["organisations_pbc"] == 0


def test_willing_groups_win_their_bids_and_every_practice_moves():
    model = bid_round(min_engagement=0.0)
    bodies = model.commissioning.commissioners
    assert {body.kind for body in bodies} == {"lcp"}
    assert all(body.stage == 3 and body.maturity(12, model.params.maturity_years) == 0
               for body in bodies)
    assert all(p.commissioner is not None for p in model.practices)


def test_a_bid_round_pays_transition_costs_for_the_transition_months_only():
    timeline = [{"date": "2011-04", "event": "invite_bids", "min_population": 0}]
    model = run_model(scenario(timeline, months=40))
    ts = model.recorder.timeseries()
    months = int(model.params.transition_months)
    transition = ts["spend_transition"].to_numpy()
    assert (transition[:12] == 0).all()
    assert (transition[12:12 + months] > 0).all()
    assert (transition[12 + months:] == 0).all()
    ledger = model.ledger.to_frame()
    in_ledger = ledger[ledger["category"] == Category.TRANSITION.value]
    assert set(in_ledger["month"]) == set(range(12, 12 + months))
    check_money(model, ts)
    check_people(ts)


def test_transition_costs_switched_off_cost_nothing():
    timeline = [{"date": "2011-04", "event": "invite_bids", "min_population": 0}]
    model = run_model(scenario(timeline, months=30,
                               mechanisms={"transition_costs": False}))
    assert (model.recorder.timeseries()["spend_transition"] == 0).all()


# --- budget lines and stages -----------------------------------------------------------------
def test_a_staged_transfer_makes_exactly_that_line_real():
    timeline = [{"date": "2011-04", "event": "adopt_model", "model": "consortia",
                 "shadow": True},
                {"date": "2012-04", "event": "make_budgets_real", "lines": ["prescribing"]}]
    model = step_to(HealthEconomy(scenario(timeline)), 11)
    bodies = model.commissioning.commissioners
    assert all(body.real_lines == () and body.rules.budget_at_risk == 0 for body in bodies)
    step_to(model, 24)
    for body in model.commissioning.commissioners:
        assert body.real_lines == ("prescribing",) and body.rules.budget_at_risk == 1
        assert set(body.year.budget) == {"prescribing", "elective", "emergency"}
    body = model.commissioning.commissioners[0]
    body.year.budget = {"prescribing": 100.0, "elective": 1000.0, "emergency": 1000.0}
    body.year.outturn = {"prescribing": 90.0, "elective": 5000.0, "emergency": 5000.0}
    body.year.services = 50.0
    [account] = [a for a in model.commissioning.close_year(model.ledger, 24)
                 if a["org_id"] == body.name]
    assert account["real_surplus"] == pytest.approx(10.0)  # prescribing only
    assert account["surplus"] == pytest.approx(2100.0 - 10140.0)
    assert body.carried_deficit == 0


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_each_stage_holds_its_own_lines(stage):
    model = HealthEconomy(scenario([]))
    model.step()
    body = model.commissioning.commissioners[0]
    body.rules = MODELS["lcp"]
    model.commissioning.set_stage(body, stage)
    assert body.real_lines == STAGES[stage].real_lines
    assert set(body.real_lines) <= set(body.budget_lines)
    assert (model.commissioning.offers_specialists(body) > 0) == STAGES[stage].specialists


def slow_burn(size=120_000, months=72, seed=3):
    """A slow burn where pilots climb (whether they do depends on the draw: members'
    engagement sits near each stage's threshold; seed 3 climbs to stage 3)."""
    path = load_scenario(SCENARIOS / "slow_burn.toml")
    return run_model(path.with_overrides(
        "test", months=months, seed=seed,
        population={"size": size, "practices": 20}))


@pytest.mark.slow
def test_slow_burn_pilots_climb_one_stage_a_year_when_they_meet_its_conditions():
    model = slow_burn()
    orgs = model.recorder.organisations()
    stages = (orgs[(orgs["org_type"] == "commissioner") & (orgs["measure"] == "stage")
                   & orgs["org_id"].str.startswith("lcp_")]
              .pivot(index="date", columns="org_id", values="value"))
    population = (orgs[(orgs["measure"] == "population") & orgs["org_id"].isin(stages.columns)]
                  .pivot(index="date", columns="org_id", values="value"))
    assert stages.max().max() >= 2, "no pilot climbed in six years"
    for name in stages.columns:
        held = stages[name].dropna()
        assert held.iloc[0] == 1  # pilots and prize winners start at stage 1
        steps = held.diff().dropna()
        assert (steps >= 0).all() and (steps <= 1).all()
        moved = steps[steps > 0].index
        assert all(pd.Timestamp(d).month == 4 for d in moved)  # only in April
        for date in held.index[held >= 3]:
            assert population.loc[date, name] >= STAGES[3].min_population
    ts = model.recorder.timeseries()
    stage_columns = [f"population_covered_lcp_stage_{s}" for s in STAGES]
    np.testing.assert_array_equal(ts[stage_columns].sum(axis=1),
                                  ts["population_covered_lcp"])


def test_a_partnership_short_of_maturity_stays_at_its_stage():
    timeline = [{"date": "2011-04", "event": "select_pilots", "count": 1}]
    model = step_to(HealthEconomy(scenario(timeline)), 12)
    [pilot] = [b for b in model.commissioning.commissioners if b.kind == "lcp"]
    start = pilot.stage
    pilot.formed_month = model.month  # brand new: maturity 0
    assert climb_stages(model) == []
    assert pilot.stage == start


def test_pilots_are_the_readiest_clusters():
    timeline = [{"date": "2011-04", "event": "select_pilots", "count": 1}]
    model = step_to(HealthEconomy(scenario(timeline)), 11)
    clusters = model.commissioning.commissioners
    ready = max(clusters, key=lambda c: c.engagement * c.maturity(12, 2.0))
    members = set(p.index for p in ready.practices)
    model.step()
    [pilot] = [b for b in model.commissioning.commissioners if b.kind == "lcp"]
    assert members <= {p.index for p in pilot.practices}


# --- determinism and the named paths -------------------------------------------------------
@pytest.mark.parametrize("name", ["big_bang", "slow_burn", "white_paper_2013"])
def test_paths_are_deterministic(name):
    base = load_scenario(SCENARIOS / f"{name}.toml").with_overrides(
        "test", months=40, population={"size": 5000, "practices": 6})
    first = run_model(base).recorder.timeseries()
    second = run_model(base).recorder.timeseries()
    pd.testing.assert_frame_equal(first, second)


@pytest.mark.parametrize("name", ["big_bang", "slow_burn", "white_paper_2013"])
def test_the_scenario_files_spell_out_the_named_paths(name):
    from_file = load_scenario(SCENARIOS / f"{name}.toml")
    pbc = load_scenario(SCENARIOS / "pbc.toml")
    built = PATHS[name](pbc)
    assert from_file.commissioning.model == "pbc" and from_file.start == "2010-04"
    assert [e.model_dump() for e in built.timeline] == [
        e.model_dump() for e in from_file.timeline]


def test_the_white_paper_path_abolishes_the_pct_once_budgets_are_real():
    base = load_scenario(SCENARIOS / "white_paper_2013.toml").with_overrides(
        "test", months=40, population={"size": 8000, "practices": 8})
    model = step_to(HealthEconomy(base), 35)
    assert all(b.kind == "consortia" and b.rules.budget_at_risk == 0
               and b.rules.pct_control == 1.0 for b in model.commissioning.commissioners)
    step_to(model, 36)
    assert all(b.rules.budget_at_risk == 1 and b.rules.pct_control < 1
               and b.real_lines for b in model.commissioning.commissioners)
    ts = model.recorder.timeseries()
    assert ts["spend_transition"].iloc[12] > 0  # the shadow bodies' set-up
    assert ts["spend_transition"].iloc[35] == 0 < ts["spend_transition"].iloc[36]
