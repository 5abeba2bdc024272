"""Commissioning models: each mechanism's direction of effect, with everything else fixed.

Scenario-level comparisons use the same seed and replicate (common random numbers), so
the difference is the mechanism, not noise.
"""

import numpy as np
import pandas as pd
import pytest

from sim import HealthEconomy, Scenario
from sim.agents import Commissioner
from sim.care.services import schedule_services
from sim.commissioning import MODELS, rules_for
from sim.commissioning.engagement import target_engagement
from sim.mechanisms.pbr_drift import drift
from sim.parameters import Parameters

PARAMS = Parameters()


def run(model: str, size: int = 4000, practices: int = 6, months: int = 24, seed: int = 3,
        **levers) -> HealthEconomy:
    scenario = Scenario(name=f"t-{model}", seed=seed, months=months,
                        population={"size": size, "practices": practices},
                        commissioning={"model": model, **levers})
    economy = HealthEconomy(scenario)
    economy.run()
    return economy


def totals(economy: HealthEconomy) -> pd.Series:
    return economy.recorder.timeseries().drop(columns=["date"]).sum()


# --- engagement -----------------------------------------------------------------------
def target(gps, rules):
    """Target engagement of ``gps`` all under ``rules``, with the budget as real as the
    rules make it."""
    n = len(gps)
    return target_engagement(gps, [rules] * n, np.full(n, rules.budget_at_risk),
                             np.full(n, 10_000.0), np.zeros(n), PARAMS)


def test_a_larger_savings_share_raises_target_engagement():
    economy = HealthEconomy(Scenario(name="t", population={"size": 2000, "practices": 3},
                                     months=1, commissioning={"model": "fundholding"}))
    gps = economy.commissioning.gps
    low = target(gps, rules_for("fundholding", savings_share=0.0))
    high = target(gps, rules_for("fundholding", savings_share=1.0))
    assert np.all(high >= low) and high.mean() > low.mean() + 0.05


def test_a_larger_savings_share_draws_more_practices_into_fundholding():
    def covered(share: float) -> float:
        ts = run("fundholding", size=20_000, practices=12, months=36,
                 savings_share=share).recorder.timeseries()
        return ts["population_covered_fundholding"].iloc[-1]

    assert covered(1.0) > covered(0.0)


def test_under_pct_commissioning_engagement_stays_at_its_starting_level():
    ts = run("pct").recorder.timeseries()
    assert abs(ts["gp_engagement_mean"].iloc[-1] - ts["gp_engagement_mean"].iloc[0]) < 0.02


def test_meetings_cost_engagement():
    economy = HealthEconomy(Scenario(name="t", population={"size": 2000, "practices": 3},
                                     months=1))
    gps = economy.commissioning.gps
    rules = MODELS["consortia"]
    light = target(gps, rules_for("consortia"))
    heavy = target(gps, rules.__class__(**{**rules.__dict__, "meeting_burden": 1.0}))
    assert np.all(heavy < light)


# --- what engaged practices change ------------------------------------------------------
def test_engaged_commissioners_cut_referrals_and_prescribing():
    # fundholders form as engagement passes the joining threshold, so run four years.
    # Deaths follow care, so the two runs' lists drift apart a little: a prescribing
    # saving six times the default keeps that noise well below the effect.
    def economy(model: str) -> pd.Series:
        scenario = Scenario(name=f"t-{model}", seed=3, months=48,
                            population={"size": 4000, "practices": 6},
                            commissioning={"model": model},
                            parameters={"prescribing_saving_max": 0.3})
        model = HealthEconomy(scenario)
        model.run()
        return totals(model)

    pct, fundholding = economy("pct"), economy("fundholding")
    assert fundholding["referrals"] < pct["referrals"]
    assert fundholding["prescribing_items"] < pct["prescribing_items"]


def test_effects_follow_the_lines_the_budget_covers():
    """A fundholder holds no emergency budget, so its practices' LTC management does not
    cut emergency admissions (unless effect_without_budget_line carries some over)."""
    economy = run("fundholding", months=48)
    members = [p for p in economy.practices if p.commissioner is not None]
    assert members, "no practice joined fundholding in four years"
    assert all("emergency" not in p.commissioner.budget_lines for p in members)
    assert all(p.emergency_factor == 1.0 for p in members)
    assert any(p.referral_factor < 1.0 for p in members)
    carried = HealthEconomy(Scenario(
        name="t-carry", seed=3, months=48, population={"size": 4000, "practices": 6},
        commissioning={"model": "fundholding"},
        parameters={"effect_without_budget_line": 0.5}))
    carried.run()
    assert any(p.emergency_factor < 1.0 for p in carried.practices if p.commissioner)


