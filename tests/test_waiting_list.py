"""The elective waiting list: joining, longest-waiter-first admission, capacity."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.care.waiting_list import (
    add_to_list,
    admit,
    longest_waiters_first,
    waiting_list_by_trust,
)
from sim.people.population import NOT_WAITING, Population


def make_population(trust, waiting_since=None) -> Population:
    trust = np.asarray(trust, dtype=np.intp)
    pop = Population(capacity=len(trust))
    columns = {"trust": trust, "age": np.full(len(trust), 50.0)}
    if waiting_since is not None:
        columns["waiting_since"] = np.asarray(waiting_since, dtype=np.int32)
    pop.append(columns)
    return pop


def test_joining_the_list_keeps_an_earlier_place():
    pop = make_population([0, 0, 0])
    add_to_list(pop, np.array([0, 1]), month=3)
    add_to_list(pop, np.array([1, 2, 2]), month=5)  # row 1 already waiting since 3
    np.testing.assert_array_equal(pop.waiting_since, [3, 3, 5])


def test_longest_waiters_are_admitted_first_up_to_capacity():
    # trust 0: joined months 1, 0, 4, 2; trust 1: joined months 3, 1
    pop = make_population([0, 0, 0, 0, 1, 1], [1, 0, 4, 2, 3, 1])
    result = admit(pop, np.array([2, 5]), month=6, minimum_wait=1)
    assert sorted(result.rows.tolist()) == [0, 1, 4, 5]
    np.testing.assert_array_equal(result.by_trust, [2, 2])
    np.testing.assert_array_equal(result.list_by_trust, [2, 0])
    assert result.mean_wait_months == np.mean([6 - 1, 6 - 0, 6 - 3, 6 - 1])
    np.testing.assert_array_equal(pop.waiting_since[[0, 1, 4, 5]], [NOT_WAITING] * 4)
    np.testing.assert_array_equal(pop.waiting_since[[2, 3]], [4, 2])


def test_minimum_wait_is_respected():
    pop = make_population([0, 0, 0], [5, 4, 3])
    result = admit(pop, np.array([10]), month=5, minimum_wait=2)
    assert result.rows.tolist() == [2]  # only the person who joined in month 3
    np.testing.assert_array_equal(result.list_by_trust, [2])


def test_people_who_died_or_left_drop_off_the_list():
    pop = make_population([0, 0, 0], [0, 1, 2])
    pop.alive[0] = False
    result = admit(pop, np.array([1]), month=5, minimum_wait=0)
    assert result.rows.tolist() == [1]
    assert pop.waiting_since[0] == NOT_WAITING
    np.testing.assert_array_equal(result.list_by_trust, [1])


def test_ties_are_broken_by_person_id():
    pop = make_population([0, 0, 0, 0], [2, 2, 2, 2])
    result = admit(pop, np.array([2]), month=4, minimum_wait=0)
    assert sorted(result.rows.tolist()) == [0, 1]


def test_nobody_waiting_means_no_admissions():
    pop = make_population([0, 1])
    result = admit(pop, np.array([3, 3]), month=2, minimum_wait=0)
    assert len(result.rows) == 0
    np.testing.assert_array_equal(result.by_trust, [0, 0])
    assert np.isnan(result.mean_wait_months)


@given(st.lists(st.tuples(st.integers(0, 2), st.one_of(st.none(), st.integers(-6, 12)),
                          st.booleans()), min_size=1, max_size=80),
       st.lists(st.integers(0, 10), min_size=3, max_size=3),
       st.integers(0, 3))
def test_admission_properties(people, capacity, minimum_wait):
    month = 12
    trust = [t for t, _, _ in people]
    waiting = [NOT_WAITING if w is None else w for _, w, _ in people]
    pop = make_population(trust, waiting)
    pop.alive[:] = [alive for _, _, alive in people]
    before = pop.waiting_since.copy()
    on_list = (before != NOT_WAITING) & pop.alive
    assert waiting_list_by_trust(pop, 3).sum() == on_list.sum()

    result = admit(pop, np.array(capacity), month, minimum_wait)

    admitted = result.rows
    assert len(np.unique(admitted)) == len(admitted)
    assert np.all(on_list[admitted])  # only living people on the list
    assert np.all(month - before[admitted] >= minimum_wait)
    np.testing.assert_array_equal(result.by_trust, np.bincount(pop.trust[admitted],
                                                               minlength=3))
    assert np.all(result.by_trust <= capacity)
    assert result.by_trust.sum() + result.list_by_trust.sum() == on_list.sum()
    np.testing.assert_array_equal(result.list_by_trust, waiting_list_by_trust(pop, 3))
    # nobody eligible was passed over for someone who waited less, at the same trust
    eligible = on_list & (month - before >= minimum_wait)
    for t in range(3):
        took = admitted[pop.trust[admitted] == t]
        left = np.flatnonzero(eligible & (pop.trust == t) & (pop.waiting_since != NOT_WAITING))
        if len(took) and len(left):
            assert before[took].max() <= before[left].min()
        if len(left):  # someone eligible still waits only if the trust was full
            assert len(took) == capacity[t]


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(-120, 600)), max_size=60),
       st.sampled_from([1, 10**6, 2**52]))
def test_the_packed_sort_is_lexsorts_order(waiters, id_scale):
    """Trust, then the month joined, then person id: the same order as ``np.lexsort``,
    ties of trust and month included, with ids from small to wide enough (2**52 apart) to
    take the lexsort fallback."""
    trust = np.array([t for t, _ in waiters], dtype=np.int32)
    waiting = np.array([w for _, w in waiters], dtype=np.int32)
    person_id = (np.arange(len(waiters), dtype=np.int64)[::-1] * id_scale) % (2**62)
    expected = np.lexsort((person_id, waiting, trust))
    np.testing.assert_array_equal(longest_waiters_first(trust, waiting, person_id), expected)
