"""Budget-setting methods: historic spend, weighted capitation, and the pot they share.

Every method turns what the budget setter can see (``BudgetData``) into a **basis** per
person — a number whose sum over a budget holder's people sets the holder's share of
the pot:

- **historic**: last year's hospital cost of everyone then registered (budgets follow
  past activity, as fundholding budgets did, so they can be gamed);
- **capitation**: an age-sex cost index (5-year bands) times a deprivation index, fitted
  on last year's costs of the people on the list a year earlier, for everyone on the
  list now (the shape of the weighted capitation formula: age index x need index);
- **person_based**: each person's predicted next-year cost (``sim.risk.person_based``).

The study (``sim.risk.analysis``) fits capitation weights and the person-based model
once, on data no practice gamed, and applies them to every view, as national weights
and a national model would be: one area's gaming cannot move them.

The **pot** is the PCT's forecast of the area's spend on these services in the budget
year, from the two years before: last year's spend grown by last year's growth.
Budgets are whole pennies that add up to the pot exactly (largest remainders).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.risk.views import BudgetData

AGE_BAND_YEARS = 5  # capitation and person-based age bands: 0-4, 5-9, ..., 90+
N_AGE_BANDS = 19


@dataclass(frozen=True)
class Basis:
    """One method's basis for a budget year: a value per person, with who they are."""

    person_id: np.ndarray
    practice: np.ndarray
    value: np.ndarray


def age_band(age: np.ndarray) -> np.ndarray:
    """Five-year age band, 0 (0-4) to 18 (90+)."""
    return np.minimum(np.asarray(age) // AGE_BAND_YEARS, N_AGE_BANDS - 1).astype(np.intp)


def forecast_pot(data: BudgetData) -> float:
    """The area's spend forecast for the budget year, in pounds (no look-ahead).

    Last year's spend grown by last year's growth in spend. Growth in total spend
    carries the growth of the list as well as of cost per head; per-head growth alone
    under-forecasts a growing area (measured here: by about 0.5% a year).
    """
    before, previous = data.before.cost.sum(), data.previous.cost.sum()
    growth = previous / before if before > 0 else 1.0
    return float(previous * growth)


def historic_basis(data: BudgetData) -> Basis:
    """Last year's cost of every person registered last year."""
    previous = data.previous
    return Basis(previous.person_id, previous.practice, previous.cost)


@dataclass(frozen=True)
class CapitationWeights:
    """Cost per head by 5-year age band and sex, and a deprivation index by quintile."""

    age_sex: np.ndarray  # (N_AGE_BANDS, 2) pounds per head
    deprivation: np.ndarray  # (5,) ratio of actual to age-sex expected cost

    @classmethod
    def fit(cls, data: BudgetData) -> CapitationWeights:
        """Fit on the list at the start of last year and its costs last year."""
        people = data.before.select(data.before.alive)
        cost = data.previous.cost[data.previous.rows_of(people.person_id)]
        cell = age_band(people.age) * 2 + people.female
        sums = np.bincount(cell, weights=cost, minlength=2 * N_AGE_BANDS)
        counts = np.bincount(cell, minlength=2 * N_AGE_BANDS)
        overall = cost.mean() if len(cost) else 0.0
        age_sex = np.where(counts > 0, sums / np.maximum(counts, 1), overall)
        expected = age_sex[cell]
        actual_q = np.bincount(people.deprivation, weights=cost, minlength=5)
        expected_q = np.bincount(people.deprivation, weights=expected, minlength=5)
        deprivation = np.where(expected_q > 0, actual_q / np.maximum(expected_q, 1e-9), 1.0)
        return cls(age_sex.reshape(N_AGE_BANDS, 2), deprivation)

    def weight(self, age: np.ndarray, female: np.ndarray,
               deprivation: np.ndarray) -> np.ndarray:
        """Each person's capitation weight (pounds per year)."""
        return self.age_sex[age_band(age), female.astype(np.intp)] * self.deprivation[
            deprivation]


def capitation_basis(data: BudgetData, weights: CapitationWeights | None = None) -> Basis:
    """Capitation weight of everyone on the list at the start of the budget year.

    ``weights`` defaults to weights fitted on ``data``'s own history; pass weights fitted
    elsewhere (national ones) to apply them to this list.
    """
    weights = weights or CapitationWeights.fit(data)
    start = data.start
    return Basis(start.person_id, start.practice,
                 weights.weight(start.age, start.female, start.deprivation))


def split_pennies(total: np.ndarray | int, weights: np.ndarray) -> np.ndarray:
    """Split whole pennies in proportion to ``weights`` along the last axis, exactly.

    ``total`` has the shape of ``weights`` without its last axis. Parts are floored and
    the pennies left over go to the largest remainders (ties to the first), so every
    split adds up to its total. Rows whose weights are all zero are split evenly.
    """
    weights = np.asarray(weights, dtype=np.float64)
    total = np.asarray(total, dtype=np.int64)
    row_sum = weights.sum(axis=-1, keepdims=True)
    even = np.broadcast_to(1.0 / weights.shape[-1], weights.shape)
    share = np.where(row_sum > 0, weights / np.where(row_sum > 0, row_sum, 1.0), even)
    exact = total[..., None] * share
    parts = np.floor(exact).astype(np.int64)
    left = total - parts.sum(axis=-1)
    order = np.argsort(-(exact - parts), axis=-1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(weights.shape[-1])
                      * np.ones_like(order), axis=-1)
    return parts + (rank < left[..., None])


def pounds_to_pennies(pounds: np.ndarray | float) -> np.ndarray:
    """Whole pennies, rounded half to even."""
    return np.round(np.asarray(pounds, dtype=np.float64) * 100.0).astype(np.int64)


def paced_shares(current: np.ndarray, targets: np.ndarray, pace_years: int) -> np.ndarray:
    """Shares moving from ``current`` towards each year's target over ``pace_years``.

    ``targets`` is (years, ...) and ``current`` the shares before the first year. In
    year k (0 first) the share closes 1/(pace_years - k) of the remaining gap, so the
    holder reaches its target in year ``pace_years - 1`` and follows it after.
    """
    shares = np.empty_like(targets, dtype=np.float64)
    share = np.asarray(current, dtype=np.float64)
    for k in range(len(targets)):
        share = share + (targets[k] - share) / max(pace_years - k, 1)
        shares[k] = share
    return shares
