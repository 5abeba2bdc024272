"""Compiled passes over the population arrays (numba), where numpy is slow or makes
several passes and temporaries for one result.

Each kernel does the same floating-point operations, in the same order, as the numpy
expression it replaces, so results are identical to the last bit (the snapshot test
checks this on every run): numba compiles without ``fastmath``, and its ``exp`` is the
C library's, which numpy also uses for float64 on machines without AVX-512 (on those
with it, numpy's own vectorised ``exp`` can differ in the last bit, as it already did
between machines). Compiled code is cached beside this file (``cache=True``), so only
the first run after an install pays the compile time (about a second per kernel).

``tests/test_kernels.py`` compares every kernel with the numpy statement it replaces,
bit for bit. ``mean_of_few`` is not compiled: it is numpy's mean of a short list
without numpy's call overhead, by the same rule of matching numpy's order of addition.

Why: ``np.cumsum`` runs at about 4 ns an element (it is not vectorised), and the rate
of each kind of event was built from three or four full-size temporaries before it was
summed; a month at 340,000 people made some thirty such passes (docs/performance.md).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def cumulative_sum(values: np.ndarray) -> np.ndarray:
    """``np.cumsum(values)`` for float64 values (same order of addition, so the same
    result), about four times faster."""
    out = np.empty_like(values)
    total = 0.0
    for i in range(values.size):
        total += values[i]
        out[i] = total
    return out


@njit(cache=True, nogil=True)
def advance_age(age: np.ndarray, band: np.ndarray, gompertz: np.ndarray,
                ltc_expected: np.ndarray, years: float, gompertz_growth: float,
                ltc_growth: float, band_of_year: np.ndarray, oldest: float,
                mortality_multiplier: np.ndarray, band_mortality: np.ndarray,
                background: float, infant: float) -> np.ndarray:
    """Everyone ``years`` older, in place: their age, their band (``band_of``: the
    band of each whole year up to ``oldest``) and each exponential age term times its
    growth (``sim.people.ageing``). Returns the running total of ``mortality_per_month``
    (``sim.people.rates``) at the new ages, made in the same pass: ``(gompertz +
    background + infant x [age < 1]) x multiplier x band_rate[band]``."""
    out = np.empty_like(age)
    total = 0.0
    for i in range(age.size):
        age[i] += years
        b = band_of_year[int(min(age[i], oldest))]
        band[i] = b
        gompertz[i] *= gompertz_growth
        ltc_expected[i] *= ltc_growth
        yearly = gompertz[i] + background
        if age[i] < 1.0:
            yearly += infant
        total += yearly * mortality_multiplier[i] * band_mortality[b]
        out[i] = total
    return out


@njit(cache=True, nogil=True)
def cumulative_ltc_onset(ltc_expected: np.ndarray, alive: np.ndarray, gradient: float,
                         months_per_year: float) -> np.ndarray:
    """Running total of ``ltc_onset_per_month`` for the living: the slope of the
    expected number of conditions with age, ``gradient x expected / 12``."""
    out = np.empty_like(ltc_expected)
    total = 0.0
    for i in range(ltc_expected.size):
        if alive[i]:
            total += gradient * ltc_expected[i] / months_per_year
        out[i] = total
    return out


@njit(cache=True, nogil=True)
def cumulative_referral_rate(band, practice, multiplier, band_rate, practice_propensity):
    """Running total of ``gp_referrals_per_month`` (``sim.people.rates``): ``band rate x
    multiplier x practice propensity``, for referrals a practice withholds
    (``sim.outcomes.missed_referrals``)."""
    out = np.empty(band.size)
    total = 0.0
    for i in range(band.size):
        total += band_rate[band[i]] * multiplier[i] * practice_propensity[practice[i]]
        out[i] = total
    return out


@njit(cache=True, nogil=True)
def care_rates(band, practice, trust, alive, m_consultation, m_referral, m_other_first, m_ae,
               m_prescribing, m_emergency, care_plan, missed_referral_until,
               band_consultations, band_referrals, band_other_first, band_ae,
               band_prescribing, band_emergency, practice_referral, practice_prescribing,
               practice_emergency, care_plan_effect, month, missed_referral_monthly,
               consultations_this_year, n_practices, n_trusts, n_bands, deprivation, ltc,
               band_hrqol, band_ltc_mean, ltc_decrement, n_quintiles):
    """A month's expected care in one pass over the population (``sim.care.month``).

    Returns expected consultations and prescription items per practice, expected A&E
    attendances per trust, the running totals of first outpatient attendances (GP
    referrals and other sources) and of acute events, and the month's quality of life
    (``sim.care.outcomes.QualityOfLife``'s total, living people and their summed
    weights by age band and deprivation quintile: it reads the same columns, so it is
    made in the same pass); adds each person's expected consultations to
    ``consultations_this_year``.

    Each rate is ``band rate x person multiplier [x practice factor]``, multiplied in the
    order of ``sim.people.rates``. ``practice_emergency`` empty means no practice changes
    acute risk; ``care_plan_effect`` 0 that nobody's care plan does;
    ``missed_referral_monthly`` 0 that no withheld referral adds risk
    (``sim.care.month.care_factor``, ``sim.outcomes.missed_referrals``).
    """
    consultations_p = np.zeros(n_practices)
    prescribing_p = np.zeros(n_practices)
    ae_t = np.zeros(n_trusts)
    first_cumulative = np.empty(band.size)
    acute_cumulative = np.empty(band.size)
    first_total = 0.0
    acute_total = 0.0
    people = np.zeros(n_bands * n_quintiles)
    lived = np.zeros(n_bands * n_quintiles)
    # the weights' total in numpy's pairwise order, a block of 128 at a time (no array
    # of everyone's weights to write and read back)
    walk, lefts = pairwise_walk(band.size)
    top = descend(walk, 0)
    start, end = walk[0, top], walk[0, top] + walk[1, top]  # the block being filled
    block = np.empty(PAIRWISE_BLOCK)
    quality_total = _block_sum(block, 0, 0)  # the sum of no one (kept when none)
    for i in range(band.size):
        b, p = band[i], practice[i]
        block[i - start] = _add_quality(i, b, deprivation, ltc, alive, band_hrqol,
                                        band_ltc_mean, ltc_decrement, n_quintiles, people,
                                        lived)
        if i + 1 == end:
            top, quality_total = climb(walk, lefts, top, _block_sum(block, 0, end - start))
            # the next block (after the last, top is -1: row 0 is read and never used;
            # this is 5% faster in this pass than a branch on top)
            start, end = walk[0, max(top, 0)], walk[0, max(top, 0)] + walk[1, max(top, 0)]
        consult = band_consultations[b] * m_consultation[i]
        consultations_p[p] += consult
        consultations_this_year[i] += consult
        first_total += _first_rate(b, p, i, m_referral, m_other_first, band_referrals,
                                   band_other_first, practice_referral)
        first_cumulative[i] = first_total
        ae_t[trust[i]] += band_ae[b] * m_ae[i]
        prescribing_p[p] += band_prescribing[b] * m_prescribing[i] * practice_prescribing[p]
        acute = band_emergency[b] * m_emergency[i] * _care_factor(
            practice_emergency, p, care_plan_effect, care_plan[i])
        if missed_referral_monthly > 0.0 and alive[i] and missed_referral_until[i] > month:
            acute = acute + missed_referral_monthly
        acute_total += acute
        acute_cumulative[i] = acute_total
    return (consultations_p, prescribing_p, ae_t, first_cumulative, acute_cumulative,
            quality_total, people.reshape((n_bands, n_quintiles)),
            lived.reshape((n_bands, n_quintiles)))


@njit(cache=True, nogil=True)
def _care_factor(practice_emergency, p, care_plan_effect, has_care_plan):
    """``sim.care.month.care_factor`` of one person: their practice's factor on acute
    events (none when ``practice_emergency`` is empty) times ``1 - care_plan_effect``
    when they have a care plan."""
    factor = practice_emergency[p] if practice_emergency.size > 0 else 1.0
    if care_plan_effect > 0.0 and has_care_plan:
        factor = factor * (1.0 - care_plan_effect)
    return factor


@njit(cache=True, nogil=True)
def _first_rate(b, p, i, m_referral, m_other_first, band_referrals, band_other_first,
                practice_referral):
    """First outpatient attendances expected of person ``i`` this month: GP referrals
    (``gp_referrals_per_month``) plus other sources (``other_first_outpatient_per_month``)."""
    return (band_referrals[b] * m_referral[i] * practice_referral[p]
            + band_other_first[b] * m_other_first[i])


@njit(cache=True, nogil=True)
def expected_sums(band, practice, trust, care_plan, m_emergency, m_referral, m_other_first,
                  m_ae, m_prescribing, person_complexity, band_emergency, band_referrals,
                  band_other_first, band_ae, band_prescribing, emergency_price,
                  elective_price, trust_admitting, practice_emergency, care_plan_effect,
                  practice_referral, practice_prescribing, tariff_emergency,
                  decisions_per_first, elective_tariff, episode, n_trusts, n_practices):
    """A month's expected activity and its value in one pass (``sim.care.month.
    expected_month``), in the order of its numpy rules.

    Per person: acute admissions ``band rate x multiplier x (trust admitting x care
    factor)``; first attendances (GP referrals and others); their values at the spell
    price ``band price x complexity`` (``emergency_price``/``elective_price``: the case
    mix's scale times the band's relative price); A&E; prescription items. Returns the
    sums by trust (admissions, first attendances, A&E, emergency value, elective value),
    by practice (emergency value, planned value, items), in ``np.bincount``'s order of
    addition, and each person's items (their total is numpy's pairwise sum). As
    ``care_rates``, an empty ``practice_emergency`` means no practice factor and
    ``care_plan_effect`` 0 no care-plan factor.
    """
    by_trust = np.zeros((5, n_trusts))
    by_practice = np.zeros((3, n_practices))
    items = np.empty(band.size)
    for i in range(band.size):
        b, p, t = band[i], practice[i], trust[i]
        emergency = band_emergency[b] * m_emergency[i] * (trust_admitting[t] * _care_factor(
            practice_emergency, p, care_plan_effect, care_plan[i]))
        first = _first_rate(b, p, i, m_referral, m_other_first, band_referrals,
                            band_other_first, practice_referral)
        emergency_value = (emergency * tariff_emergency
                           * (emergency_price[b] * person_complexity[i]))
        elective_value = (first * decisions_per_first * elective_tariff
                          * (elective_price[b] * person_complexity[i]))
        item = band_prescribing[b] * m_prescribing[i] * practice_prescribing[p]
        items[i] = item
        by_trust[0, t] += emergency
        by_trust[1, t] += first
        by_trust[2, t] += band_ae[b] * m_ae[i]
        by_trust[3, t] += emergency_value
        by_trust[4, t] += elective_value
        by_practice[0, p] += emergency_value
        by_practice[1, p] += elective_value + first * episode
        by_practice[2, p] += item
    return by_trust, by_practice, items


@njit(cache=True, nogil=True)
def search_sorted_points(cumulative: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``np.searchsorted(cumulative, points, side="right")`` for non-decreasing
    ``cumulative`` and sorted ``points``: the same rows, found by galloping forward from
    the previous point's row instead of a binary search over the whole population
    (numpy's), which at millions of people misses the cache at every step."""
    out = np.empty(points.size, dtype=np.intp)
    n = cumulative.size
    low = 0  # every row below ``low`` has a running total <= the previous point
    for k in range(points.size):
        point = points[k]
        bound, step = low, 1
        while bound < n and cumulative[bound] <= point:
            low = bound + 1
            bound = low + step
            step *= 2
        high = min(bound, n)
        while low < high:  # the first row in [low, high) whose total exceeds the point
            middle = (low + high) // 2
            if cumulative[middle] <= point:
                low = middle + 1
            else:
                high = middle
        out[k] = low
    return out


