"""Drawing who has an event this month, without a random number per person.

For rare events, drawing one uniform per person per event type would dominate the run
time. Instead: the total count is Poisson with the summed rate, and each event picks its
person with probability proportional to their rate (one sorted search on the
cumulative rates, ``sim.people.kernels.search_sorted_points``). This is exactly
equivalent to independent Poisson counts per person.
"""

from __future__ import annotations

import numpy as np

from sim.people.kernels import (
    add_sorted_counts,
    cumulative_sum,
    pick_by_shares,
    search_sorted_points,
)

EMPTY = np.empty(0, dtype=np.intp)


def draw_events(rate: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Rows having an event, one entry per event (a row may appear more than once).

    Args:
        rate: expected events per row this period (zero for rows that cannot have one).
        rng: the stream to draw from.
    """
    return draw_from_cumulative(cumulative_rates(rate), rng)


def draw_from_cumulative(cumulative: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``draw_events`` given the running total of the rates (from a compiled kernel,
    ``sim.people.kernels``, that builds the rates and their total in one pass)."""
    if len(cumulative) == 0:
        return EMPTY
    count = rng.poisson(cumulative[-1]) if cumulative[-1] > 0 else 0
    return pick_rows(cumulative, count, rng)


def cumulative_rates(rate: np.ndarray) -> np.ndarray:
    """Running total of the rates (``np.cumsum``, compiled: the same sums, faster)."""
    rate = np.asarray(rate)
    if rate.dtype != np.float64:
        return np.cumsum(rate)
    return cumulative_sum(rate)


def pick_rows(cumulative: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` rows drawn in proportion to their rate, given the cumulative rates."""
    if count == 0:
        return EMPTY
    points = np.sort(rng.random(count)) * cumulative[-1]  # sorted: faster lookups
    return search_sorted_points(cumulative, points)


def pick_in_proportion(rates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each row of ``rates`` (people x choices), a choice's index drawn in proportion
    to its rate (one uniform per person): which condition starts, or worsens, or which
    cancer state a starting person is in (``pick_by_shares``: one compiled pass)."""
    return pick_by_uniforms(rates, rng.random(len(rates)))


def pick_by_uniforms(rates: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """``pick_in_proportion`` with each row's uniform given: the uniforms of a whole
    population can then be drawn at once and the choices made a block of rows at a
    time (``sim.people.blocks``)."""
    rates = np.ascontiguousarray(rates, dtype=np.float64)
    return np.minimum(pick_by_shares(rates, uniform), rates.shape[1] - 1)


def draw_once(rate: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Rows having at least one event (probability 1 - exp(-rate)), sorted, unique."""
    return np.unique(draw_events(rate, rng))


def add_counts(column: np.ndarray, rows: np.ndarray, amount: float = 1) -> None:
    """``column[rows] += amount`` once per occurrence of a row (rows may repeat).

    Faster than ``np.add.at`` for the few thousand rows a month's events touch. Rows
    drawn from running totals come sorted, and need no second sort (``add_sorted_counts``).
    """
    if len(rows) > 1 and bool(np.all(rows[1:] >= rows[:-1])):
        add_sorted_counts(column, rows, amount)
        return
    unique, counts = np.unique(rows, return_counts=True)
    column[unique] += counts * amount


def beta_with_mean(mean: float, concentration: float, size: int,
                   rng: np.random.Generator) -> np.ndarray:
    """Beta draws with the given mean and concentration (alpha + beta)."""
    return rng.beta(mean * concentration, (1 - mean) * concentration, size)


def lognormal_mean_one(sd: float, size: int, rng: np.random.Generator) -> np.ndarray:
    """Lognormal draws with mean 1 and log-scale standard deviation ``sd``."""
    return rng.lognormal(-0.5 * sd * sd, sd, size)
