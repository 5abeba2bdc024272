"""``organisations.parquet``: what each measure is (its period and kind), the file's
column types, and a reader.

The table is long (one ``value`` column of float64, exact for every whole number a run
records), so the type a measure really has travels beside it in ``kind``: a reader casts
counts and levels to integers and flags to booleans (``read_organisations(wide=True)``
does it). Text columns are written as categoricals (pyarrow dictionary columns): a few
hundred distinct names repeated over millions of rows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

PERIODS: tuple[str, ...] = ("month", "year")
"""``month``: a figure for the month (or the state at its end); ``year``: a ``year_*``
measure for the financial year, dated at its last month (March, or the run's last)."""

KINDS: dict[str, str] = {
    "count": "a whole number of people, events or organisations (int64 when cast)",
    "level": "a whole-number rung on a ladder, e.g. an LCP stage (int64 when cast)",
    "flag": "true or false, recorded as 1 or 0 (bool when cast)",
    "share": "a fraction between 0 and 1",
    "pounds": "money in pounds",
    "score": "a score or mean score (GP engagement and a body's maturity 0-1, IMD score)",
    "factor": "a multiplier (1 = unchanged)",
    "rate": "events per person a year",
}
"""Each ``kind`` of measure and what its values are."""

INTEGER_KINDS: tuple[str, ...] = ("count", "level")
BOOLEAN_KINDS: tuple[str, ...] = ("flag",)

MEASURE_KINDS: dict[str, str] = {
    # trusts, monthly
    "income": "pounds", "emergency_admissions": "count", "elective_admissions": "count",
    "elective_waiting_list": "count", "admitting_factor": "factor",
    "on_block_contract": "share",
    # the PCT, monthly
    "specialists_in_community_share": "share",
    # commissioners, monthly
    "population": "count", "member_practices": "count", "engagement": "score",
    "maturity": "score", "care_plans": "count", "services_running": "flag",
    "makes_services": "flag", "budget": "pounds", "outturn_to_date": "pounds",
    "real_budget_share": "share", "stage": "level",
    # year-end accounts and measures
    "year_income": "pounds", "year_costs": "pounds", "year_surplus": "pounds",
    "year_bailout": "pounds", "year_savings_paid": "pounds",
    "year_hospital_cost_max": "pounds", "year_imd_score": "score",
    "year_expected_consultations_age_85_89": "rate",
}
"""The kind of each measure named in full; families of measures are in MEASURE_PATTERNS."""

MEASURE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"emergency_admissions_age_.+", "count"),
    (r"population_age_.+", "count"),
    (r"year_(share|prevalence|severe_share|ltc_prevalence|hospital_cost_share)_?.*", "share"),
)
"""(regular expression, kind) for the measures named per age band, condition or share."""

CATEGORICAL_COLUMNS: tuple[str, ...] = ("period", "org_type", "org_id", "measure", "kind")


def period_of(measure: str) -> str:
    """``year`` for a year-end (``year_*``) measure, else ``month``."""
    return "year" if measure.startswith("year_") else "month"


def kind_of(measure: str) -> str:
    """The kind of a measure (KINDS). An unknown measure is an error, not a guess: a new
    measure must say here what its numbers are before it reaches the file."""
    if measure in MEASURE_KINDS:
        return MEASURE_KINDS[measure]
    for pattern, kind in MEASURE_PATTERNS:
        if re.fullmatch(pattern, measure):
            return kind
    raise ValueError(f"organisations measure {measure!r} has no kind: add it to "
                     "MEASURE_KINDS in sim/results/organisations.py")


def as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """The organisations table as the file holds it: text columns categorical, with
    their categories sorted (so the same rows always give the same bytes)."""
    frame = frame.copy()
    for column in CATEGORICAL_COLUMNS:
        values = frame[column].astype(str)
        frame[column] = pd.Categorical(values, categories=sorted(values.unique()))
    frame["value"] = frame["value"].astype("float64")
    return frame


def write_organisations(frame: pd.DataFrame, path: Path) -> None:
    """Write ``organisations.parquet`` (columns: sim.results.recorder.ORGANISATION_COLUMNS)."""
    as_written(frame).to_parquet(path, index=False)


def read_organisations(path: Path, wide: bool = False, filters=None) -> pd.DataFrame:
    """Read ``organisations.parquet``; ``filters`` as ``pandas.read_parquet`` takes them.

    Long (the default): as written. ``wide=True``: one row per date, replicate, period
    and organisation and one column per measure, counts and levels as ``Int64`` and
    flags as ``boolean`` (pandas' integer and boolean types that allow a gap: a trust
    has no ``stage``), the rest float64.
    """
    frame = pd.read_parquet(path, filters=filters)
    return widen(frame) if wide else frame


def widen(frame: pd.DataFrame) -> pd.DataFrame:
    """The long table pivoted to one column per measure, each cast by its kind."""
    index = ["date", "replicate", "period", "org_type", "org_id"]
    kinds = (frame[["measure", "kind"]].astype(str).drop_duplicates()
             .set_index("measure")["kind"])
    long = frame.assign(measure=frame["measure"].astype(str),
                        **{c: frame[c].astype(str) for c in ("period", "org_type", "org_id")})
    wide = long.pivot(index=index, columns="measure", values="value")
    wide = wide[sorted(wide.columns)].reset_index()
    wide.columns.name = None
    for measure in kinds.index:
        if kinds[measure] in INTEGER_KINDS:
            wide[measure] = wide[measure].astype("Int64")
        elif kinds[measure] in BOOLEAN_KINDS:
            wide[measure] = wide[measure].astype("boolean")
    return wide
