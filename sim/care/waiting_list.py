"""The elective waiting list: decisions to admit join it, trust capacity empties it.

The list is stored in the population (``waiting_since``: the month a person joined);
each trust admits the longest waiters first, once they have waited the minimum time,
up to its monthly capacity. People who die or leave drop off the list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.people.population import NOT_WAITING, Population


@dataclass(frozen=True)
class Admissions:
    """One month's elective admissions."""

    rows: np.ndarray  # people admitted
    by_trust: np.ndarray  # count per trust
    mean_wait_months: float  # mean time waited by those admitted (NaN if none)
    list_by_trust: np.ndarray  # people still waiting at the end of the month


def add_to_list(population: Population, rows: np.ndarray, month: int) -> None:
    """Put people on the list (someone already waiting keeps their place)."""
    rows = rows[population.waiting_since[rows] == NOT_WAITING]
    population.waiting_since[rows] = month


def admit(population: Population, capacity: np.ndarray, month: int,
          minimum_wait: int) -> Admissions:
    """Admit up to ``capacity[t]`` of the longest waiters at each trust."""
    waiting = population.waiting_since
    on_list = np.flatnonzero(waiting != NOT_WAITING)
    gone = on_list[~population.alive[on_list]]
    waiting[gone] = NOT_WAITING
    on_list = on_list[population.alive[on_list]]
    eligible = on_list[month - waiting[on_list] >= minimum_wait]
    trust = population.trust[eligible]
    order = longest_waiters_first(trust, waiting[eligible], population.person_id[eligible])
    eligible, trust = eligible[order], trust[order]
    n_trusts = len(capacity)
    first_of_trust = np.searchsorted(trust, np.arange(n_trusts))
    place_in_trust = np.arange(len(eligible)) - first_of_trust[trust]
    admitted = eligible[place_in_trust < capacity[trust]]
    waited = month - waiting[admitted]
    waiting[admitted] = NOT_WAITING
    still = on_list[waiting[on_list] != NOT_WAITING]
    return Admissions(
        rows=admitted,
        by_trust=np.bincount(population.trust[admitted], minlength=n_trusts),
        mean_wait_months=float(waited.mean()) if len(waited) else float("nan"),
        list_by_trust=np.bincount(population.trust[still], minlength=n_trusts),
    )


def longest_waiters_first(trust: np.ndarray, waiting_since: np.ndarray,
                          person_id: np.ndarray) -> np.ndarray:
    """The order that sorts waiters by trust, then by the month they joined (longest wait
    first), then by person id (ties broken for determinism): ``np.lexsort((person_id,
    waiting_since, trust))``.

    Why: lexsort makes a stable sort per key, and was a tenth of the month's care at
    340,000 people. The three keys are packed into one integer instead, trust first, and
    sorted once. Person ids are unique, so no two keys are equal and any sort gives
    lexsort's order. Keys too wide for 63 bits fall back to lexsort.
    """
    if len(trust) == 0:
        return np.empty(0, dtype=np.intp)
    waited = waiting_since.astype(np.int64) - int(waiting_since.min())
    months, ids = int(waited.max()) + 1, int(person_id.max()) + 1
    if int(trust.max()) + 1 >= np.iinfo(np.int64).max // (months * ids):
        return np.lexsort((person_id, waiting_since, trust))
    return np.argsort((trust.astype(np.int64) * months + waited) * ids + person_id)


def waiting_list_by_trust(population: Population, n_trusts: int) -> np.ndarray:
    """People alive and waiting, per trust."""
    waiting = (population.waiting_since != NOT_WAITING) & population.alive
    return np.bincount(population.trust[waiting], minlength=n_trusts)
