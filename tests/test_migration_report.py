"""``migration_report.md``: written by compare for migration paths, its numbers taken
from the runs it shows."""

from __future__ import annotations

import re

import pytest
from helpers import SCENARIOS, cli

from sim.compare import compare_scenarios, write_comparison
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
        assert f"**{name}**" in text
    for figure in REPORT_FILES[1:]:
        assert f"({figure})" in text


def test_the_whole_run_differences_in_the_report_are_the_comparisons(comparison, tmp_path):
    write_comparison(comparison, tmp_path / "out")
    text = (tmp_path / "out" / "migration_report.md").read_text()
    table = comparison.table
    for name in PATHS[1:]:
        row = table[(table["measure"] == "emergency_admissions") & (table["scenario"] == name)]
        difference = float(row["difference"].iloc[0])
        assert f"{difference:+,.0f} (" in text  # the outcome table's difference cell
        lead = findings.lead(comparison.timeseries, name, PATHS[0])
        assert lead.total.mean == pytest.approx(difference)


def test_who_leads_is_read_off_the_cumulative_difference(comparison):
    ts = comparison.timeseries
    lead = findings.lead(ts, "big_bang", "slow_burn")
    final = findings.cumulative_difference(ts, "big_bang", "slow_burn",
                                           "emergency_admissions").iloc[-1].mean()
    assert lead.leader == ("big_bang" if final < 0 else "slow_burn" if final > 0 else None)


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
        assert f"| Emergency admissions | {name} |" in text
        assert f"Emergency admissions, {name} against big_bang: the ranking" in text
    assert "draws of the uncertain inputs **" in text  # the leads' P(better)
    assert "healthsim explain" in text
    code, out, err = cli(capsys, "compare", *files, "--replicates", "2", "--out",
                         tmp_path / "out0", "--quiet", "--draws", "0")
    assert code == 0, err
    text = (tmp_path / "out0" / "migration_report.md").read_text()
    assert "not run under draws of the uncertain inputs" in text
    assert "## With the uncertain inputs varying" not in text
