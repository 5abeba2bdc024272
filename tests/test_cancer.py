"""The cancer pathway (sim.people.cancer, sim.outcomes.cancer_pathway).

Unit tests of the rules (incidence curve, starting states, each month's moves), then the
harm of doing less: withholding urgent referrals finds more cancers late, in emergencies,
and more people die of them.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.outcomes.cancer_pathway import (
    cancer_deaths,
    step_cancer,
    withheld_needed_share,
)
from sim.parameters import Parameters
from sim.people.cancer import (
    DIAGNOSED_EARLY,
    DIAGNOSED_LATE,
    EARLY,
    LATE,
    NONE,
    StageRates,
    death_per_year,
    draw_cancer,
    load_incidence_curve,
    onset_per_month,
    steady_state_shares,
)
from sim.people.population import Population
from sim.people.risk_factors import refresh_cancer_onset
from sim.runs.run import run_scenario
from sim.scenario import Scenario

PARAMS = Parameters()


def test_incidence_rises_with_age_deprivation_and_for_men():
    curve = load_incidence_curve()
    assert curve.per_year(70, 0, 0) == pytest.approx(curve.incidence_at_70)
    assert curve.per_year(50, 0, 0) < curve.per_year(60, 0, 0) < curve.per_year(70, 0, 0)
    assert curve.per_year(70, 1, 0) < curve.per_year(70, 0, 0)
    assert curve.per_year(70, 0, 4) > curve.per_year(70, 0, 0)
    assert curve.per_year(120, 0, 4) == curve.max_incidence


def test_no_new_cancer_while_one_is_held():
    rate = onset_per_month(np.full(5, 70.0), np.zeros(5), np.zeros(5),
                           np.array([NONE, EARLY, LATE, DIAGNOSED_EARLY, DIAGNOSED_LATE]))
    assert rate[0] > 0 and np.all(rate[1:] == 0)


def test_the_starting_states_follow_the_steady_state_shares():
    count = 400_000
    age = np.full(count, 75.0)
    background = np.full(count, 0.05)
    states = draw_cancer(age, np.zeros(count), np.zeros(count), background, PARAMS,
                         np.random.default_rng(3))
    expected = steady_state_shares([load_incidence_curve().per_year(75.0, 0, 0)], [0.05],
                                   [1.4 ** 0.5], StageRates.from_params(PARAMS))[0]
    assert expected.sum() == pytest.approx(1.0)
    assert expected[DIAGNOSED_EARLY] > expected[EARLY] > 0  # found early, then survive
    observed = np.bincount(states, minlength=5) / count
    assert np.all(np.abs(observed - expected) <= 4 * np.sqrt(expected / count) + 1e-9)


def test_younger_people_survive_the_same_stage_better():
    cancer = np.array([DIAGNOSED_LATE, DIAGNOSED_LATE, DIAGNOSED_EARLY, NONE, EARLY])
    rate = death_per_year(cancer, np.array([50.0, 80.0, 80.0, 80.0, 80.0]), PARAMS)
    assert rate[0] < rate[1]
    assert rate[1] > rate[2] > 0
    assert rate[3] == 0 and rate[4] == 0  # early undiagnosed cancers do not kill


def test_a_practice_withholds_urgent_referrals_in_proportion_to_what_it_gives_up():
    chance = withheld_needed_share(np.array([1.0, 0.8, 0.0]), np.array([0.0, 0.2, 0.0]), 0.5)
    np.testing.assert_allclose(chance, [0.0, 0.1, 0.0])


# --- a cohort on the pathway ----------------------------------------------------------------
def _cohort(count: int, practices: int = 2) -> Population:
    people = Population(count)
    people.append({"age": np.full(count, 70.0), "practice": np.arange(count) % practices})
    refresh_cancer_onset(people, np.arange(people.n))
    return people


def _follow(withheld_chance: float, months: int = 60, count: int = 200_000) -> dict:
    """Run the pathway on a cohort aged 70 (no other deaths) with every practice
    withholding urgent referrals at ``withheld_chance``; the same streams each time."""
    people = _cohort(count)
    withheld = np.full(2, withheld_chance)
    totals = dict.fromkeys(("new", "early", "late", "emergency", "withheld", "deaths"), 0)
    for month in range(months):
        dead = cancer_deaths(people, PARAMS, month, np.random.default_rng([1, month, 0]))
        people.alive[dead] = False
        found = step_cancer(people, withheld, PARAMS, np.random.default_rng([1, month, 1]),
                            np.random.default_rng([1, month, 2]))
        assert np.all(people.cancer[found.emergency_rows] >= DIAGNOSED_EARLY)
        for key, value in (("new", found.new_cancers), ("early", found.diagnosed_early),
                           ("late", found.diagnosed_late),
                           ("emergency", found.diagnosed_in_emergency),
                           ("withheld", found.referrals_withheld), ("deaths", len(dead))):
            totals[key] += value
    return totals


@pytest.fixture(scope="module")
def referred_and_withheld() -> tuple[dict, dict]:
    return _follow(0.0), _follow(0.5)


def test_the_cohort_gets_cancers_at_the_incidence_and_finds_about_half_early(
        referred_and_withheld):
    referred, _ = referred_and_withheld
    yearly = referred["new"] / 200_000 / 5
    assert yearly == pytest.approx(load_incidence_curve().incidence_at_70, rel=0.1)
    found = referred["early"] + referred["late"]
    assert 0.35 < referred["early"] / found < 0.65
    assert 0.1 < referred["emergency"] / found < 0.35
    assert referred["withheld"] == 0


def test_withholding_urgent_referrals_finds_more_cancers_late_and_more_die(
        referred_and_withheld):
    """The harm of doing less: cancers wait, spread, present as emergencies and kill."""
    referred, withheld = referred_and_withheld
    assert withheld["withheld"] > 1000
    share_late = {name: run["late"] / (run["early"] + run["late"])
                  for name, run in (("referred", referred), ("withheld", withheld))}
    assert share_late["withheld"] > share_late["referred"] + 0.05
    assert withheld["emergency"] > 1.2 * referred["emergency"]
    assert withheld["deaths"] > 1.05 * referred["deaths"]


def test_cured_people_can_get_cancer_again():
    people = _cohort(10)
    people.cancer[:] = DIAGNOSED_EARLY
    people.m_cancer_onset[:] = 0.0
    params = PARAMS.model_copy(update={"cancer_cure_per_year": 1000.0})
    step_cancer(people, np.zeros(2), params, np.random.default_rng(1),
                np.random.default_rng(2))
    assert np.all((people.cancer == NONE) | (people.cancer == EARLY))
    assert np.all(people.m_cancer_onset[people.cancer == NONE] > 0)


# --- end to end ----------------------------------------------------------------------------
@pytest.mark.slow
def test_a_partnership_that_cuts_needed_referrals_finds_cancers_later_and_more_die():
    """The same partnership economy over a decade, its practices cutting up to half
    their referrals, with none of the cut referrals needed, then all of them: more
    cancers are found late and in emergencies, and more people die of cancer (other
    harm switched off). Deaths lag diagnosis by years and differ by chance too (about
    +180 here against a chance spread of about 115); the cohort test above shows the
    effect on deaths without that noise."""
    economy = {"name": "t", "months": 120, "seed": 5, "commissioning": {"model": "lcp"},
               "population": {"size": 150_000, "practices": 23}}
    parameters = {"referral_reduction_max": 0.5, "missed_referral_emergency_risk": 0.0}
    runs = {share: run_scenario(Scenario.model_validate(
        {**economy, "parameters": {**parameters, "needed_share_of_withheld_referrals": share}}),
        replicates=2).timeseries.sum(numeric_only=True) for share in (0.0, 1.0)}
    harmless, harmful = runs[0.0], runs[1.0]
    assert harmless["cancer_referrals_withheld"] == 0
    assert harmful["cancer_referrals_withheld"] > 200
    assert harmful["cancers_diagnosed_late"] > harmless["cancers_diagnosed_late"]
    assert harmful["cancers_diagnosed_in_emergency"] > harmless["cancers_diagnosed_in_emergency"]
    assert harmful["deaths_from_cancer"] > harmless["deaths_from_cancer"]
