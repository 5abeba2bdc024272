"""Mechanism units: a registered mechanism's hooks run at their phase, only when its
switch is on; the block-contract and care-plan units decide as documented."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.mechanisms import MECHANISMS, Mechanisms, Phase, block_contracts, run_phase
from sim.mechanisms.care_plans import highest, risk_score
from sim.parameters import Parameters
from tests.helpers import run_model, small_scenario


def test_hooks_run_at_their_phase_only_when_switched_on():
    hooked = [m.name for m in MECHANISMS if Phase.BEHAVIOUR in m.hooks]
    assert hooked == ["pbr_drift"]
    model = run_model(small_scenario(months=1))
    trust = model.trusts[0]
    before = trust.admitting_factor
    run_phase(model, Phase.BEHAVIOUR, 1)
    drifted = trust.admitting_factor
    model.mechanisms = Mechanisms(pbr_drift=False)
    run_phase(model, Phase.BEHAVIOUR, 2)
    assert drifted > before and trust.admitting_factor == drifted


def _practice(trust: int, size: int, body=None):
    return SimpleNamespace(main_trust=trust, list_size=size, commissioner=body)


def test_block_coverage_counts_only_bodies_that_want_a_block():
    lcp = SimpleNamespace(rules=SimpleNamespace(trust_payment="block"), stage=3)
    early = SimpleNamespace(rules=SimpleNamespace(trust_payment="block"), stage=2)
    pbc = SimpleNamespace(rules=SimpleNamespace(trust_payment="pbr"), stage=0)
    practices = [_practice(0, 600, lcp), _practice(0, 200, early), _practice(0, 200, pbc),
                 _practice(1, 500, lcp)]
    assert block_contracts.block_coverage(practices, 0) == 0.6
    assert block_contracts.block_coverage(practices, 1) == 1.0
    assert block_contracts.block_coverage(practices, 2) == 0.0


def test_the_risk_tool_weighs_last_years_admissions():
    model = run_model(small_scenario(months=1))
    pop = model.population
    pop.emergency_last_year[:] = 0
    pop.emergency_last_year[0] = 2
    plain = risk_score(pop, model.rates, Parameters(risk_tool_history_weight=0.0))
    weighted = risk_score(pop, model.rates, Parameters(risk_tool_history_weight=0.5))
    assert weighted[0] - plain[0] == pytest.approx(1.0)
    np.testing.assert_array_equal(weighted[1:], plain[1:])


def test_care_plans_switched_off_leave_nobody_with_a_plan():
    consortia = {"model": "consortia"}
    on = run_model(small_scenario(months=13, commissioning=consortia))
    off = run_model(small_scenario(months=13, commissioning=consortia,
                                   mechanisms={"care_plans": False}))
    assert on.population.care_plan.any()
    assert not off.population.care_plan.any()


@given(st.lists(st.sampled_from([0.0, -0.0, 0.5, 1.0, 2.5, 7.0]), max_size=40),
       st.integers(0, 45))
def test_highest_picks_the_stable_sorts_first_patients(scores, count):
    """Care plans go to the patients a stable sort by descending risk puts first (ties
    to the earlier row); the partition finds the same set, scores tied or not."""
    values = np.array(scores)
    expected = np.sort(np.argsort(-values, kind="stable")[:count])
    np.testing.assert_array_equal(highest(values, count), expected)
