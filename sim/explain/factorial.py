"""The maths of ``healthsim explain``: designs, Shapley values and factorial effects.

Pure functions over a table of a "game" v(S): one value (or an array of values, e.g.
replicates x measures) per coalition S of k players. A coalition is a bit mask: player i
is in S when bit i is set. Nothing here runs a model, so every formula can be checked
against games whose answers are known (``tests/test_shapley.py``).

* ``full_design(k)``: all 2^k coalitions.
* ``fractional_design(k)``: a regular 2^(k-p) fraction of resolution at least V (no
  main effect or two-way interaction aliased with another), for k too large for 2^k.
* ``exact_shapley``: each player's Shapley value from the full table.
* ``effects``: main effects and two-way interactions (+-1 coding, Yates's definition).
* ``model_shapley``: Shapley values of the main-effects-plus-two-way-interactions model
  fitted to a fraction (exact for games with no higher-order interactions).
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from sim.errors import UserError

MAX_FRACTIONAL_PLAYERS = 16
"""assumption: the largest number of players the generator search is asked about; a
resolution V fraction for 16 players needs 256 coalitions per arm and the search takes
about a second, while the model has 9 mechanisms in all (the limit only guards against a
registry grown far beyond what a factorial decomposition can afford)."""


def popcount(masks: np.ndarray) -> np.ndarray:
    """Players in each coalition (number of set bits)."""
    masks = np.asarray(masks, dtype=np.int64)
    return np.array([bin(int(m)).count("1") for m in masks.ravel()],
                    dtype=np.int64).reshape(masks.shape)


def full_design(k: int) -> np.ndarray:
    """Every coalition of k players, as masks 0 .. 2^k - 1."""
    return np.arange(2 ** k, dtype=np.int64)


def membership(masks: np.ndarray, k: int) -> np.ndarray:
    """The 0/1 design matrix: row per coalition, column per player (1 = in it)."""
    masks = np.asarray(masks, dtype=np.int64)
    return ((masks[:, None] >> np.arange(k)[None, :]) & 1).astype(float)


# --- fractional designs --------------------------------------------------------------------
def resolution_v_generators(k: int) -> tuple[int, tuple[int, ...]]:
    """Base factors m and generators of a regular 2^(k - (k - m)) fraction of
    resolution >= V, with the fewest runs this search finds.

    Players 0..m-1 are the base (a full 2^m factorial); player m + j is the product
    (in 0/1 coding: the parity) of the base players in generator j (a bit mask over the
    base). The fraction has resolution >= V exactly when the k main-effect columns and
    their k(k-1)/2 pairwise products are all different and none is the constant: as
    elements of GF(2)^m, no word of length <= 4 in the defining relation. Depth-first
    search over generators in increasing order; m grows from the smallest 2^m that can
    hold 1 + k + k(k-1)/2 orthogonal columns until a set is found (m = k, the full
    factorial, always works).
    """
    if not 1 <= k <= MAX_FRACTIONAL_PLAYERS:
        raise UserError(f"a fractional design needs 1 to {MAX_FRACTIONAL_PLAYERS} players "
                        f"(got {k}).")
    m = 1
    while 2 ** m - 1 < k + k * (k - 1) // 2 and m < k:
        m += 1
    while m < k:
        found = _search(m, k - m)
        if found is not None:
            return m, found
        m += 1
    return k, ()


def _search(m: int, extra: int) -> tuple[int, ...] | None:
    """``extra`` generators over m base factors keeping every main-effect and two-way
    column distinct and non-zero, or None if there are none."""
    base = [1 << b for b in range(m)]
    used = set(base) | {x ^ y for x, y in combinations(base, 2)}

    def extend(columns: list[int], used: set[int], start: int) -> tuple[int, ...] | None:
        if len(columns) == m + extra:
            return tuple(columns[m:])
        for c in range(start, 2 ** m):
            if c in used or bin(c).count("1") < 2:
                continue
            pairs = {c ^ x for x in columns}
            if pairs & used or c in pairs:
                continue
            found = extend([*columns, c], used | pairs | {c}, c + 1)
            if found is not None:
                return found
        return None

    return extend(base, used, 1)


def fractional_design(k: int) -> np.ndarray:
    """The coalitions (masks over k players) of the resolution >= V fraction of
    ``resolution_v_generators``; the empty coalition is always among them."""
    m, generators = resolution_v_generators(k)
    rows = []
    for u in range(2 ** m):
        mask = u
        for j, g in enumerate(generators):
            mask |= (bin(u & g).count("1") & 1) << (m + j)
        rows.append(mask)
    return np.array(rows, dtype=np.int64)


def signed_columns(masks: np.ndarray, k: int
                   ) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """The +-1 main-effect columns and two-way-interaction columns of a design (for the
    orthogonality check and the effects), and the player pairs of the latter."""
    x = 2 * membership(masks, k) - 1
    pairs = list(combinations(range(k), 2))
    two_way = np.column_stack([x[:, i] * x[:, j] for i, j in pairs]) if pairs else \
        np.zeros((len(masks), 0))
    return x, two_way, pairs


# --- Shapley values ------------------------------------------------------------------------
def shapley_weights(k: int) -> np.ndarray:
    """|S|!(k - |S| - 1)!/k! for |S| = 0 .. k-1: the chance that, in a random order of the
    k players, exactly the players of a given S come before player i."""
    return np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                     for s in range(k)])


def exact_shapley(values: np.ndarray, k: int) -> np.ndarray:
    """Each player's Shapley value (shape ``(k, *values.shape[1:])``).

    ``values[S]`` is v(S) for every mask S in 0 .. 2^k - 1. phi_i is the sum over S not
    containing i of |S|!(k-|S|-1)!/k! (v(S + i) - v(S)): i's marginal contribution
    averaged over every order in which the players could join. By construction
    v(empty) + sum of phi_i = v(all players) (efficiency).
    """
    values = np.asarray(values, dtype=float)
    if values.shape[0] != 2 ** k:
        raise ValueError(f"need 2^{k} = {2 ** k} coalitions, got {values.shape[0]}")
    masks = full_design(k)
    weights = shapley_weights(k) if k else np.zeros(0)
    sizes = popcount(masks)
    out = np.zeros((k, *values.shape[1:]))
    for i in range(k):
        without = masks[(masks >> i) & 1 == 0]
        w = weights[sizes[without]].reshape(-1, *([1] * (values.ndim - 1)))
        out[i] = (w * (values[without | (1 << i)] - values[without])).sum(axis=0)
    return out


# --- factorial effects ---------------------------------------------------------------------
def effects(masks: np.ndarray, values: np.ndarray, k: int
            ) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Main effects and two-way interactions of a full or resolution >= V design.

    In +-1 coding (x_i = +1 when player i is in the coalition):

    * main effect of i = mean of v over coalitions with i - mean over those without
      = (2/n) sum x_i v;
    * interaction i x j (Yates's definition) = (2/n) sum x_i x_j v = half of (i's main
      effect among coalitions with j - i's main effect among those without j).

    Returns (mains: shape ``(k, ...)``, interactions: ``(k(k-1)/2, ...)``, the pairs).
    """
    values = np.asarray(values, dtype=float)
    x, products, pairs = signed_columns(masks, k)
    n = len(masks)
    flat = values.reshape(n, -1)
    mains = (2 / n) * x.T @ flat
    two_way = (2 / n) * products.T @ flat
    rest = values.shape[1:]
    return mains.reshape(k, *rest), two_way.reshape(len(pairs), *rest), pairs


def model_shapley(masks: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Shapley values of the model v(S) = b0 + sum b_i z_i + sum b_ij z_i z_j (0/1 coding
    z) fitted by least squares to the design: phi_i = b_i + 1/2 sum_j b_ij (a pair's
    interaction is shared equally by its two players). Exact when v has no interactions
    of three or more players; otherwise what they add is left to the caller's
    "higher-order remainder"."""
    values = np.asarray(values, dtype=float)
    z = membership(masks, k)
    pairs = list(combinations(range(k), 2))
    columns = [np.ones(len(masks)), *z.T, *(z[:, i] * z[:, j] for i, j in pairs)]
    design = np.column_stack(columns)
    flat = values.reshape(len(masks), -1)
    beta, *_ = np.linalg.lstsq(design, flat, rcond=None)
    mains, two_way = beta[1:1 + k], beta[1 + k:]
    phi = mains.copy()
    for (i, j), b in zip(pairs, two_way, strict=True):
        phi[i] += b / 2
        phi[j] += b / 2
    return phi.reshape(k, *values.shape[1:])
