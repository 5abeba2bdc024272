"""``organisations.parquet`` as docs/outputs.md describes it: a period column, text
columns as categoricals (pyarrow dictionaries), a kind for every measure, a reader that
casts counts and flags, and the same bytes from the same run."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import small_scenario

from sim.results.organisations import (
    CATEGORICAL_COLUMNS,
    KINDS,
    kind_of,
    period_of,
    read_organisations,
)
from sim.results.recorder import ORGANISATION_COLUMNS
from sim.runs.files import write_run
from sim.runs.run import run_scenario


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A fundholding run (so commissioners record their flags and counts), 15 months:
    one March year-end and part of the next year, written twice."""
    scenario = small_scenario(size=1500, practices=3, months=15, seed=4,
                              commissioning={"model": "fundholding"})
    output = run_scenario(scenario, replicates=2)
    root = tmp_path_factory.mktemp("orgs")
    return output, [write_run(output, root / name) / "organisations.parquet"
                    for name in ("a", "b")]


def test_columns_and_types_in_the_file(written):
    _, (path, _) = written
    schema = pq.read_schema(path)
    assert schema.names == list(ORGANISATION_COLUMNS)
    for column in CATEGORICAL_COLUMNS:
        assert pa.types.is_dictionary(schema.field(column).type), column
    assert schema.field("value").type == pa.float64()
    frame = pd.read_parquet(path)
    for column in CATEGORICAL_COLUMNS:
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column


def test_period_separates_year_end_measures_from_monthly_ones(written):
    _, (path, _) = written
    frame = pd.read_parquet(path)
    year = frame["period"] == "year"
    assert set(frame["period"]) == {"month", "year"}
    assert frame.loc[year, "measure"].astype(str).str.startswith("year_").all()
    assert not frame.loc[~year, "measure"].astype(str).str.startswith("year_").any()
    assert pd.Timestamp("2011-03-01") in set(frame.loc[year, "date"])


def test_every_measure_has_a_documented_kind(written):
    _, (path, _) = written
    frame = pd.read_parquet(path)
    assert set(frame["kind"]) <= set(KINDS)
    kinds = frame.drop_duplicates("measure").set_index("measure")["kind"].astype(str)
    assert kinds["on_block_contract"] == "share"
    assert kinds["services_running"] == "flag"
    assert kinds["stage"] == "level"
    assert kinds["member_practices"] == "count"
    assert kinds["year_surplus"] == "pounds"


def test_whole_number_kinds_hold_whole_numbers(written):
    _, (path, _) = written
    frame = pd.read_parquet(path)
    whole = frame[frame["kind"].isin(["count", "level", "flag"])]["value"]
    assert len(whole) and (whole == whole.round()).all()
    flags = frame.loc[frame["kind"] == "flag", "value"]
    assert set(flags) <= {0.0, 1.0}


def test_wide_reader_gives_integer_and_boolean_columns(written):
    _, (path, _) = written
    wide = read_organisations(path, wide=True)
    assert pd.api.types.is_integer_dtype(wide["member_practices"])
    assert pd.api.types.is_integer_dtype(wide["stage"])
    assert pd.api.types.is_integer_dtype(wide["emergency_admissions"])
    assert pd.api.types.is_bool_dtype(wide["services_running"])
    assert wide["year_surplus"].dtype == "float64"
    long = read_organisations(path)
    row = long[(long["measure"] == "member_practices")].iloc[0]
    match = wide[(wide["date"] == row["date"]) & (wide["replicate"] == row["replicate"])
                 & (wide["org_id"] == row["org_id"])]
    assert match["member_practices"].tolist() == [int(row["value"])]


def test_reader_passes_filters(written):
    _, (path, _) = written
    trusts = read_organisations(path, wide=True, filters=[("org_type", "==", "trust")])
    assert set(trusts["org_type"]) == {"trust"}
    assert pd.api.types.is_integer_dtype(trusts["elective_waiting_list"])


def test_writing_twice_gives_the_same_bytes(written):
    _, (a, b) = written
    assert a.read_bytes() == b.read_bytes()


def test_in_memory_table_has_the_same_rows(written):
    output, (path, _) = written
    frame = pd.read_parquet(path)
    assert list(output.organisations.columns) == list(ORGANISATION_COLUMNS)
    for column in CATEGORICAL_COLUMNS:
        assert frame[column].astype(str).tolist() == output.organisations[column].tolist()
    assert frame["value"].equals(output.organisations["value"])


def test_an_unknown_measure_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="no kind"):
        kind_of("made_up_measure")
    assert kind_of("population_age_85+") == "count"
    assert kind_of("year_prevalence_copd") == "share"
    assert period_of("year_income") == "year" and period_of("income") == "month"
