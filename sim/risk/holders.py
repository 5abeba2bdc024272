"""Budget holders of a given population size, formed from one simulated economy.

A holder is a run of people along a line (a **key** per person):

- ``practices`` (the default): people in practice order, and in random order within a
  practice (key = practice number + a uniform draw). Practices are numbered by locality
  (neighbours have similar case mix, ``sim.people.population``), so a holder of 5,000 is most
  of one practice and one of 100,000 is about sixteen neighbouring practices, as real
  budget holders were single practices or local groups. A holder may split a practice
  at its two ends; that keeps every holder at exactly its target size, and a practice's
  own way of referring (and its case mix) still goes with the holder, which is a real
  part of the risk it carries.
- ``random``: random people from the whole area (key = a uniform draw). Only chance
  variation between people is left, so comparing the two shows how much of the risk is
  systematic differences between practices and localities.

A **partition** cuts the line, treated as a circle, into ``n // size`` holders of exactly
``size`` people on the list at the start of the first budget year, starting at a random
offset; people left over stay with the PCT. The cuts are fixed in key space, so a
holder keeps its people (and gains births and new registrations that fall between its
cuts) in later years. Many partitions with different offsets give many holder-years.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.risk.defaults import GROUPINGS


def key_span(grouping: str, n_practices: int) -> float:
    """Length of the key line (keys lie in [0, span))."""
    return float(n_practices) if grouping == "practices" else 1.0


def person_keys(grouping: str, person_id: np.ndarray, practice: np.ndarray,
                uniform_by_id: np.ndarray) -> np.ndarray:
    """Each person's position on the line (see the module docstring)."""
    u = uniform_by_id[person_id]
    if grouping == "practices":
        return practice + u
    if grouping == "random":
        return u.copy()
    raise ValueError(f"unknown grouping {grouping!r}; allowed: {', '.join(GROUPINGS)}")


@dataclass(frozen=True)
class Partitions:
    """``count`` partitions into holders of ``size``: key intervals [lo, hi).

    ``lo`` and ``hi`` are (count, holders) keys on the line; where ``wraps`` is true the
    holder runs from ``lo`` past the end of the line round to ``hi``. (Keys are never
    shifted by the span and back: that arithmetic is not exact in floating point.)
    """

    size: int
    lo: np.ndarray
    hi: np.ndarray
    wraps: np.ndarray
    span: float

    @property
    def count(self) -> int:
        return self.lo.shape[0]

    @property
    def holders(self) -> int:
        return self.lo.shape[1]

    def contains(self, keys: np.ndarray, partition: int, holder: int) -> np.ndarray:
        """Who of ``keys`` is in one holder (a check; sums use ``IntervalSums``)."""
        lo, hi = self.lo[partition, holder], self.hi[partition, holder]
        if self.wraps[partition, holder]:
            return (keys >= lo) | (keys < hi)
        return (keys >= lo) & (keys < hi)


def make_partitions(sorted_keys: np.ndarray, span: float, size: int, count: int,
                    rng: np.random.Generator) -> Partitions:
    """``count`` partitions of the people whose keys (sorted) are given into holders of
    ``size``."""
    keys = sorted_keys
    n = len(keys)
    holders = n // size
    if holders == 0:
        empty = np.zeros((count, 0))
        return Partitions(size, empty, empty, empty.astype(bool), span)
    offsets = rng.integers(0, n, count)
    first = (offsets[:, None] + size * np.arange(holders)[None, :]) % n
    last = first + size  # one past the holder's last person, in [1, 2n)
    return Partitions(size, keys[first], keys[last % n], last >= n, span)


class KeyLine:
    """Everyone's key in one grouping, ranked once, so any year's people can be put in
    key order without sorting again (a person's key does not change from year to year).

    Falls back to sorting if a person's practice has changed between years.
    """

    def __init__(self, grouping: str, n_practices: int, person_id: np.ndarray,
                 practice: np.ndarray, uniform_by_id: np.ndarray) -> None:
        self.grouping, self.span = grouping, key_span(grouping, n_practices)
        self.uniform_by_id = uniform_by_id
        self.practice_by_id = np.full(len(uniform_by_id), -1, dtype=np.int64)
        self.practice_by_id[person_id] = practice
        self.key_by_id = person_keys(grouping, np.arange(len(uniform_by_id)),
                                     np.maximum(self.practice_by_id, 0), uniform_by_id)
        self.rank_by_id = np.empty(len(uniform_by_id), dtype=np.int64)
        self.rank_by_id[np.argsort(self.key_by_id, kind="stable")] = np.arange(
            len(uniform_by_id))

    def keys(self, person_id: np.ndarray, practice: np.ndarray) -> np.ndarray:
        return person_keys(self.grouping, person_id, practice, self.uniform_by_id)

    def sorted_keys(self, person_id: np.ndarray, practice: np.ndarray) -> np.ndarray:
        return self.keys(person_id, practice)[self.order(person_id, practice)]

    def order(self, person_id: np.ndarray, practice: np.ndarray) -> np.ndarray:
        """Indices that put these people in key order."""
        if not np.array_equal(self.practice_by_id[person_id], practice):
            return np.argsort(self.keys(person_id, practice), kind="stable")
        slots = np.full(len(self.rank_by_id), -1, dtype=np.int64)
        slots[self.rank_by_id[person_id]] = np.arange(len(person_id))
        return slots[slots >= 0]

    def interval_sums(self, person_id: np.ndarray, practice: np.ndarray) -> IntervalSums:
        keys = self.keys(person_id, practice)
        return IntervalSums(keys, self.span, self.order(person_id, practice))


class IntervalSums:
    """Sums of per-person values over key intervals, for one set of people.

    Sorting once and taking cumulative sums makes every interval sum two look-ups, so
    thousands of holders cost almost nothing.
    """

    def __init__(self, keys: np.ndarray, span: float, order: np.ndarray | None = None) -> None:
        self.order = np.argsort(keys, kind="stable") if order is None else order
        self.keys = keys[self.order]
        self.span = span

    def __call__(self, values: np.ndarray, partitions: Partitions) -> np.ndarray:
        """(count, holders) sums of ``values`` (one per person, in the keys' order)."""
        return self.cumulative(values)(partitions)

    def cumulative(self, values: np.ndarray) -> Callable[[Partitions], np.ndarray]:
        """Sums of ``values`` over the intervals of any partitions (one cumulative sum)."""
        cumulative = np.concatenate([[0.0], np.cumsum(values[self.order], dtype=np.float64)])

        def over(partitions: Partitions) -> np.ndarray:
            below_hi = cumulative[np.searchsorted(self.keys, partitions.hi, side="left")]
            below_lo = cumulative[np.searchsorted(self.keys, partitions.lo, side="left")]
            return below_hi + np.where(partitions.wraps, cumulative[-1], 0.0) - below_lo
        return over
