"""``migration_report.md``: written by compare for migration paths, its numbers taken
from the runs it shows."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from helpers import SCENARIOS, cli

from sim.compare import compare_scenarios, write_comparison
from sim.labels import model_name, signed
from sim.reports import migration_findings as findings
from sim.reports.migration import REPORT_FILES, is_migration_comparison
from sim.scenario import load_scenario

PATHS = ("big_bang", "slow_burn", "white_paper_2013")


def shrunk(name: str):
    return load_scenario(SCENARIOS / f"{name}.toml").with_overrides(
        "test", months=40, population={"size": 6000, "practices": 8})


@pytest.fixture(scope="module")
def comparison():
    return compare_scenarios([shrunk(name) for name in PATHS], replicates=2)


def test_only_migration_comparisons_get_a_report():
    assert is_migration_comparison([shrunk("slow_burn")])
    assert not is_migration_comparison([load_scenario(SCENARIOS / "pbc.toml")])


def test_the_report_and_its_figures_are_written(comparison, tmp_path):
    write_comparison(comparison, tmp_path / "out")
    for name in REPORT_FILES:
        assert (tmp_path / "out" / name).stat().st_size > 0, name
    text = (tmp_path / "out" / "migration_report.md").read_text()
    for name in PATHS:
        assert f"**{model_name(name)}**" in text
    for figure in REPORT_FILES[1:]:
        assert f"({figure})" in text


def test_the_whole_run_differences_in_the_report_are_the_comparisons(comparison, tmp_path):
    write_comparison(comparison, tmp_path / "out")
    text = (tmp_path / "out" / "migration_report.md").read_text()
    table = comparison.table
    for name in PATHS[1:]:
        row = table[(table["measure"] == "emergency_admissions") & (table["scenario"] == name)]
        difference = float(row["difference"].iloc[0])
        assert f"| {signed(difference)} (" in text  # the outcome table's difference cell
        lead = findings.lead(comparison.timeseries, name, PATHS[0])
        assert lead.total.mean == pytest.approx(difference)


def test_who_leads_is_read_off_the_cumulative_difference(comparison):
    ts = comparison.timeseries
    lead = findings.lead(ts, "big_bang", "slow_burn")
    final = findings.cumulative_difference(ts, "big_bang", "slow_burn",
                                           "emergency_admissions").iloc[-1].mean()
    assert lead.leader == ("big_bang" if final < 0 else "slow_burn" if final > 0 else None)


def year_surplus(rows: list[tuple[str, int, str, float]]) -> pd.DataFrame:
    """An organisations table of year-end surpluses: (date, replicate, org type, value)."""
    return pd.DataFrame([{"date": pd.Timestamp(d), "replicate": r, "org_type": kind,
                          "measure": "year_surplus", "value": v} for d, r, kind, v in rows])


def test_the_worst_year_is_counted_whole_and_after_the_first_step():
    """The year to March 2011 has the most deficits but ends before the first step; of the
    later years the worst has 2 deficits in one replicate and 3 in the other (a mean of
    2.5 that is no count of organisations); the part-year to July 2013 stays apart from
    the year to March 2013."""
    rows = [(d, r, kind, -1.0) for d in ("2011-03-01",) for r in (0, 1)
            for kind in ("commissioner", "pct", "trust", "trust")]
    rows += [("2012-03-01", 0, "trust", -1.0), ("2012-03-01", 0, "pct", -1.0),
             ("2012-03-01", 1, "trust", -1.0), ("2012-03-01", 1, "trust", -2.0),
             ("2012-03-01", 1, "commissioner", -1.0), ("2012-03-01", 0, "commissioner", 1.0),
             ("2013-03-01", 0, "trust", -1.0), ("2013-03-01", 1, "trust", 1.0),
             ("2013-07-01", 0, "trust", -1.0), ("2013-07-01", 1, "trust", 1.0)]
    organisations = year_surplus(rows)
    counts = findings.deficit_counts(organisations)
    assert list(counts.index) == list(pd.to_datetime(["2011-03-01", "2012-03-01",
                                                      "2013-03-01", "2013-07-01"]))
    assert counts.loc["2013-03-01"].tolist() == [1, 0]
    worst = findings.worst_year_after(organisations, pd.Timestamp("2011-04-01"))
    assert worst.year_end == pd.Timestamp("2012-03-01")
    assert (worst.fewest, worst.most) == (2, 3)
    assert worst.kinds[0] == "trust" and set(worst.kinds) == {"trust", "pct", "commissioner"}
    assert findings.worst_year_after(organisations, pd.Timestamp("2013-08-01")) is None


@pytest.mark.slow
def test_compare_on_the_command_line_writes_the_report(tmp_path, capsys):
    files = []
    for name in PATHS:
        text = (SCENARIOS / f"{name}.toml").read_text()
        text = re.sub(r"size = \d+", "size = 4000", text)
        text = re.sub(r"practices = \d+", "practices = 6", text)
        text = re.sub(r"months = \d+", "months = 40", text)
        (tmp_path / f"{name}.toml").write_text(text)
        files.append(tmp_path / f"{name}.toml")
    code, out, err = cli(capsys, "compare", *files, "--replicates", "2", "--out",
                         tmp_path / "out", "--quiet", "--workers", "1", "--draws", "3")
    assert code == 0, err
    text = (tmp_path / "out" / "migration_report.md").read_text()
    # with draws of the uncertain inputs every headline has P(better) and its interval
    assert "## With the uncertain inputs varying" in text
    assert "3 joint draws of" in text
    for name in PATHS[1:]:
        assert f"| Emergency admissions | {model_name(name)} |" in text
        assert (f"Emergency admissions, {model_name(name)} against Big bang: the ranking"
                in text)
    assert "draws of the uncertain inputs **" in text  # the leads' P(better)
    assert "healthsim explain" in text
    code, out, err = cli(capsys, "compare", *files, "--replicates", "2", "--out",
                         tmp_path / "out0", "--quiet", "--draws", "0")
    assert code == 0, err
    text = (tmp_path / "out0" / "migration_report.md").read_text()
    assert "not run under draws of the uncertain inputs" in text
    assert "## With the uncertain inputs varying" not in text
