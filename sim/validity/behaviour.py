"""The behaviour tier of ``healthsim calibrate``: history the behaviour must reproduce.

The baseline tier (``sim.validity.calibration``) checks the economy under PCT
commissioning, where no behavioural parameter acts. This tier checks the behaviour
itself against what happened when a voluntary commissioning model was offered: GP
fundholding from its first wave in April 1991, with the 1990s scheme's rules (list-size
thresholds, April waves after a preparatory year; ``sim.eras``). Take-up comes from the
GPs' own deal (``sim.commissioning.engagement``): how far the savings on offer, less the
risk of a real budget and the meetings, move their interest in joining, and how the
results of those already in spread. The targets are in
``sim/data/behaviour_targets.csv``, each with its source.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

from sim.runs.run import RunOutput, run_scenario
from sim.scenario import Scenario
from sim.validity.calibration import Measured, compare

FUNDHOLDING_START = "1991-04"
TAKE_UP_YEARS = {"fundholding_population_share_1991": 0,
                 "fundholding_population_share_1996": 5}  # years after the first wave
DISTRICT_POPULATION = 250_000  # assumption: one 1990s district (as fundholding_1991.toml)
DISTRICT_PRACTICES = 47  # assumption: lists of about 5,300 in 1991 (as fundholding_1991.toml)


@cache
def load_behaviour_targets() -> pd.DataFrame:
    """The packaged behaviour targets, one row per measure."""
    with (resources.files("sim") / "data" / "behaviour_targets.csv").open() as handle:
        return pd.read_csv(handle)


def fundholding_scenario(seed: int = 1, population: int | None = None) -> Scenario:
    """Fundholding from its first wave, long enough to see the April 1996 wave."""
    size = population or DISTRICT_POPULATION
    practices = max(1, round(DISTRICT_PRACTICES * size / DISTRICT_POPULATION))
    return Scenario(name="behaviour_fundholding", seed=seed, start=FUNDHOLDING_START,
                    months=12 * max(TAKE_UP_YEARS.values()) + 1,
                    population={"size": size, "practices": practices},
                    commissioning={"model": "fundholding"})


def measure_take_up(output: RunOutput) -> dict[str, Measured]:
    """Share of the population in fundholding practices each April of the targets,
    pooled over replicates."""
    ts = output.timeseries
    measured = {}
    for measure, years in TAKE_UP_YEARS.items():
        april = ts[ts["date"] == ts["date"].min() + pd.DateOffset(years=years)]
        share = april["population_covered_fundholding"].sum() / april["population"].sum()
        measured[measure] = Measured(float(share), "emergent")
    return measured


def calibrate_behaviour(seed: int = 1, replicates: int = 3, population: int | None = None,
                        progress: bool = False) -> pd.DataFrame:
    """Run fundholding from 1991 and compare its take-up with the targets."""
    output = run_scenario(fundholding_scenario(seed, population), replicates=replicates,
                          progress=progress, label="behaviour tier")
    return compare(measure_take_up(output), load_behaviour_targets())