@njit(cache=True, nogil=True)
def count_below(cumulative: np.ndarray, row_of: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``(cumulative[row_of] < values[:, None]).sum(axis=1)``: for each value, how many
    entries of its row of ``cumulative`` lie below it (which of several choices a uniform
    draw falls in), without the people x choices temporaries."""
    out = np.zeros(values.size, dtype=np.int64)
    for i in range(values.size):
        row = row_of[i]
        count = 0
        for j in range(cumulative.shape[1]):
            if cumulative[row, j] < values[i]:
                count += 1
        out[i] = count
    return out


@njit(cache=True, nogil=True)
def pick_by_shares(shares: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """For each row of ``shares`` (people x choices), the choice a uniform falls in:
    ``cumulative = np.cumsum(shares, axis=1)``, ``pick = uniform x cumulative[:, -1]``,
    ``(cumulative < pick[:, None]).sum(axis=1)``, in one pass (the same sums and
    comparisons, so the same choices), without two more people x choices arrays."""
    out = np.zeros(shares.shape[0], dtype=np.int64)
    cumulative = np.empty(shares.shape[1])
    for i in range(shares.shape[0]):
        total = 0.0
        for j in range(shares.shape[1]):
            total += shares[i, j]
            cumulative[j] = total
        pick = uniform[i] * total
        count = 0
        for j in range(shares.shape[1]):
            if cumulative[j] < pick:
                count += 1
        out[i] = count
    return out


@njit(cache=True, nogil=True)
def add_sorted_counts(column: np.ndarray, rows: np.ndarray, amount) -> None:
    """``column[rows] += amount`` once per occurrence of a row, for sorted ``rows`` (as
    events drawn from running totals come): each run of a repeated row adds ``count x
    amount`` at once, as ``sim.people.draws.add_counts`` does after ``np.unique``, without
    sorting the rows again."""
    i = 0
    while i < rows.size:
        row, j = rows[i], i + 1
        while j < rows.size and rows[j] == row:
            j += 1
        column[row] += (j - i) * amount
        i = j


@njit(cache=True, nogil=True)
def living_per_group(group: np.ndarray, alive: np.ndarray, n_groups: int) -> np.ndarray:
    """``np.bincount(group[alive], minlength=n_groups)``: the living people in each
    practice (or other group), in one pass without the selection."""
    out = np.zeros(n_groups, dtype=np.int64)
    for i in range(group.size):
        if alive[i]:
            out[group[i]] += 1
    return out


@njit(cache=True, nogil=True)
def keep_rows(column: np.ndarray, keep: np.ndarray) -> int:
    """``column[:k] = column[keep]`` for a boolean ``keep`` with k true values, in place
    and in one forward pass (a row only ever moves down, so none is overwritten before it
    is read); returns k. The yearly compaction of the population (dead and departed
    rows dropped) moves every column this way at about half numpy's time for the gather.
    Every row is copied down and ``k`` advances only past kept ones (a dropped row is
    overwritten by the next), so the loop has no branch to mispredict: a third faster
    than skipping the dropped rows, with the same result."""
    k = 0
    for i in range(column.size):
        column[k] = column[i]
        k += keep[i]
    return k


@njit(cache=True, nogil=True)
def need_by_group(age, female, deprivation, ltc, alive, group, cost, person_based,
                  min_cell, n_age_bands, band_years, n_quintiles, ltc_cells, n_groups):
    """Each group's summed predicted cost of its living people (``sim.money.need``), in
    two passes instead of numpy's dozen: the first sums ``cost`` and counts people in
    each cell of age band x sex x deprivation quintile (and, when ``person_based``, the
    same split by recorded conditions, 0 to ``ltc_cells`` - 1 or more); the second adds
    each person's cell mean (their conditions' cell when it holds ``min_cell`` people or
    more) to their group. Sums in ``np.bincount``'s order of addition."""
    n_cells = n_age_bands * 2 * n_quintiles
    counts = np.zeros(n_cells)
    sums = np.zeros(n_cells)
    split_counts = np.zeros(n_cells * ltc_cells)
    split_sums = np.zeros(n_cells * ltc_cells)
    for i in range(age.size):
        if alive[i]:
            cell = _need_cell(age[i], female[i], deprivation[i], n_age_bands, band_years,
                              n_quintiles)
            counts[cell] += 1.0
            sums[cell] += cost[i]
            if person_based:
                split = cell * ltc_cells + min(ltc[i], ltc_cells - 1)
                split_counts[split] += 1.0
                split_sums[split] += cost[i]
    means = _cell_means(sums, counts)
    split_means = _cell_means(split_sums, split_counts)
    out = np.zeros(n_groups)
    for i in range(age.size):
        if alive[i]:
            cell = _need_cell(age[i], female[i], deprivation[i], n_age_bands, band_years,
                              n_quintiles)
            predicted = means[cell]
            if person_based:
                split = cell * ltc_cells + min(ltc[i], ltc_cells - 1)
                if split_counts[split] >= min_cell:
                    predicted = split_means[split]
            out[group[i]] += predicted
    return out