def test_line_weight_is_full_on_held_lines_and_the_carry_over_share_elsewhere():
    from types import SimpleNamespace

    from sim.commissioning.engagement import line_weight

    body = SimpleNamespace(budget_lines=("prescribing", "elective"))
    params = Parameters(effect_without_budget_line=0.2)
    assert line_weight(body, "elective", params) == 1.0
    assert line_weight(body, "emergency", params) == 0.2
    assert line_weight(None, "elective", params) == 0.0


def test_care_plans_only_where_the_budget_covers_emergency_care():
    from types import SimpleNamespace

    from sim.mechanisms.care_plans import assign_care_plans

    economy = run("pct", months=1)
    pop = economy.population
    member = np.zeros(len(economy.practices), dtype=np.int64)

    def body(lines):
        return SimpleNamespace(services_from=0, budget_lines=lines, unique_id=0, name="b")

    held = assign_care_plans(pop, [body(("elective", "emergency"))], 1, member, PARAMS,
                             economy.rates)
    assert held["b"] > 0 and pop.care_plan.sum() == held["b"]
    unheld = assign_care_plans(pop, [body(("prescribing", "elective"))], 1, member, PARAMS,
                               economy.rates)
    assert unheld["b"] == 0 and not pop.care_plan.any()


def test_without_commissioners_practices_keep_their_propensities():
    economy = run("pct", months=6)
    assert all(p.referral_factor == 1.0 and p.prescribing_factor == 1.0
               for p in economy.practices)


# --- services ---------------------------------------------------------------------------
def test_care_plans_cut_emergency_admissions():
    # Care plans change who is admitted, so the runs' random draws part ways: pool four
    # seeds of a 20,000-person economy (expected cut ~5% of admissions, noise ~1%).
    def admissions(effect: float) -> int:
        total = 0
        for seed in range(1, 5):
            economy = HealthEconomy(Scenario(name="t-consortia", seed=seed, months=48,
                                             population={"size": 20_000, "practices": 6},
                                             commissioning={"model": "consortia"},
                                             parameters={"care_plan_effect": effect}))
            economy.run()
            assert economy.population.care_plan.sum() > 0
            total += totals(economy)["emergency_admissions"]
        return total

    assert admissions(0.3) < admissions(0.0)


def test_a_care_plan_lowers_that_persons_admission_rate():
    from sim.care.month import admitting_factor

    economy = run("pct", months=1)
    population, providers = economy.population, economy.providers()
    before = admitting_factor(population, providers)
    population.care_plan[:10] = True
    after = admitting_factor(population, providers)
    assert np.allclose(after[:10], before[:10] * (1 - PARAMS.care_plan_effect))
    assert np.array_equal(after[10:], before[10:])


def test_business_cases_wait_for_approval_and_handcuffs_speed_them():
    economy = run("pbc", months=1)
    commissioner = economy.commissioning.commissioners[0]
    certain = PARAMS.model_copy(update={"business_case_rate": 1.0 / commissioner.engagement})
    delays = []
    for handcuffs in (False, True):
        rng = np.random.default_rng(0)
        found = []
        for _ in range(400):
            commissioner.services_from = None
            schedule_services(commissioner, 0, certain, handcuffs, rng)
            found.append(commissioner.services_from)
        delays.append(np.mean(found))
    assert delays[0] == pytest.approx(PARAMS.approval_delay_months, rel=0.15)
    assert delays[1] == pytest.approx(delays[0] / 2, rel=0.2)


def test_more_engaged_clusters_put_business_cases_forward_sooner():
    """Each April a PBC cluster proposes with chance business_case_rate x engagement."""
    economy = run("pbc", months=1)
    commissioner = economy.commissioning.commissioners[0]
    proposed = {}
    for engagement in (0.2, 0.6):
        for practice in commissioner.practices:
            for gp in practice.gps:
                gp.engagement = engagement
        rng = np.random.default_rng(1)
        count = 0
        for _ in range(2000):
            commissioner.services_from = None
            schedule_services(commissioner, 0, PARAMS, False, rng)
            count += commissioner.services_from is not None
        proposed[engagement] = count / 2000
        assert proposed[engagement] == pytest.approx(
            min(1.0, PARAMS.business_case_rate * commissioner.engagement), abs=0.04)
    assert proposed[0.6] > proposed[0.2]


@pytest.mark.slow
def test_specialists_joining_cut_first_outpatient_attendances_at_trusts():
    # an LCP needs 100,000 people, so this one is larger
    none = totals(run("lcp", size=130_000, practices=20, months=30, specialist_offer=0.0))
    full = totals(run("lcp", size=130_000, practices=20, months=30, specialist_offer=1.0))
    assert full["outpatient_first"] < none["outpatient_first"]
    assert full["referrals"] < none["referrals"]


