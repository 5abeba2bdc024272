"""Model against the England 2008-10 figures in ``data/calibration_targets.csv``.

The baseline (PCT commissioning, payment by results) starts in 2010-04 with rates set
to the 2008-09 figures, so its first financial year (2010-11) is compared with them;
the two years between are not simulated. Growth in emergency admissions is compared
over the model's first four years (2010-11 to 2014-15) with the 2004-05 to 2008-09
trend: the assumption is that the trend continued. That growth happened under full
tariff (the 30% marginal rate came in 2010-11), and part of the model's growth follows
trusts' margin on an extra admission (``sim.mechanisms.pbr_drift``), so the calibration
run pays full tariff throughout (``PAYMENT_OF_THE_TARGET_YEARS``), as in 2004-09; the
marginal rate is checked as an input of the package's defaults.

Each row says how the model's figure arises:
- ``emergent``: produced by the simulation (draws, demography, behaviour);
- ``expected``: the model's expected value from its rates (not a draw);
- ``input``: set directly by a parameter (shown so the whole file is accounted for).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from sim.inputs.sizing import sized_economy
from sim.money.allocation import allocation_per_head
from sim.money.ledger import SECONDARY_CARE, Category
from sim.parameters import Parameters
from sim.people.age_profile import BANDS
from sim.people.conditions import CONDITIONS
from sim.runs.run import RunOutput, run_scenario
from sim.scenario import Scenario

GROWTH_YEARS = 4
GROWTH_MEASURE = "emergency_admissions_growth_2004_05_to_2008_09"
CALIBRATION_MONTHS = 12 * (GROWTH_YEARS + 1)  # 2010-11 to 2014-15
AGE_GROUPS = {  # calibration age groups as unions of model bands
    "0_4": ("0-4",), "5_14": ("5-14",), "15_44": ("15-24", "25-44"), "45_64": ("45-64",),
    "65_plus": ("65-74", "75-84", "85+"), "85_plus": ("85+",),
}


@cache
def load_targets() -> pd.DataFrame:
    """The packaged calibration targets, one row per measure."""
    with (resources.files("sim") / "data" / "calibration_targets.csv").open() as handle:
        return pd.read_csv(handle)


@dataclass(frozen=True)
class Measured:
    value: float
    how: str  # emergent | expected | input


PAYMENT_OF_THE_TARGET_YEARS = {"marginal_emergency_rate": 1.0}
"""derived: 2004-05 to 2008-09 trusts were paid full tariff for every emergency
admission (the marginal rule began in 2010-11: DH PbR guidance 2010-11)."""


def calibration_scenario(population: int | None = None, seed: int = 1,
                         practices: int | None = None) -> Scenario:
    """The built-in baseline (the Scenario defaults), long enough for the growth target,
    paid as trusts were in the target years (``PAYMENT_OF_THE_TARGET_YEARS``), with the
    economy ``population`` and ``practices`` ask for by every command's rule
    (``sim.inputs.sizing``: practices keep the baseline's mean list size unless given),
    so that a smaller calibration run still has practices of the size the practice-level
    targets describe."""
    scenario = Scenario(name="calibration", seed=seed, months=CALIBRATION_MONTHS,
                        parameters=PAYMENT_OF_THE_TARGET_YEARS)
    return sized_economy(scenario, population, practices)


def calibrate(population: int | None = None, seed: int = 1, replicates: int = 3,
              progress: bool = False, workers: int = 1,
              practices: int | None = None) -> pd.DataFrame:
    """Run the baseline (on ``workers`` processes) and compare it with every target."""
    scenario = calibration_scenario(population, seed, practices)
    output = run_scenario(scenario, replicates=replicates, progress=progress,
                          label="calibrating", workers=workers)
    table = compare(measure_run(output), load_targets())
    return pd.concat([table, pd.DataFrame([growth_beyond_ageing(output, table)])],
                     ignore_index=True)


def growth_beyond_ageing(output: RunOutput, table: pd.DataFrame) -> dict:
    """The extra check the growth target asks for: growth must exceed ageing alone."""
    ageing = ageing_only_growth(output)
    total = float(table.loc[table["measure"] == GROWTH_MEASURE, "model"].iloc[0])
    return {"measure": "emergency_admissions_growth_from_ageing_alone", "target": float("nan"),
            "model": ageing, "low": float("nan"), "high": total, "how": "emergent",
            "passed": bool(ageing < total),
            "unit": "relative growth over four years; must be below the total growth"}


def format_table(table: pd.DataFrame) -> str:
    """The calibration table as aligned text."""
    shown = table.assign(
        result=np.where(table["passed"], "pass", "MISS"),
        allowed=[f"{low:.4g} to {high:.4g}" if np.isfinite(low) else f"< {high:.4g}"
                 for low, high in zip(table["low"], table["high"], strict=True)],
        target=[f"{v:.4g}" if np.isfinite(v) else "-" for v in table["target"]],
        model=[f"{v:.4g}" for v in table["model"]],
    )
    return shown[["measure", "target", "model", "allowed", "how", "result"]].to_string(
        index=False)


def compare(measured: dict[str, Measured], targets: pd.DataFrame) -> pd.DataFrame:
    """One row per target: model value, allowed range and whether it passes."""
    rows = []
    for target in targets.itertuples():
        got = measured[target.measure]
        width = (target.tolerance if target.tolerance_type in ("absolute", "upper_bound")
                 else target.tolerance * abs(target.value))
        low, high = target.value - width, target.value + width
        if target.tolerance_type == "upper_bound":
            low = -np.inf
        rows.append({
            "measure": target.measure, "target": target.value, "model": got.value,
            "low": low, "high": high, "how": got.how,
            "passed": bool(low - 1e-12 <= got.value <= high + 1e-12), "unit": target.unit,
        })
    return pd.DataFrame(rows)


def measure_run(output: RunOutput) -> dict[str, Measured]:
    """Every calibration measure from a baseline run (all replicates pooled)."""
    ts = output.timeseries
    orgs = output.organisations
    params = output.scenario.parameters
    first = _financial_year(ts, 0)
    person_years = first["population"].sum() / 12.0  # summed over replicates
    emergency_year = first["emergency_admissions"].sum()

    def per_1000(column: str) -> float:
        return first[column].sum() * 1000.0 / person_years

    def total(column: str) -> float:
        return float(first[column].sum())

    spend = {c: total(f"spend_{c.value}") for c in Category}
    commissioning = sum(spend.values()) - spend[Category.MANAGEMENT]
    emergency, population = _by_age(orgs, first["date"].unique())
    m = {
        "deaths_per_1000": Measured(per_1000("deaths"), "emergent"),
        **{f"qof_prevalence_{name}": Measured(
            _year_measure(orgs, f"year_prevalence_{name}", first), "emergent")
           for name in CONDITIONS},
        **{f"severe_share_{name}": Measured(
            _year_measure(orgs, f"year_severe_share_{name}", first), "emergent")
           for name in CONDITIONS},
        "severe_share_largest_change_by_year_5": Measured(_severe_share_change(ts, orgs),
                                                          "emergent"),
        "diabetes_incidence_per_1000": Measured(per_1000("new_diabetes"), "emergent"),
        "deaths_within_30_days_of_emergency_admission_share": Measured(
            total("deaths_after_acute_events") / total("deaths"), "emergent"),
        "mortality_within_30_days_of_emergency_admission": Measured(
            total("deaths_after_acute_events") / emergency_year, "emergent"),
        **_cancer_measures(total),
        "amenable_deaths_share": Measured(total("deaths_amenable") / total("deaths"),
                                          "emergent"),
        "avoidable_mortality_yearly_change": Measured(_amenable_change(ts), "emergent"),
        "births_per_1000": Measured(per_1000("births"), "emergent"),
        "ltc_prevalence": Measured(_year_measure(orgs, "year_ltc_prevalence", first),
                                   "emergent"),
        "emergency_admissions_per_1000": Measured(per_1000("emergency_admissions"),
                                                  "emergent"),
        "emergency_admissions_growth_2004_05_to_2008_09":
            Measured(_emergency_growth(ts), "emergent"),
        "emergency_share_of_admissions": Measured(
            emergency_year / (emergency_year + total("elective_admissions")), "emergent"),
        "emergency_admission_cost_gbp": Measured(
            spend[Category.ACUTE_EMERGENCY] / emergency_year, "emergent"),
        "elective_inpatient_cost_gbp": Measured(params.tariff_elective_inpatient, "input"),
        "day_case_cost_gbp": Measured(params.tariff_day_case, "input"),
        "outpatient_first_cost_gbp": Measured(params.tariff_outpatient_first, "input"),
        "ae_attendance_cost_gbp": Measured(
            spend[Category.AE] / total("ae_attendances"), "input"),
        "marginal_emergency_tariff_rate": Measured(
            Parameters().marginal_emergency_rate, "input"),  # the default, not the run's
        "gp_consultations_per_person_year": Measured(per_1000("gp_consultations") / 1000.0,
                                                     "emergent"),
        "gp_consultations_per_person_year_age_85_89": Measured(
            _year_measure(orgs, "year_expected_consultations_age_85_89", first), "expected"),
        "share_seeing_gp_in_year": Measured(
            _year_measure(orgs, "year_share_seen_by_gp", first), "emergent"),
        "gp_referred_first_outpatient_per_1000": Measured(per_1000("referrals"), "emergent"),
        "outpatient_follow_up_per_first": Measured(
            total("outpatient_follow_up") / total("outpatient_first"), "emergent"),
        "elective_admissions_per_1000": Measured(per_1000("elective_admissions"), "emergent"),
        "ae_attendances_per_1000": Measured(per_1000("ae_attendances"), "emergent"),
        "practice_list_size": Measured(
            output.scenario.population.size / output.scenario.population.practices, "input"),
        "pct_population": Measured(output.scenario.population.size, "input"),
        "pct_allocation_per_head_gbp_2008_09": Measured(allocation_per_head(params, 2008),
                                                        "input"),
        "pct_allocation_growth_2009_11": Measured(
            allocation_per_head(params, 2010) / allocation_per_head(params, 2009) - 1, "input"),
        "secondary_care_share_of_spend": Measured(
            sum(spend[c] for c in SECONDARY_CARE) / commissioning, "emergent"),
        "prescribing_cost_per_head_gbp": Measured(spend[Category.PRESCRIBING] / person_years,
                                                  "emergent"),
        "prescribing_items_per_head": Measured(per_1000("prescribing_items") / 1000.0,
                                               "emergent"),
    }
    for group, bands in AGE_GROUPS.items():
        rate = 1000.0 * sum(emergency[b] for b in bands) / sum(population[b] for b in bands)
        m[f"emergency_admissions_per_1000_age_{group}"] = Measured(rate, "emergent")
    share_total = sum(population.values())
    for band, name in zip(BANDS, ("0_4", "5_14", "15_24", "25_44", "45_64", "65_74", "75_84",
                                  "85_plus"), strict=True):
        m[f"population_share_age_{name}"] = Measured(population[band] / share_total,
                                                     "emergent")
    m.update(_variation_measures(output, first))
    growth_from_ageing = (ageing_only_growth(output)
                          if output.scenario.months >= CALIBRATION_MONTHS else float("nan"))
    m["emergency_admissions_growth_from_ageing_2004_05_to_2008_09"] = Measured(
        growth_from_ageing, "emergent")
    if output.scenario.months < CALIBRATION_MONTHS:
        m["emergency_admissions_growth_2004_05_to_2008_09"] = Measured(float("nan"), "emergent")
    return m


def _cancer_measures(total) -> dict[str, Measured]:
    """Incidence, deaths and how cancers were found, in the first year."""
    diagnosed = total("cancers_diagnosed_early") + total("cancers_diagnosed_late")
    person_years = total("population") / 12.0
    return {
        "cancer_incidence_per_1000": Measured(total("new_cancer") * 1000.0 / person_years,
                                              "emergent"),
        "cancer_deaths_share": Measured(total("deaths_from_cancer") / total("deaths"),
                                        "emergent"),
        "cancer_emergency_presentation_share": Measured(
            total("cancers_diagnosed_in_emergency") / diagnosed, "emergent"),
        "cancer_early_stage_share": Measured(total("cancers_diagnosed_early") / diagnosed,
                                             "emergent"),
    }


def _amenable_change(ts: pd.DataFrame) -> float:
    """Yearly relative change in amenable deaths per person, first to fifth year
    (NaN for a run shorter than the calibration years)."""
    if ts["date"].nunique() < CALIBRATION_MONTHS:
        return float("nan")
    first, last = _financial_year(ts, 0), _financial_year(ts, GROWTH_YEARS)
    ratio = ((last["deaths_amenable"].sum() / last["population"].sum())
             / (first["deaths_amenable"].sum() / first["population"].sum()))
    return float(ratio ** (1.0 / GROWTH_YEARS) - 1.0)


def _variation_measures(output: RunOutput, first: pd.DataFrame) -> dict[str, Measured]:
    """Spread between practices and concentration of cost, at the first year-end
    (practices pooled over replicates; the cost measures averaged over replicates)."""
    orgs, year_end = output.organisations, first["date"].max()
    close = orgs[orgs["date"] == year_end]

    def practices(measure: str) -> np.ndarray:
        rows = close[(close["org_type"] == "practice") & (close["measure"] == measure)]
        return rows["value"].to_numpy()

    def pct(measure: str) -> float:
        return _year_measure(orgs, measure, first)

    lists = output.practices[output.practices["date"] == year_end]
    m = {f"practice_{name}_sd": Measured(float(np.std(practices(f"year_{name}"))), "emergent")
         for name in ("share_age_0_4", "share_age_65_74", "share_age_75_plus")}
    imd = practices("year_imd_score")
    m["practice_imd_score_mean"] = Measured(float(np.mean(imd)), "emergent")
    m["practice_imd_score_sd"] = Measured(float(np.std(imd)), "emergent")
    cv = lists.groupby("replicate")["list_size"].agg(lambda size: size.std(ddof=0)
                                                     / size.mean())
    m["practice_list_size_cv"] = Measured(float(cv.mean()), "emergent")
    m["practice_emergency_admissions_cv"] = Measured(_practice_emergency_cv(output, first),
                                                     "emergent")
    for name in ("share_top_1_percent", "share_top_5_percent"):
        m[f"hospital_cost_{name}"] = Measured(pct(f"year_hospital_cost_{name}"), "emergent")
    m["hospital_cost_max_gbp"] = Measured(pct("year_hospital_cost_max"), "emergent")
    return m


def _practice_emergency_cv(output: RunOutput, first: pd.DataFrame) -> float:
    """Spread of practices' emergency admissions per 1,000 a year in the first year."""
    year = output.practices[output.practices["date"].isin(first["date"].unique())]
    per_practice = year.groupby(["replicate", "practice"], observed=True).agg(
        admissions=("emergency_admissions", "sum"), heads=("list_size", "mean"))
    rate = per_practice["admissions"] / per_practice["heads"]
    return float(rate.std(ddof=0) / rate.mean())


def ageing_only_growth(output: RunOutput) -> float:
    """Growth in emergency admissions that the changing age structure alone explains.

    The first year's age-specific rates applied to the age structure four years on.
    """
    orgs = output.organisations
    ts = output.timeseries
    start_e, start_p = _by_age(orgs, _financial_year(ts, 0)["date"].unique())
    _, later_p = _by_age(orgs, _financial_year(ts, GROWTH_YEARS)["date"].unique())
    rate = {b: start_e[b] / start_p[b] if start_p[b] else 0.0 for b in BANDS}
    expected_later = sum(rate[b] * later_p[b] for b in BANDS)
    expected_start = sum(rate[b] * start_p[b] for b in BANDS)
    return expected_later / expected_start - 1.0


def _financial_year(ts: pd.DataFrame, year: int) -> pd.DataFrame:
    dates = np.sort(ts["date"].unique())
    chosen = dates[12 * year: 12 * (year + 1)]
    return ts[ts["date"].isin(chosen)]


def _emergency_growth(ts: pd.DataFrame) -> float:
    if ts["date"].nunique() < CALIBRATION_MONTHS:
        return float("nan")
    first = _financial_year(ts, 0)["emergency_admissions"].sum()
    later = _financial_year(ts, GROWTH_YEARS)["emergency_admissions"].sum()
    return later / first - 1.0


def _by_age(orgs: pd.DataFrame, dates) -> tuple[dict[str, float], dict[str, float]]:
    """Emergency admissions a year and mean people, by band, over the given months."""
    year = orgs[orgs["date"].isin(dates) & (orgs["org_type"] == "pct")]
    sums = year.groupby("measure")["value"].sum()
    replicates = max(year["replicate"].nunique(), 1)
    months = len(dates) * replicates
    emergency = {b: float(sums.get(f"emergency_admissions_age_{b}", 0.0)) * 12.0 / months
                 for b in BANDS}
    population = {b: float(sums.get(f"population_age_{b}", 0.0)) / months for b in BANDS}
    return emergency, population


def _severe_share_change(ts: pd.DataFrame, orgs: pd.DataFrame) -> float:
    """Largest relative change of a condition's severe share from the first to the
    fifth year-end (NaN for a shorter run)."""
    if ts["date"].nunique() < CALIBRATION_MONTHS:
        return float("nan")
    first, fifth = _financial_year(ts, 0), _financial_year(ts, GROWTH_YEARS)
    return max(abs(_year_measure(orgs, f"year_severe_share_{name}", fifth)
                   / _year_measure(orgs, f"year_severe_share_{name}", first) - 1.0)
               for name in CONDITIONS)


def _year_measure(orgs: pd.DataFrame, measure: str, year: pd.DataFrame) -> float:
    rows = orgs[(orgs["measure"] == measure) & (orgs["date"] == year["date"].max())]
    return float(rows["value"].mean()) if len(rows) else float("nan")
