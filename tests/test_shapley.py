"""The maths of ``healthsim explain`` (``sim.explain.factorial``) against games whose
answers are known: exact Shapley values are symmetric, give a dummy nothing and add up;
main effects and interactions are those of the game; fractional designs have resolution
at least V, and the model-based Shapley values are exact for two-way games."""

from __future__ import annotations

import numpy as np
import pytest

from sim.errors import UserError
from sim.explain import factorial as f


def game(k: int, weights, pairs: dict[tuple[int, int], float] | None = None,
         masks: np.ndarray | None = None) -> np.ndarray:
    """v(S) = sum of w_i over S + sum of c_ij over pairs both in S, per coalition."""
    masks = f.full_design(k) if masks is None else masks
    z = f.membership(masks, k)
    v = z @ np.asarray(weights, dtype=float)
    for (i, j), c in (pairs or {}).items():
        v = v + c * z[:, i] * z[:, j]
    return v


def test_shapley_of_an_additive_game_with_one_pair_is_known():
    """phi_i = w_i, plus half of c for each player of the interacting pair."""
    w, c = [1.0, -2.0, 3.0, 0.5, 4.0], 6.0
    phi = f.exact_shapley(game(5, w, {(1, 3): c}), 5)
    np.testing.assert_allclose(phi, [1.0, -2.0 + c / 2, 3.0, 0.5 + c / 2, 4.0], atol=1e-12)


def test_shapley_glove_game():
    """One left glove (player 0), two right gloves: v = pairs made.
    Known values: 2/3 for the scarce left glove, 1/6 for each right one."""
    k = 3
    z = f.membership(f.full_design(k), k)
    v = np.minimum(z[:, 0], z[:, 1] + z[:, 2])
    np.testing.assert_allclose(f.exact_shapley(v, k), [2 / 3, 1 / 6, 1 / 6], atol=1e-12)


def test_shapley_symmetry_dummy_and_efficiency_on_a_random_game():
    rng = np.random.default_rng(7)
    k = 6
    v = rng.normal(size=2 ** k)
    masks = f.full_design(k)
    # make players 1 and 2 symmetric and player 5 a dummy: v depends on the set of
    # {1, 2} only through its size, and not at all on 5
    canonical = masks & ~(1 << 5)
    swap = canonical.copy()
    has1, has2 = (canonical >> 1) & 1, (canonical >> 2) & 1
    swap = (swap & ~0b110) | (has1 << 2) | (has2 << 1)
    v = (v[canonical] + v[swap]) / 2
    phi = f.exact_shapley(v, k)
    assert phi[1] == pytest.approx(phi[2], abs=1e-12)  # symmetry
    assert phi[5] == pytest.approx(0.0, abs=1e-12)  # dummy
    assert v[0] + phi.sum() == pytest.approx(v[-1], abs=1e-12)  # efficiency
    assert not np.allclose(phi, 0)


def test_shapley_works_on_arrays_of_replicates_and_measures():
    k = 4
    v = np.stack([game(k, [1, 2, 3, 4]), game(k, [0, 0, 0, 1], {(0, 1): 2.0})], axis=1)
    phi = f.exact_shapley(v[:, :, None] * np.array([1.0, 10.0]), k)
    assert phi.shape == (k, 2, 2)
    np.testing.assert_allclose(phi[:, 1, 1], [10, 10, 0, 10], atol=1e-12)
    np.testing.assert_allclose(v[0] + phi[..., 0].sum(axis=0), v[-1], atol=1e-12)


def test_shapley_weights_are_a_probability_over_coalition_sizes():
    for k in range(1, 9):
        from math import comb
        weights = f.shapley_weights(k)
        assert sum(comb(k - 1, s) * weights[s] for s in range(k)) == pytest.approx(1.0)


def test_main_effects_and_interactions_of_a_known_game():
    """Main effect of i: w_i + c/2 for a player of the pair (on half the time);
    interaction (Yates): c/2 for the pair, 0 for every other."""
    k, w, c = 4, [1.0, 2.0, 3.0, 4.0], 5.0
    mains, two_way, pairs = f.effects(f.full_design(k), game(k, w, {(0, 2): c}), k)
    np.testing.assert_allclose(mains, [1 + c / 2, 2, 3 + c / 2, 4], atol=1e-12)
    expected = [c / 2 if p == (0, 2) else 0.0 for p in pairs]
    np.testing.assert_allclose(two_way, expected, atol=1e-12)
    assert len(pairs) == k * (k - 1) // 2


@pytest.mark.parametrize("k", [5, 8, 9, 10, 11])
def test_fractional_designs_have_resolution_at_least_v(k):
    """Main-effect and two-way-interaction columns (+-1) are mutually orthogonal and
    orthogonal to the mean, so none is aliased with another."""
    masks = f.fractional_design(k)
    assert len(masks) < 2 ** k and len(set(masks.tolist())) == len(masks)
    assert 0 in masks.tolist()
    x, products, _ = f.signed_columns(masks, k)
    columns = np.column_stack([np.ones(len(masks)), x, products])
    np.testing.assert_array_equal(columns.T @ columns, len(masks) * np.eye(columns.shape[1]))


def test_fraction_sizes_are_the_textbook_ones():
    """Minimum-run resolution V designs: 2^(9-2) and 2^(10-3) have 128 runs."""
    assert len(f.fractional_design(9)) == 128
    assert len(f.fractional_design(10)) == 128
    assert len(f.fractional_design(8)) == 64


def test_fractional_effects_and_model_shapley_are_exact_for_two_way_games():
    k = 10
    rng = np.random.default_rng(3)
    w = rng.normal(size=k)
    pairs = {(0, 1): 2.0, (3, 9): -1.5, (4, 5): 0.7}
    masks = f.fractional_design(k)
    v = game(k, w, pairs, masks)
    full = game(k, w, pairs)
    np.testing.assert_allclose(f.model_shapley(masks, v, k), f.exact_shapley(full, k),
                               atol=1e-9)
    mains, two_way, _ = f.effects(masks, v, k)
    full_mains, full_two_way, _ = f.effects(f.full_design(k), full, k)
    np.testing.assert_allclose(mains, full_mains, atol=1e-9)
    np.testing.assert_allclose(two_way, full_two_way, atol=1e-9)


def test_model_shapley_misses_a_three_way_interaction():
    """What a three-way term adds is not in the two-way model: the caller's remainder."""
    k = 9
    masks = f.fractional_design(k)
    z = f.membership(masks, k)
    v = z.sum(axis=1) + 3.0 * z[:, 0] * z[:, 1] * z[:, 2]
    phi = f.model_shapley(masks, v, k)
    everyone = k + 3.0
    assert everyone - phi.sum() != pytest.approx(0.0, abs=1e-6)


def test_too_many_players_are_refused():
    with pytest.raises(UserError, match="1 to"):
        f.resolution_v_generators(f.MAX_FRACTIONAL_PLAYERS + 1)
