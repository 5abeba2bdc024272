"""The vectorised model against the one-agent-per-patient reference (``sim.validity.reference``).

Both start from the same people (same seed and replicate), so the comparison is
conditional on the starting population: what may differ is only how each month's events
are drawn. The vectorised model is run many times on each starting population (fresh
demography and demand streams), which gives the mean and spread of every monthly total
under its rules; the reference, run once per population, must fall inside that spread.

Why not a plain Poisson z-test on the totals: the population itself wanders (deaths,
leavers, births and registrations are random, and registrations clone random residents),
which over 24 months adds about as much variance again to high-volume counts such as GP
consultations and prescribing items. So the variance used is the larger of the Poisson
variance and the spread seen across the vectorised runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import HealthEconomy
from sim.outcomes.treatment_trend import treatment_factor
from sim.people.age_profile import band_of
from sim.people.cancer import death_per_year
from sim.people.rates import (
    MONTHS_PER_YEAR,
    ae_per_month,
    consultations_per_month,
    emergency_per_month,
    gp_referrals_per_month,
    mortality_per_month,
    other_first_outpatient_per_month,
    prescribing_per_month,
)
from sim.scenario import Scenario
from sim.validity.reference import COUNTS, ReferencePopulationModel

SCENARIO = Scenario(name="reference-check", population={"size": 4000, "practices": 5},
                    months=24)
REPLICATES = (0, 1)  # two starting populations, pooled
VECTORISED_RUNS = 30  # per starting population
Z_LIMIT = 4.0
POWER_SHIFT = 0.20  # a rate error of this size must be detectable (see below)

# Power. Pooled over the two populations there are about 1,550 emergency admissions, and
# across vectorised runs their standard deviation is about 50 (a quarter more than
# Poisson, sqrt(1,550) = 39, from the wandering population and frailty drift); the
# comparison's standard error is that times sqrt(1 + 1/30), about 50. An emergency rate
# 20% off in either implementation moves the total by about 310, i.e. |z| = 6 on average,
# so the test fails with probability about 98% (P(z < 4) for z ~ N(6, 1)). Checked by
# hand: making the reference's emergency rate 1.2x gave z = 6.2, 0.8x gave z = -6.7,
# consultations 1.2x gave z = 30, LTC onset 2x gave z = 7.2 on the mean LTC count.
# ``test_the_comparison_has_power`` checks that arithmetic on the actual figures, for
# the measures that are this well powered. Deaths (~150) and births (~200) are too rare
# for 20% (they catch errors of about 50% or more); the end-of-run mean LTC count
# catches gross errors in onset (e.g. rates doubled), not 20% ones.
POWERED = ("emergency_admissions", "referrals", "outpatient_first", "gp_consultations",
           "ae_attendances", "prescribing_items")


def _mean_ltc(model: HealthEconomy) -> float:
    pop = model.population
    return float(pop.ltc[pop.alive].mean())


def _vectorised_runs(replicate: int) -> pd.DataFrame:
    """Totals of each vectorised run on this replicate's starting population."""
    rows = []
    for run in range(VECTORISED_RUNS):
        model = HealthEconomy(SCENARIO, replicate)
        model.draw_prefix = (replicate, 1000 + run)  # independent monthly draws
        model.run()
        frame = model.recorder.timeseries()
        rows.append({**frame[list(COUNTS)].sum().to_dict(),
                     "person_months": frame["population"].sum(), "ltc_mean": _mean_ltc(model)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def comparison() -> dict[str, pd.DataFrame | pd.Series]:
    """Reference totals (pooled) and the pooled totals of each vectorised run."""
    reference, vectorised = [], []
    for replicate in REPLICATES:
        model = ReferencePopulationModel(SCENARIO, replicate)
        model.run()
        frame = model.timeseries()
        reference.append({**frame[list(COUNTS)].sum().to_dict(),
                          "person_months": frame["population"].sum(),
                          "ltc_mean": frame["ltc_mean"].iloc[-1]})
        vectorised.append(_vectorised_runs(replicate))
    # run k of every population pooled: sums of counts, mean of the LTC means
    pooled = sum(vectorised)
    pooled["ltc_mean"] /= len(REPLICATES)
    ref = pd.DataFrame(reference).sum()
    ref["ltc_mean"] /= len(REPLICATES)
    return {"reference": ref, "vectorised": pooled}


def _standard_error(runs: pd.Series, poisson: bool) -> float:
    """SE of (reference - mean of runs), both with the runs' variance (Poisson at least)."""
    variance = float(runs.var(ddof=1))
    if poisson:
        variance = max(variance, float(runs.mean()))
    return float(np.sqrt(variance * (1.0 + 1.0 / len(runs))))


@pytest.mark.slow
@pytest.mark.parametrize("measure", [*COUNTS, "person_months"])
def test_monthly_totals_agree(comparison, measure: str) -> None:
    runs = comparison["vectorised"][measure]
    reference = comparison["reference"][measure]
    z = (reference - runs.mean()) / _standard_error(runs, poisson=measure != "person_months")
    assert abs(z) < Z_LIMIT, (
        f"{measure}: reference {reference:.0f} against vectorised mean {runs.mean():.1f} "
        f"(sd {runs.std():.1f} over {len(runs)} runs), z = {z:.2f}")


@pytest.mark.slow
def test_mean_ltc_at_the_end_agrees(comparison) -> None:
    runs = comparison["vectorised"]["ltc_mean"]
    reference = comparison["reference"]["ltc_mean"]
    z = (reference - runs.mean()) / _standard_error(runs, poisson=False)
    assert abs(z) < Z_LIMIT, (f"mean LTC: reference {reference:.4f} against vectorised "
                              f"{runs.mean():.4f} (sd {runs.std():.4f}), z = {z:.2f}")


@pytest.mark.slow
@pytest.mark.parametrize("measure", POWERED)
def test_the_comparison_has_power(comparison, measure: str) -> None:
    """A 20% rate difference would give |z| >= 5 on average, so would fail |z| < 4."""
    runs = comparison["vectorised"][measure]
    shifted_se = _standard_error(runs, poisson=True) * np.sqrt(1.0 + POWER_SHIFT)
    assert POWER_SHIFT * runs.mean() / shifted_se >= Z_LIMIT + 1.0


def test_reference_starts_from_the_vectorised_population() -> None:
    scenario = SCENARIO.with_overrides(population={"size": 300, "practices": 3}, months=3)
    vectorised = HealthEconomy(scenario, 2).population
    people = list(ReferencePopulationModel(scenario, 2).agents)
    assert len(people) == vectorised.size
    for name in ("age", "ltc", "log_frailty", "gp_propensity", "deprivation", "practice",
                 "trust", "female"):
        np.testing.assert_array_equal([getattr(p, name) for p in people],
                                      getattr(vectorised, name))


def test_reference_is_deterministic_and_keeps_the_people_invariant() -> None:
    scenario = SCENARIO.with_overrides(population={"size": 300, "practices": 3}, months=6)
    first, second = (ReferencePopulationModel(scenario, 1) for _ in range(2))
    first.run()
    second.run()
    frame = first.timeseries()
    pd.testing.assert_frame_equal(frame, second.timeseries())
    assert len(frame) == 6
    change = frame.births + frame.registrations - frame.deaths - frame.leavers
    assert (frame.population_start + change == frame.population).all()
    assert (frame.population_start.iloc[1:].to_numpy() == frame.population.iloc[:-1]).all()


def test_cached_rates_match_the_rules_person_by_person() -> None:
    """After 16 months (deaths, arrivals, new LTCs, April frailty drift, compaction) the
    vectorised model's rates -- from its cached multipliers -- equal each person's rates
    recomputed from scratch by the reference. Deterministic: a stale cache fails it."""
    scenario = SCENARIO.with_overrides(population={"size": 1500, "practices": 3}, months=18)
    economy = HealthEconomy(scenario, 3)
    for _ in range(16):
        economy.step()
    people = list(ReferencePopulationModel(scenario, 3, source=economy).agents)
    pop, rates, providers = economy.population, economy.rates, economy.providers()
    alive, band = pop.alive, band_of(pop.age)
    referral = providers.practice_referral[pop.practice]
    prescribing = providers.practice_prescribing[pop.practice]
    vectorised = {
        "gp_consultations": consultations_per_month(band, pop.m_consultation, rates),
        "referrals": gp_referrals_per_month(band, pop.m_referral, referral, rates),
        "other_first": other_first_outpatient_per_month(band, pop.m_other_first, rates),
        "ae_attendances": ae_per_month(band, pop.m_ae, rates),
        "emergency_admissions": emergency_per_month(
            band, pop.m_emergency, rates,
            providers.trust_admitting[pop.trust] * providers.practice_emergency[pop.practice]),
        "prescribing_items": prescribing_per_month(band, pop.m_prescribing, prescribing,
                                                   rates),
    }
    assert len(people) == alive.sum()
    expected = pd.DataFrame([person.expected_care() for person in people])
    for kind, rate in vectorised.items():
        np.testing.assert_allclose(rate[alive], expected[kind], rtol=1e-12, err_msg=kind)
    cancer = (death_per_year(pop.cancer, pop.age, economy.params) / MONTHS_PER_YEAR
              * treatment_factor(economy.params, economy.month))
    assert cancer[alive].sum() > 0
    np.testing.assert_allclose(
        (mortality_per_month(pop.age, band, pop.m_mortality, economy.params, rates)
         + cancer)[alive], [person.death_rate() for person in people], rtol=1e-12)