@njit(cache=True, nogil=True)
def _need_cell(age, female, deprivation, n_age_bands, band_years, n_quintiles):
    """A person's capitation cell: whole years to 5-year bands, then sex, then quintile."""
    band = min(int(age) // band_years, n_age_bands - 1)
    return (band * 2 + (1 if female else 0)) * n_quintiles + deprivation


@njit(cache=True, nogil=True)
def _cell_means(sums, counts):
    """Mean per cell; 0 for a cell with nobody."""
    means = np.zeros(sums.size)
    for c in range(sums.size):
        if counts[c] > 0:
            means[c] = sums[c] / counts[c]
    return means


@njit(cache=True, nogil=True)
def curve_exponents(age, female, deprivation, gradient, log_female_ratio,
                    log_deprivation_quarter, reference_age):
    """The exponents of ``sim.people.conditions.age_curve`` for several curves at once
    (one row per curve): ``gradient x (age - reference_age) + log(female ratio) x female
    + log(deprivation ratio) / 4 x quintile``, added in that order, as numpy does. The
    caller takes numpy's ``exp`` of them (not compiled: see the module docstring), so
    the curves are the same to the last bit."""
    out = np.empty((gradient.size, age.size))
    for k in range(gradient.size):  # curve by curve: the inner loop vectorises
        for i in range(age.size):
            out[k, i] = (gradient[k] * (age[i] - reference_age)
                         + log_female_ratio[k] * (1.0 if female[i] else 0.0)
                         + log_deprivation_quarter[k] * float(deprivation[i]))
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def onset_from_curves(exponential, at_70, ceiling, growth, conditions, bits,
                      months_per_year):
    """``sim.people.conditions.onset_rate`` from the curves' ``exp`` (one row per
    condition): for each condition a person lacks, ``growth x p / (1 - p)`` a year
    while the prevalence ``p = min(at_70 x exp, ceiling)`` is below its ceiling, per
    month; the conditions' rates added in order, as numpy does."""
    n = exponential.shape[1]
    out = np.zeros(n)
    for k in range(at_70.size):  # condition by condition, each added in turn
        for i in range(n):
            p = min(at_70[k] * exponential[k, i], ceiling[k])
            onset = growth[k] * p / (1.0 - p)  # numpy's where: computed, then chosen
            onset = onset if p < ceiling[k] else 0.0
            lacks = 1.0 if (conditions[i] & bits[k]) == 0 else 0.0
            out[i] += onset / months_per_year * lacks
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def progression_from_curves(exponential, at_70, ceiling, gradient, onset_gradient,
                            onset_trend, excess_removal, open_cases, bits,
                            months_per_year):
    """``sim.people.severity.progression_rates`` from the severe-share curves' ``exp``
    (one row per condition): an array people x conditions of ``max(slope + onset
    gradient + trend + excess removal, 0) x share / (1 - share)`` a year, per month,
    where the share ``min(at_70 x exp, ceiling)`` and ``slope`` is the curve's gradient
    below the ceiling and 0 at it; zero unless the case is held and not severe
    (``open_cases``: the bits of those cases). Added in numpy's order."""
    n = exponential.shape[1]
    out = np.empty((n, at_70.size))
    for i in range(n):
        for k in range(at_70.size):
            share = min(at_70[k] * exponential[k, i], ceiling[k])
            slope = 0.0 if share >= ceiling[k] else gradient[k]
            growth = slope + onset_gradient[k] + onset_trend[k] + excess_removal[k]
            held = 1.0 if (open_cases[i] & bits[k]) != 0 else 0.0
            out[i, k] = max(growth, 0.0) * share / (1.0 - share) / months_per_year * held
    return out


@njit(cache=True, nogil=True)
def multiplier_exponents(ltc, log_frailty, deprivation, log_mortality_ltc_ratio,
                         log_emergency_ltc_ratio, log_emergency_deprivation_quarter):
    """The exponents of three person multipliers (``sim.people.rates``), one row each:
    mortality ``ltc x log(ratio) + log frailty``, emergency admissions ``ltc x
    log(ratio) + log frailty + quintile x log(deprivation ratio) / 4`` and A&E ``0.5 x
    log frailty``, added in numpy's order. The caller takes numpy's ``exp``."""
    out = np.empty((3, ltc.size))
    for i in range(ltc.size):
        out[0, i] = float(ltc[i]) * log_mortality_ltc_ratio + log_frailty[i]
    for i in range(ltc.size):
        out[1, i] = (float(ltc[i]) * log_emergency_ltc_ratio + log_frailty[i]
                     + float(deprivation[i]) * log_emergency_deprivation_quarter)
    for i in range(ltc.size):
        out[2, i] = 0.5 * log_frailty[i]
    return out


@njit(cache=True, nogil=True)
def write_multipliers(rows, exponential, ltc, deprivation, conditions, severe,
                      gp_propensity, alive, mortality_by_masks, emergency_by_mask,
                      emergency_by_masks, ae_deprivation_gradient, consultation_by_count,
                      referral_by_count_quintile, other_first_by_count,
                      prescribing_by_count, m_mortality, m_emergency, m_ae, m_consultation,
                      m_referral, m_other_first, m_prescribing):
    """Seven cached person multipliers (``sim.people.risk_factors``) of the people in
    ``rows`` (the inputs are theirs, in that order), in one pass: the three from
    ``multiplier_exponents`` after ``exp`` times their condition and severity ratios
    (or, for A&E, ``1 + gradient x quintile``), and four looked up by the count of
    conditions (and quintile), each times zero for people not alive -- the products
    in numpy's order."""
    for j in range(rows.size):
        row, living = rows[j], 1.0 if alive[j] else 0.0
        held, worse, count = conditions[j], severe[j], ltc[j]
        m_mortality[row] = exponential[0, j] * mortality_by_masks[held, worse] * living
        m_emergency[row] = (exponential[1, j] * emergency_by_mask[held]
                            * emergency_by_masks[held, worse] * living)
        m_ae[row] = (exponential[2, j]
                     * (1.0 + ae_deprivation_gradient * float(deprivation[j])) * living)
        m_consultation[row] = consultation_by_count[count] * gp_propensity[j] * living
        m_referral[row] = referral_by_count_quintile[count, deprivation[j]] * living
        m_other_first[row] = other_first_by_count[count] * living
        m_prescribing[row] = prescribing_by_count[count] * living


PAIRWISE_BLOCK = 128  # numpy's PW_BLOCKSIZE
NUMPY_SEQUENTIAL_SUM = 8  # numpy adds fewer values than this one by one (more: pairwise)


def mean_of_few(values) -> float:
    """``np.mean(values)`` to the last bit, without numpy's overhead for a short list
    (read thousands of times a run, e.g. a practice's GPs' engagement): under eight
    values numpy adds them one by one, as here (Python's ``sum`` compensates rounding,
    so it would differ); longer lists go to numpy. NaN for no values, as numpy."""
    if len(values) == 0 or len(values) >= NUMPY_SEQUENTIAL_SUM:
        return float(np.mean(values)) if len(values) else float("nan")
    total = 0.0
    for value in values:
        total += value
    return float(total / len(values))


@njit(cache=True, nogil=True)
def pairwise_sum(values: np.ndarray) -> float:
    """``values.sum()`` for a contiguous float64 array, in numpy's order of addition
    (its pairwise summation: halves split at a multiple of 8 until a block of at most
    128, summed eight ways), so the result is the same to the last bit.

    The blocks are summed left to right by the walk of ``pairwise_walk``, which a
    compiled pass can also feed one value at a time (``care_rates``' quality of life),
    without keeping every value. The model itself no longer calls this function:
    ``tests/test_kernels.py`` uses it to check that walk against numpy at sizes up to
    123,457, beyond the care pass's own test.
    """
    walk, lefts = pairwise_walk(values.size)
    top = descend(walk, 0)
    while True:
        total = _block_sum(values, walk[0, top], walk[1, top])
        top, total = climb(walk, lefts, top, total)
        if top < 0:
            return total


@njit(cache=True, nogil=True)
def pairwise_walk(n):
    """The state of a walk over numpy's pairwise halving of ``n`` values: a stack of
    halves (rows: start, size, stage: 0 new, 1 left half running, 2 right half) and the
    totals of their finished left halves. The halving is walked with an explicit stack,
    not recursion: numba's cache cannot reload a recursive function (the process
    crashes)."""
    walk = np.zeros((3, 64), dtype=np.int64)
    walk[1, 0] = n
    return walk, np.empty(64)


@njit(cache=True, nogil=True)
def descend(walk, top):
    """From the new half at ``top``, push left halves until a block of at most 128
    values; returns the stack's top (the block: ``walk[0, top]``, ``walk[1, top]``)."""
    while walk[1, top] > PAIRWISE_BLOCK:
        walk[2, top] = 1
        walk[0, top + 1], walk[1, top + 1] = walk[0, top], _half(walk[1, top])
        walk[2, top + 1] = 0
        top += 1
    return top


@njit(cache=True, nogil=True)
def climb(walk, lefts, top, total):
    """Hand a finished block's ``total`` up until a half has its right half to do.
    Returns the next block's stack top, or -1 with the whole sum."""
    while True:
        top -= 1
        if top < 0:
            return -1, total
        if walk[2, top] == 1:
            lefts[top] = total
            walk[2, top] = 2
            half = _half(walk[1, top])
            walk[0, top + 1] = walk[0, top] + half
            walk[1, top + 1] = walk[1, top] - half
            walk[2, top + 1] = 0
            return descend(walk, top + 1), total
        total = lefts[top] + total


@njit(cache=True, nogil=True)
def _half(n):
    half = n // 2
    return half - half % 8


@njit(cache=True, nogil=True)
def _block_sum(values, start, n):
    """numpy's sum of a block of at most 128 values (eight running sums)."""
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = 8
    while i < n - (n % 8):
        j = start + i
        r0 += values[j]
        r1 += values[j + 1]
        r2 += values[j + 2]
        r3 += values[j + 3]
        r4 += values[j + 4]
        r5 += values[j + 5]
        r6 += values[j + 6]
        r7 += values[j + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        total += values[start + i]
        i += 1
    return total


@njit(cache=True, nogil=True)
def _add_quality(i, b, deprivation, ltc, alive, band_hrqol, band_ltc_mean, ltc_decrement,
                 n_quintiles, people, lived):
    """Person ``i``'s quality of life this month (``sim.people.rates.hrqol_weight``,
    zero when not alive), added to their cell of age band ``b`` x deprivation quintile:
    to the living people (``people``) and their summed weights (``lived``, in numpy's
    ``np.bincount`` order). Returns the weight, whose total over everyone ``care_rates``
    sums in numpy's pairwise order (``pairwise_walk``; ``sim.care.outcomes.QualityOfLife``)."""
    cell = b * n_quintiles + deprivation[i]
    weight = band_hrqol[b] - ltc_decrement * (ltc[i] - band_ltc_mean[b])
    weight = min(max(weight, 0.0), 1.0)
    if alive[i]:
        people[cell] += 1.0
    else:
        weight = 0.0
    lived[cell] += weight
    return weight


@njit(cache=True, nogil=True)
def census_counts(alive, age, band, practice, conditions, severe, ltc, imd_score,
                  adult_only, adult_age, n_practices, n_bands):
    """The living people counted in one pass, for the year-end measures
    (``sim.results.census``): how many live and have a long-term condition; per named
    condition (bit ``k`` of ``conditions`` and ``severe``), how many are counted on its
    register (everyone living, or those aged ``adult_age`` or over where ``adult_only``),
    how many of those hold it, how many living hold it and how many of them severely;
    per practice, the living by age band and their summed IMD score (in
    ``np.bincount``'s order of addition)."""
    n_conditions = adult_only.size
    living, with_ltc = 0, 0
    counted = np.zeros(n_conditions, dtype=np.int64)
    counted_holding = np.zeros(n_conditions, dtype=np.int64)
    holding = np.zeros(n_conditions, dtype=np.int64)
    holding_severely = np.zeros(n_conditions, dtype=np.int64)
    by_band = np.zeros((n_practices, n_bands), dtype=np.int64)
    imd = np.zeros(n_practices)
    for i in range(alive.size):
        if not alive[i]:
            continue
        living += 1
        with_ltc += ltc[i] > 0
        p = practice[i]
        by_band[p, band[i]] += 1
        imd[p] += imd_score[i]
        adult = age[i] >= adult_age
        for k in range(n_conditions):
            held = (conditions[i] >> k) & 1
            on_register = adult or not adult_only[k]
            counted[k] += on_register
            counted_holding[k] += held & on_register
            holding[k] += held
            holding_severely[k] += held & ((severe[i] >> k) & 1)
    return (living, with_ltc, counted, counted_holding, holding, holding_severely, by_band,
            imd)
