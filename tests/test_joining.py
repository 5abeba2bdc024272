"""GPs respond to their own deal: a model's incentives act on its members only, others
decide whether to join from what joining would give them less its costs, attitudes
persist, and trust in the PCT moves with experience (``sim.commissioning.engagement``,
``CommissioningSystem``)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.commissioning.engagement import (
    baseline_logit,
    expected_shortfall,
    joining_interest,
    target_engagement,
)
from sim.commissioning.rule_sets import MODELS, rules_for
from sim.model import HealthEconomy
from sim.parameters import Parameters
from sim.scenario import Scenario

PARAMS = Parameters()


def economy(model: str = "fundholding", months: int = 1, **parameters) -> HealthEconomy:
    return HealthEconomy(Scenario(name="t", seed=2, months=months,
                                  population={"size": 20_000, "practices": 12},
                                  commissioning={"model": model}, parameters=parameters))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def test_gps_outside_every_body_head_for_their_own_baseline_whatever_the_deal():
    gps = economy().commissioning.gps
    n = len(gps)
    outside = target_engagement(gps, [None] * n, np.ones(n), np.full(n, 9000.0),
                                np.ones(n), PARAMS)
    assert outside == pytest.approx(sigmoid(baseline_logit(gps, PARAMS)))
    member = target_engagement(gps, [MODELS["lcp"]] * n, np.ones(n), np.full(n, 1e5),
                               np.zeros(n), PARAMS)
    assert np.all(member != outside)


def test_in_a_run_only_members_feel_the_fundholding_deal():
    model = economy(months=14, expected_saving_share=0.15)
    model.run()
    system = model.commissioning
    members = np.array([gp.practice.commissioner is not None for gp in system.gps])
    assert members.any() and not members.all()
    target = system._engagement_target()
    baseline = sigmoid(baseline_logit(system.gps, model.params))
    assert target[~members] == pytest.approx(baseline[~members])
    assert not np.allclose(target[members], baseline[members])


def test_gps_keep_their_attitude_and_start_where_it_leads():
    model = economy()
    gps = model.commissioning.gps
    attitudes = np.array([gp.attitude for gp in gps])
    assert attitudes.std() > 0.5 * model.params.gp_attitude_sd
    assert np.array([gp.engagement for gp in gps]) == pytest.approx(
        sigmoid(baseline_logit(gps, model.params)))


def test_interest_in_joining_rises_with_the_savings_on_offer_and_with_visibility():
    gps = economy().commissioning.gps
    size = np.full(len(gps), 9000.0)
    stingy = joining_interest(gps, rules_for("fundholding", savings_share=0.0), 1.0, size,
                              PARAMS)
    generous = joining_interest(gps, rules_for("fundholding", savings_share=1.0), 1.0, size,
                                PARAMS)
    assert np.all(generous > stingy)
    unseen = joining_interest(gps, MODELS["lcp"], 0.0, np.full(len(gps), 1e5), PARAMS)
    seen = joining_interest(gps, MODELS["lcp"], 1.0, np.full(len(gps), 1e5), PARAMS)
    assert unseen == pytest.approx([gp.engagement for gp in gps])
    assert np.all(seen > unseen)


def test_the_risk_of_a_real_budget_weighs_more_on_a_small_body_and_with_loss_aversion():
    gps = economy().commissioning.gps
    n = len(gps)
    small, large = np.full(n, 5000.0), np.full(n, 50_000.0)
    assert expected_shortfall(small, np.full(n, 1e9), PARAMS)[0] > expected_shortfall(
        large, np.full(n, 1e9), PARAMS)[0]
    assert expected_shortfall(small, np.full(n, 0.001), PARAMS)[0] == 0.001  # the cap
    deal = MODELS["consortia"]
    assert np.all(joining_interest(gps, deal, 1.0, small, PARAMS)
                  < joining_interest(gps, deal, 1.0, large, PARAMS))
    averse = PARAMS.model_copy(update={"loss_aversion": 3.0})
    neutral = PARAMS.model_copy(update={"loss_aversion": 1.0})
    assert np.all(joining_interest(gps, deal, 1.0, small, averse)
                  < joining_interest(gps, deal, 1.0, small, neutral))


@pytest.mark.parametrize(("result", "services_from", "direction"),
                         [(1, 0, 1), (-1, None, -1)])
def test_trust_in_the_pct_moves_with_joint_work_and_results(result, services_from,
                                                             direction):
    model = economy("pbc", months=2)
    model.step()  # the clusters form in the first April
    system = model.commissioning
    assert system.commissioners
    for body in system.commissioners:
        body.last_result = result  # savings paid, or a deficit
        body.services_from = services_from  # business cases approved, or still waiting
    before = system.pct_trust
    system.update_pct_trust(12)
    assert np.sign(system.pct_trust - before) == direction


def test_under_pct_commissioning_trust_in_the_pct_stays():
    model = economy("pct", months=13)
    model.run()
    assert model.commissioning.pct_trust == model.params.pct_trust


@pytest.mark.parametrize("driver", ["incentives", "ownership"])
def test_the_engagement_driver_switch_drops_one_lever(driver):
    gps = economy().commissioning.gps
    n = len(gps)

    def target(rules, chosen):
        return target_engagement(gps, [rules] * n, np.ones(n), np.full(n, 1e5), np.zeros(n),
                                 PARAMS, driver=chosen)

    richer = rules_for("lcp", savings_share=1.0)
    poorer = rules_for("lcp", savings_share=0.0)
    money_moves = not np.allclose(target(richer, driver), target(poorer, driver))
    assert money_moves == (driver == "incentives")
