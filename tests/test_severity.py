"""Severity within the named conditions (sim.people.severity): who is severe, how cases
worsen, and how a practice's management slows it.

Unit tests of the curves, the synthetic draw and the progression rate, then the monthly
draw with and without management, then small runs: progression keeps the severe shares
steady, and management slows it only where a commissioner engages practices.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.people.conditions import BITS, CONDITIONS, load_condition_curves
from sim.people.population import Population
from sim.people.severity import (
    draw_severity,
    load_severity_curves,
    progress_severity,
    progression_rate,
    severe_share_of,
)
from sim.runs.run import run_scenario
from sim.scenario import Scenario

CURVES = load_severity_curves()
ALL = np.uint8(sum(int(bit) for bit in BITS.values()))


def test_every_condition_has_a_definition_and_englands_share():
    assert set(CURVES.definitions) == set(CONDITIONS)
    assert np.all((CURVES.england_share > 0) & (CURVES.england_share < 1))


def test_severe_share_follows_age_deprivation_and_its_ceiling():
    copd, failure = CONDITIONS.index("copd"), CONDITIONS.index("heart_failure")
    diabetes = CONDITIONS.index("diabetes")
    assert CURVES.share(failure, 80, 0, 0) > CURVES.share(failure, 50, 0, 0)
    # FEV1 as a share of predicted is age-adjusted by construction
    assert CURVES.share(copd, 80, 0, 0) == CURVES.share(copd, 50, 0, 0)
    assert CURVES.share(copd, 60, 0, 4) > CURVES.share(copd, 60, 0, 0)
    # National Diabetes Audit: control is worse in younger people
    assert CURVES.share(diabetes, 30, 0, 0) > CURVES.share(diabetes, 70, 0, 0)
    for index in range(len(CONDITIONS)):
        assert CURVES.share(index, 110, 0, 4) <= CURVES.max_severe_share[index]


def test_synthetic_severity_matches_the_curves_and_only_where_held():
    rng = np.random.default_rng(3)
    n = 200_000
    age = rng.uniform(40, 95, n)
    female, deprivation = rng.random(n) < 0.5, rng.integers(0, 5, n)
    conditions = np.where(rng.random(n) < 0.5, ALL, 0).astype(np.uint8)
    severe = draw_severity(age, female, deprivation, conditions, rng)
    assert np.all((severe & ~conditions) == 0)
    alive = np.ones(n, dtype=bool)
    held = conditions == ALL
    for index, name in enumerate(CONDITIONS):
        expected = CURVES.share(index, age[held], female[held], deprivation[held]).mean()
        assert severe_share_of(name, conditions, severe, alive) == pytest.approx(
            expected, rel=0.05)


def test_progression_keeps_the_curve_and_stops_once_severe():
    copd = CONDITIONS.index("copd")
    conditions = load_condition_curves()
    share = CURVES.share(copd, 70.0, 0, 2)
    growth = (CURVES.severe_age_gradient[copd] + conditions.age_gradient[copd]
              + conditions.trend_per_year[copd] + CURVES.severe_excess_removal_per_year[copd])
    assert CURVES.progression_per_month(copd, 70.0, 0, 2) == pytest.approx(
        growth * share / (1 - share) / 12)
    bit = BITS["copd"]
    mild = progression_rate(np.array([70.0]), np.array([0]), np.array([2]),
                            np.array([bit]), np.array([0], dtype=np.uint8))[0]
    assert mild == pytest.approx(CURVES.progression_per_month(copd, 70.0, 0, 2))
    for severe in (bit, 0):  # severe already, or without the condition at all
        conditions_held = np.array([bit if severe else 0], dtype=np.uint8)
        assert progression_rate(np.array([70.0]), np.array([0]), np.array([2]),
                                conditions_held, np.array([severe], dtype=np.uint8))[0] == 0


def _cases(count: int, practices: int = 2) -> Population:
    """People aged 75 with every named condition, none severe, in ``practices``."""
    population = Population(count)
    population.append({"age": np.full(count, 75.0), "conditions": np.full(count, ALL),
                       "practice": np.arange(count) % practices})
    population.m_severity_progression[:] = progression_rate(
        population.age, population.female, population.deprivation, population.conditions,
        population.severe)
    return population


def test_management_slows_progression_with_common_random_numbers():
    """The same candidates are drawn whatever the practices do; a practice at factor f
    keeps about f of its own (here practice 1 keeps none)."""
    usual, managed = _cases(100_000), _cases(100_000)
    rows_usual, bits_usual = progress_severity(usual, np.ones(2), np.random.default_rng(9))
    rows_managed, _ = progress_severity(managed, np.array([1.0, 0.0]),
                                        np.random.default_rng(9))
    expected = usual.m_severity_progression.sum()
    assert len(rows_usual) == pytest.approx(expected, rel=0.1)
    assert set(rows_managed) <= set(rows_usual)
    assert np.all(managed.practice[rows_managed] == 0)
    assert len(rows_managed) == pytest.approx(np.count_nonzero(usual.practice[rows_usual] == 0),
                                              rel=0.02)
    assert np.all(usual.severe[rows_usual] == bits_usual)
    for index, name in enumerate(CONDITIONS):  # which condition: in proportion to its rate
        share = np.mean(bits_usual == BITS[name])
        rates = CURVES.progression_per_month(index, 75.0, 0, 0)
        total = sum(CURVES.progression_per_month(i, 75.0, 0, 0) for i in range(len(CONDITIONS)))
        assert share == pytest.approx(rates / total, abs=0.03)


def _run(overrides: dict, replicates: int = 1):
    base = {"name": "t", "months": 36, "seed": 5,
            "population": {"size": 60_000, "practices": 9}}
    base.update(overrides)
    return run_scenario(Scenario.model_validate(base), replicates=replicates)


def _shares(organisations):
    shares = {}
    for name in CONDITIONS:
        rows = organisations[organisations["measure"] == f"year_severe_share_{name}"]
        shares[name] = rows.groupby("date")["value"].mean().to_numpy()
    return shares


def test_severe_shares_stay_near_englands_over_the_years():
    output = _run({})
    for index, (name, by_year) in enumerate(_shares(output.organisations).items()):
        target = CURVES.england_share[index]
        assert len(by_year) == 3
        assert np.all(np.abs(by_year / target - 1.0) < 0.3), (name, by_year)
    assert output.timeseries[[f"new_severe_{n}" for n in CONDITIONS]].to_numpy().sum() > 300


@pytest.mark.slow
def test_management_slows_progression_only_where_practices_engage():
    """Under PCT commissioning no practice manages differently, so the effect changes
    nothing; in a partnership it means fewer cases becoming severe."""
    columns = [f"new_severe_{n}" for n in CONDITIONS]

    def worsened(model: str, effect: float) -> float:
        output = _run({"commissioning": {"model": model}, "months": 48,
                       "population": {"size": 150_000, "practices": 23},
                       "parameters": {"ltc_progression_effect": effect}})
        return float(output.timeseries[columns].to_numpy().sum())

    assert worsened("pct", 0.0) == worsened("pct", 1.0)
    assert worsened("lcp", 1.0) < 0.9 * worsened("lcp", 0.0)
