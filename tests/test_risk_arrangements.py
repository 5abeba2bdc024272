"""Risk arrangements: what each one does to a holder's year, and that money is conserved
to the penny through pools, corridors, carry-forwards, exclusions and failures."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.risk import Arrangement, BudgetSettings, conservation_errors, named_arrangements, settle

ONE_AREA = np.zeros(2, np.int64)


def test_no_arrangement_leaves_the_raw_position():
    budget = np.array([[100_00, 100_00]])
    outturn = np.array([[90_00, 112_00]])
    result = settle(budget, outturn, ONE_AREA, Arrangement("none"))
    assert result.balance.tolist() == [[10_00, -12_00]]
    np.testing.assert_allclose(result.position_pct, [[-10.0, 12.0]])


def test_pool_covers_a_deficit_from_the_others_contributions():
    budget = np.array([[100_00, 100_00]])
    outturn = np.array([[90_00, 110_00]])
    result = settle(budget, outturn, ONE_AREA, Arrangement("pool", pool_share=0.1))
    assert result.contribution.tolist() == [[10_00, 10_00]]
    assert result.payout.tolist() == [[0, 20_00]]  # the pool holds exactly the deficit
    assert result.refund.tolist() == [[0, 0]]
    assert result.balance.tolist() == [[0, 0]]


def test_pool_pays_pro_rata_when_short_and_refunds_the_rest():
    budget = np.full((1, 4), 1_000_00)
    outturn = np.array([[900_00, 1_000_00, 1_150_00, 1_050_00]])
    result = settle(budget, outturn, np.zeros(4, np.int64),
                    Arrangement("pool", pool_share=0.02))
    funds = 4 * 20_00
    deficits = np.array([0, 20_00, 170_00, 70_00])  # after contributions
    assert result.payout.sum() == funds  # short: everything is paid out
    np.testing.assert_allclose(result.payout[0], funds * deficits / deficits.sum(), atol=1)
    assert result.refund.sum() == 0


def test_pooling_reduces_outturn_variance_in_a_controlled_case():
    rng = np.random.default_rng(3)
    holders, years = 40, 10
    budget = np.full((years, holders), 1_000_000_00)
    outturn = np.round(budget * rng.normal(1.0, 0.05, (years, holders))).astype(np.int64)
    group = np.repeat(np.arange(4), 10)  # four areas of ten holders
    alone = settle(budget, outturn, group, Arrangement("none"))
    pooled = settle(budget, outturn, group, Arrangement("pool", pool_share=0.03))
    empty = settle(budget, outturn, group, Arrangement("pool", pool_share=0.0))
    assert pooled.position_pct.std() < 0.8 * alone.position_pct.std()
    assert (pooled.position_pct > 5).mean() < (alone.position_pct > 5).mean()
    np.testing.assert_array_equal(empty.balance, alone.balance)
    # a pool moves money between holders of one area, never between areas
    by_area = np.add.reduceat(pooled.balance, [0, 10, 20, 30], axis=1)
    np.testing.assert_array_equal(by_area, np.add.reduceat(alone.balance, [0, 10, 20, 30],
                                                           axis=1))


def test_corridor_shares_only_what_lies_beyond_it():
    budget = np.full((1, 3), 100_00)
    outturn = np.array([[101_00, 110_00, 90_00]])
    result = settle(budget, outturn, np.zeros(3, np.int64),
                    Arrangement("corridor", corridor_width=0.02, corridor_pct_share=0.5))
    assert result.pct_share.tolist() == [[0, 4_00, -4_00]]  # half of the 8 beyond 2
    assert result.balance.tolist() == [[-1_00, -6_00, 6_00]]


def test_carry_forward_brings_each_balance_into_next_year():
    budget = np.full((3, 2), 100_00)
    outturn = np.array([[105_00, 95_00], [100_00, 100_00], [90_00, 110_00]])
    result = settle(budget, outturn, ONE_AREA, Arrangement("carry", carry_forward=True))
    np.testing.assert_array_equal(result.brought_forward[1:], result.balance[:-1])
    assert result.balance.tolist() == [[-5_00, 5_00], [-5_00, 5_00], [5_00, -5_00]]


def test_a_persistent_deficit_fails_and_is_written_off():
    budget = np.full((4, 1), 100_00)
    outturn = np.array([[104_00], [101_00], [100_00], [99_00]])
    rule = Arrangement("failure", carry_forward=True, failure_deficit_share=0.02,
                       failure_years=2)
    result = settle(budget, outturn, np.zeros(1, np.int64), rule)
    assert result.failed[:, 0].tolist() == [False, True, False, False]
    assert result.write_off[1, 0] == 5_00  # the carried deficit, written off
    assert result.balance[:, 0].tolist() == [-4_00, 0, 0, 1_00]


def test_the_named_arrangements_use_the_settings():
    named = {a.name: a for a in named_arrangements(BudgetSettings(pool_share=0.04))}
    assert set(named) == {"none", "pool", "exclusion", "corridor", "carry_forward", "failure"}
    assert named["pool"].pool_share == 0.04
    assert named["exclusion"].high_cost_exclusion
    assert named["failure"].carry_forward


money = st.integers(0, 5_000_000_00)


@st.composite
def holder_years(draw):
    years = draw(st.integers(1, 6))
    areas = draw(st.integers(1, 3))
    per_area = draw(st.integers(1, 5))
    shape = (years, areas * per_area)
    budget = draw(arrays(np.int64, shape, elements=st.integers(1, 5_000_000_00)))
    ratio = draw(arrays(np.float64, shape, elements=st.floats(0.5, 1.5)))
    outturn = np.round(budget * ratio).astype(np.int64)
    excluded = draw(arrays(np.int64, shape, elements=st.integers(0, 10_000_00)))
    group = np.repeat(np.arange(areas), per_area)
    if draw(st.booleans()):  # areas need not be contiguous
        group = draw(st.permutations(group.tolist()))
        group = np.array(group, np.int64)
    return budget, outturn, excluded, group


arrangement_strategy = st.builds(
    Arrangement, name=st.just("any"),
    pool_share=st.sampled_from([0.0, 0.01, 0.02, 0.1]),
    corridor_width=st.sampled_from([None, 0.0, 0.02, 0.05]),
    corridor_pct_share=st.sampled_from([0.0, 0.5, 1.0]),
    carry_forward=st.booleans(),
    failure_deficit_share=st.sampled_from([None, 0.0, 0.02]),
    failure_years=st.integers(1, 3))


@settings(max_examples=200, deadline=None)
@given(case=holder_years(), arrangement=arrangement_strategy)
def test_money_is_conserved_to_the_penny(case, arrangement):
    budget, outturn, excluded, group = case
    result = settle(budget, outturn, group, arrangement, excluded)
    hospital_bill = outturn + excluded
    assert conservation_errors(result, group, hospital_bill) == {
        "holders": 0, "pool": 0, "pct": 0, "hospital": 0}
    # what the holders were given, less what they spent and kept, is what the PCT put in
    kept = result.balance[-1] if arrangement.carry_forward else result.balance
    pct_in = (result.budget + result.pct_share + result.write_off).sum()
    assert pct_in == outturn.sum() + kept.sum()


def test_conservation_check_can_fail():
    budget = np.full((2, 2), 100_00)
    outturn = np.array([[90_00, 120_00], [95_00, 100_00]])
    result = settle(budget, outturn, ONE_AREA, Arrangement("pool", pool_share=0.05))
    broken = result.__class__(**{**result.__dict__,
                                 "payout": result.payout + np.array([[1, 0], [0, 0]])})
    assert conservation_errors(broken, ONE_AREA)["pool"] == 1
