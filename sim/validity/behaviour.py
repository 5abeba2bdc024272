"""The behaviour tier of ``healthsim calibrate``: history the behaviour must reproduce.

The baseline tier (``sim.validity.calibration``) checks the economy under PCT
commissioning, where no behavioural parameter acts. This tier checks the behaviour
itself against what happened when commissioning models were offered:

- GP fundholding from its first wave in April 1991, with the 1990s scheme's rules
  (list-size thresholds, April waves after a preparatory year; ``sim.eras``). Take-up
  comes from the GPs' own deal (``sim.commissioning.engagement``): how far the savings on
  offer, less the risk of a real budget and the meetings, move their interest in joining,
  and how the results of those already in spread.
- Practice-based commissioning from its launch: the share of practices whose cluster has
  commissioned a new service (in the model, its care-plan service in place once the
  PCT approves its business case), against the Department of Health's PBC practice
  surveys. Approximate: PBC began in April 2005 and the model has no 2005 era, so the
  run starts in April 2008 (the 2008-10 era) and its months count from PBC's launch.

The targets are in ``sim/data/behaviour_targets.csv``, each with its source.
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
PBC_START = "2008-04"  # stands in for PBC's launch in April 2005 (no 2005 era)
# a district has about six PBC clusters, so one run's share moves in steps of a sixth:
# the PBC runs take this many replicates per calibration replicate (the surveys pooled
# thousands of practices)
PBC_REPLICATES_PER_REPLICATE = 3
PBC_SURVEY_MONTHS = {"pbc_practices_commissioning_new_services_2007": 27,  # Jun-Aug 2007
                     "pbc_practices_commissioning_new_services_2008": 39,  # Jun-Aug 2008
                     "pbc_practices_commissioning_new_services_2009": 45}  # early 2009


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


def pbc_scenario(seed: int = 1, population: int | None = None) -> Scenario:
    """Practice-based commissioning from (a stand-in for) its launch, to the last survey."""
    size = population or DISTRICT_POPULATION
    practices = max(1, round(DISTRICT_PRACTICES * size / DISTRICT_POPULATION))
    return Scenario(name="behaviour_pbc", seed=seed, start=PBC_START,
                    months=max(PBC_SURVEY_MONTHS.values()) + 1,
                    population={"size": size, "practices": practices},
                    commissioning={"model": "pbc"})


def measure_pbc_services(output: RunOutput) -> dict[str, Measured]:
    """Share of practices whose PBC cluster has its new (care-plan) service in place
    (its business case approved) in each survey's month, pooled over replicates."""
    orgs = output.organisations
    bodies = orgs[orgs["org_type"] == "commissioner"].pivot_table(
        index=["replicate", "date", "org_id"], columns="measure", values="value")
    first = orgs["date"].min()
    measured = {}
    for measure, month in PBC_SURVEY_MONTHS.items():
        then = bodies.xs(first + pd.DateOffset(months=month), level="date")
        running = then["member_practices"] * (then["services_running"] > 0)
        measured[measure] = Measured(float(running.sum() / then["member_practices"].sum()),
                                     "emergent")
    return measured


def calibrate_behaviour(seed: int = 1, replicates: int = 3, population: int | None = None,
                        progress: bool = False, workers: int = 1) -> pd.DataFrame:
    """Run fundholding from 1991 and PBC from its launch (on ``workers`` processes);
    compare with the targets."""
    fundholding = run_scenario(fundholding_scenario(seed, population), replicates=replicates,
                               progress=progress, label="behaviour tier: fundholding",
                               workers=workers)
    pbc = run_scenario(pbc_scenario(seed, population),
                       replicates=replicates * PBC_REPLICATES_PER_REPLICATE,
                       progress=progress, label="behaviour tier: PBC", workers=workers)
    return compare({**measure_take_up(fundholding), **measure_pbc_services(pbc)},
                   load_behaviour_targets())