# --- trusts -----------------------------------------------------------------------------
def test_block_contracts_slow_short_stay_drift():
    economy = run("pct", months=1)
    trust = economy.trusts[0]
    before = trust.admitting_factor
    drift(trust, "margin", 1.0)
    on_pbr = trust.admitting_factor / before
    trust.move_to_block({"acute_emergency": 1.0})
    before = trust.admitting_factor
    drift(trust, "margin", 1.0)
    assert trust.admitting_factor / before < on_pbr


@pytest.mark.slow
def test_pbr_versus_block_changes_trust_driven_admissions():
    pbr = totals(run("lcp", size=130_000, practices=20, months=36, trust_payment="pbr"))
    block = totals(run("lcp", size=130_000, practices=20, months=36, trust_payment="block"))
    # the short stays trusts add: all admissions also move with members' care, which
    # the budgets a block changes can move either way
    assert (block["emergency_admissions_short_stay_added"]
            < pbr["emergency_admissions_short_stay_added"])


# --- commissioners ----------------------------------------------------------------------
def test_new_commissioners_take_years_to_mature():
    economy = run("pct", months=1)
    body = Commissioner(economy, "c0", MODELS["consortia"], economy.practices[:2], formed_month=0)
    assert body.maturity(0, 2.0) == 0.0
    assert body.maturity(12, 2.0) == pytest.approx(1 - np.exp(-0.5))
    assert body.maturity(120, 2.0) > 0.99


def test_transaction_costs_grow_faster_than_membership():
    economy = run("pct", months=1)
    system = economy.commissioning
    small = Commissioner(economy, "c0", MODELS["consortia"], economy.practices[:2], 0)
    large = Commissioner(economy, "c1", MODELS["consortia"], economy.practices[2:6], 0)
    per_practice_small = (system.management_per_month(small)
                          - PARAMS.management_allowance_per_head * small.population / 12) / 2
    per_practice_large = (system.management_per_month(large)
                          - PARAMS.management_allowance_per_head * large.population / 12) / 4
    assert per_practice_large > per_practice_small


def test_persistent_deficits_trigger_the_failure_regime():
    economy = run("consortia", months=1)
    system = economy.commissioning
    body = system.commissioners[0]
    engagement_before = body.practices[0].gps[0].engagement
    body.deficit_years = 0
    for year in range(PARAMS.failure_deficit_years):
        body.year.budget, body.year.outturn = {"emergency": 100.0}, {"emergency": 200.0}
        system.close_year(economy.ledger, 12 * (year + 1))
    assert body.failures == 1
    assert body.practices[0].gps[0].engagement == pytest.approx(engagement_before * 0.5)
    assert body.maturity(24, PARAMS.maturity_years) == 0.0


def test_savings_are_paid_to_practices_in_proportion_to_their_lists():
    economy = run("consortia", months=1)
    system = economy.commissioning
    body = system.commissioners[0]
    body.year.budget, body.year.outturn = {"emergency": 1_000_000.0}, {"emergency": 900_000.0}
    body.year.services = 0.0
    [account] = [a for a in system.close_year(economy.ledger, 0) if a["org_id"] == body.name]
    expected = 100_000.0 * body.rules.budget_at_risk * body.rules.savings_share
    assert account["savings_paid"] == pytest.approx(expected, abs=0.05)
    assert body.last_result == 1


# --- every model keeps the invariants ---------------------------------------------------
@pytest.mark.parametrize("model", list(MODELS))
def test_people_and_money_are_conserved_under_every_model(model):
    economy = run(model, size=3000, practices=5, months=26, seed=11)
    ts = economy.recorder.timeseries()
    flows = ts["population_start"] + ts["births"] + ts["registrations"] - ts["deaths"] - ts[
        "leavers"]
    assert (flows == ts["population"]).all()
    spend_columns = [c for c in ts.columns if c.startswith("spend_") and c != "spend_total"]
    assert np.allclose(ts[spend_columns].sum(axis=1), ts["spend_total"], atol=0.01)
    clock = economy.clock
    ts["financial_year"] = [clock.financial_year(i) for i in range(len(ts))]
    for account in economy.accounts:
        if account["org_type"] != "pct":
            continue
        spent = ts.loc[ts["financial_year"] == account["financial_year"], "spend_total"].sum()
        assert account["income"] == pytest.approx(spent + account["surplus"], abs=0.005)
    covered = ts[[c for c in ts.columns if c.startswith("population_covered_")]].sum(axis=1)
    assert (covered == ts["population"]).all()


@pytest.mark.parametrize("model", ["fundholding", "lcp"])
def test_every_model_is_deterministic(model):
    first = run(model, size=2000, practices=4, months=14, seed=5).recorder.timeseries()
    again = run(model, size=2000, practices=4, months=14, seed=5).recorder.timeseries()
    pd.testing.assert_frame_equal(first, again)
