"""The budget-risk study end to end on a small economy, and ``healthsim risk``."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.risk import METHODS, RiskStudy, named_arrangements, risk_table, run_replicates
from sim.risk.nested import PREDICTOR_SETS
from sim.risk.panel import LINES
from sim.risk.report import RISK_FILES, budget_r_squared, predictive_power
from sim.risk.settings import BudgetSettings

SMALL = dict(population=8000, years=2, sizes=(1000, 4000), replicates=2,
             holder_years_target=200)


@pytest.fixture(scope="module")
def outputs():
    return run_replicates(RiskStudy(**SMALL), workers=1)


@pytest.mark.parametrize(("population", "practices", "trusts"), [
    (1_000_000, 156, 6),  # the default: lists and trusts' catchments of the baseline's
    (100_000, 16, 1),  # the lists every command keeps (sim.inputs.sizing)
    (5_000, 1, 1),  # trusts scale first, so one practice, not one per baseline trust
])
def test_the_economy_keeps_the_baselines_lists_and_trusts(population, practices, trusts):
    from sim.inputs.sizing import economy_size
    from sim.scenario import Scenario

    scenario = RiskStudy(population=population).scenario()
    assert (scenario.population.size, scenario.population.practices,
            scenario.providers.acute_trusts) == (population, practices, trusts)
    base = Scenario(name="base")
    if practices >= base.providers.acute_trusts:  # the base's trusts' floor not binding
        assert practices == economy_size(base, population).practices


def test_table_has_a_row_per_size_grouping_view_method_and_arrangement(outputs):
    table = risk_table(outputs)
    n_arrangements = len(named_arrangements(BudgetSettings()))
    assert len(table) == len(LINES) * 2 * 2 * 2 * len(METHODS) * n_arrangements
    assert set(table["line"]) == set(LINES)
    assert table["holder_years"].min() > 0
    for column in ("over_5_pct", "under_5_pct", "outside_10_pct"):
        assert table[column].between(0, 100).all()
    assert (table["outside_5_pct"] >= table["outside_10_pct"]).all()
    assert (table["mean_list_size"].round(-2).isin([1000, 4000])).all()


def test_bigger_holders_have_less_spread(outputs):
    table = risk_table(outputs)
    plain = table[(table.arrangement == "none") & (~table.gaming)
                  & (table.grouping == "random")].set_index(["line", "method", "size"])
    for line in LINES:
        for method in METHODS:
            assert (plain.loc[(line, method, 4000), "sd_pct"]
                    < plain.loc[(line, method, 1000), "sd_pct"])


def test_only_the_failure_regime_fails_holders_and_the_pool_costs_the_pct_nothing(outputs):
    table = risk_table(outputs)
    others = table[table.arrangement != "failure"]
    assert (others["failures_per_100_holder_years"] == 0).all()
    pooled = table[table.arrangement.isin(["none", "pool", "carry_forward"])]
    assert (pooled["pct_support_gbp_per_head"] == 0).all()
    excluded = table[table.arrangement == "exclusion"]
    assert (excluded["pct_support_gbp_per_head"] >= 0).all()


def test_predictive_power_is_reported_for_every_method(outputs):
    power = predictive_power(outputs)
    assert set(power["line"]) == set(LINES)
    person = power[(power.level == "person") & (~power.gaming)
                   & (power.line == "hospital")].set_index("method")
    assert set(person.index) == {"historic", "capitation", "person_based"}
    assert person.loc["person_based", "r2_mean"] > person.loc["capitation", "r2_mean"]
    assert set(power[power.level == "practice"].method) == set(METHODS)


def test_nested_predictor_sets_are_reported_by_line_and_level(outputs):
    nested = budget_r_squared(outputs)
    assert len(nested) == len(LINES) * len(PREDICTOR_SETS) * 2
    person = nested[(nested.level == "person") & (nested.line == "hospital")].set_index(
        "predictors")["r2_mean"]
    # out of sample, richer predictors should not do much worse than age and sex alone
    assert person["age_sex_diagnoses_prior_use"] > person["age_sex"] - 0.01
    published = nested.dropna(subset=["published_r2"])
    assert set(published.line) == {"hospital"}
    assert set(published.predictors) == {"age_sex", "age_sex_diagnoses"}


@pytest.mark.slow  # starts two fresh worker processes (about 5-10 s here)
def test_results_do_not_depend_on_the_number_of_workers(outputs):
    in_processes = run_replicates(RiskStudy(**SMALL), workers=2)
    pd.testing.assert_frame_equal(risk_table(outputs), risk_table(in_processes))
    np.testing.assert_array_equal(outputs[1].analysis.cells[0].position_pct,
                                  in_processes[1].analysis.cells[0].position_pct)


def test_replicates_differ_and_seeds_matter(outputs):
    a, b = outputs[0].analysis.cells[0], outputs[1].analysis.cells[0]
    assert not np.array_equal(a.position_pct, b.position_pct)
    other_seed = run_replicates(RiskStudy(**{**SMALL, "replicates": 1, "seed": 9}), workers=1)
    assert not np.array_equal(a.position_pct, other_seed[0].analysis.cells[0].position_pct)


def test_cli_writes_the_table_and_plot(tmp_path, capsys):
    out = tmp_path / "risk"
    code = main(["risk", "--population", "6000", "--years", "1", "--sizes", "1000,3000",
                 "--replicates", "1", "--holder-years", "50", "--out", str(out), "--quiet"])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(RISK_FILES)
    table = pd.read_csv(out / "risk_by_size.csv")
    assert set(table["size"]) == {1000, 3000}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["study"]["sizes"] == [1000, 3000]
    printed = capsys.readouterr().out
    assert "planned care alone" in printed and "age_sex_diagnoses" in printed
    nested = pd.read_csv(out / "budget_r_squared.csv")
    assert set(nested["line"]) == set(LINES)


@pytest.mark.parametrize("arguments, message", [
    (["--sizes", "abc"], "not a whole number"),
    (["--sizes", "50"], "below the smallest holder"),
    (["--population", "6000", "--sizes", "7000"], "larger than --population"),
    (["--population", "500"], "allowed 1,000 to 5,000,000"),
    (["--groupings", "postcode"], "allowed practices, random"),
    (["--years", "0"], "must be at least 1"),
    (["--years", "60"], "exceed 600 months"),
    (["--scenario", "no/such/file.toml"], "no such scenario file"),
])
def test_cli_refuses_bad_input_and_writes_nothing(tmp_path, capsys, arguments, message):
    out = tmp_path / "risk"
    assert main(["risk", *arguments, "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert message in error
    assert "Traceback" not in error
    assert not out.exists()
