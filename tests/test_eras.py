"""Eras: a scenario's start date selects the settings of its day (sim/eras, docs/eras.md).

The calibrated 2008-10 era changes nothing; the internal market of the 1990s brings its
own rates, prices, contracts and fundholding rules; a start outside every era is
refused, naming the eras.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from helpers import SCENARIOS, cli, small_scenario

from sim import HealthEconomy
from sim.clock import Clock
from sim.commissioning.rule_sets import MODELS
from sim.eras import era_for_start, era_named, eras
from sim.eras.fundholding import FundholdingWaves, group_to_threshold
from sim.errors import ScenarioError
from sim.parameters import Parameters
from sim.people.age_profile import load_age_profile
from sim.scenario import load_scenario

CALIBRATED, NINETIES = "pbr_2008_10", "internal_market_1991_97"
FUNDHOLDING = MODELS["fundholding"]
WILLING = FUNDHOLDING.join_engagement + 0.1
UNWILLING = FUNDHOLDING.join_engagement - 0.1


def scenario_text(start: str, parameters: str = "", model: str = "fundholding") -> str:
    return (f'name = "era_test"\nstart = "{start}"\nmonths = 12\n\n'
            f'[population]\nsize = 3000\npractices = 4\n\n'
            f'[commissioning]\nmodel = "{model}"\n\n[parameters]\n{parameters}')


def write(tmp_path, text: str):
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    return path


# --- which era a start selects ------------------------------------------------------------
@pytest.mark.parametrize(("start", "era"), [
    ("2008-04", CALIBRATED), ("2010-04", CALIBRATED), ("2013-03", CALIBRATED),
    ("1991-04", NINETIES), ("1994-10", NINETIES), ("1997-03", NINETIES)])
def test_the_start_date_selects_the_era(start, era):
    assert era_for_start(start).name == era
    assert small_scenario(start=start).era.name == era


def test_every_shipped_scenario_starting_in_2010_is_in_the_calibrated_era():
    for path in SCENARIOS.glob("*.toml"):
        scenario = load_scenario(path)
        if scenario.start.startswith("2010"):
            assert scenario.era.name == CALIBRATED, path.name
    assert load_scenario(SCENARIOS / "fundholding_1991.toml").era.name == NINETIES


@pytest.mark.parametrize("start", ["1991-03", "1997-04", "2000-04", "2008-03", "2013-04"])
def test_a_start_outside_every_era_is_refused_naming_the_eras(tmp_path, start):
    path = write(tmp_path, scenario_text(start))
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    message = str(refused.value)
    assert str(path) in message and "key 'start'" in message and start in message
    for era in eras():
        assert era.name in message and era.span in message


def test_the_command_line_refuses_it_with_exit_code_2_and_no_traceback(tmp_path, capsys):
    path = write(tmp_path, scenario_text("1985-04"))
    code, out, err = cli(capsys, "run", path, "--out", tmp_path / "out", "--quiet")
    assert code == 2
    assert "key 'start'" in err and "1991-04 to 1997-03" in err and "2008-04 to 2013-03" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


# --- how the era's values combine with the scenario's own ----------------------------------
def test_the_calibrated_era_leaves_a_2010_scenario_unchanged():
    era = era_named(CALIBRATED)
    baseline = load_scenario(SCENARIOS / "baseline.toml")
    assert baseline.parameters == Parameters()
    assert era.parameters == {} and era.resolve(baseline.parameters) is baseline.parameters
    profile = load_age_profile()
    assert era.age_profile(profile) is profile
    assert era.allocation is None and era.fundholding is None
    assert era.trust_contracts == "pbr" and era.marginal_emergency_rule


def test_era_values_replace_defaults_and_explicit_parameters_win(tmp_path):
    era = era_named(NINETIES)
    scenario = load_scenario(write(tmp_path, scenario_text(
        "1991-04", "gp_consultations_per_person_year = 5.0\ntariff_emergency = 2000\n")))
    p = scenario.parameters
    assert (p.gp_consultations_per_person_year, p.tariff_emergency) == (5.0, 2000)
    assert p.cost_per_item == era.parameters["cost_per_item"] == 6.2
    assert p.tariff_day_case == pytest.approx(Parameters().tariff_day_case * 0.5)
    assert p.frailty_sd == Parameters().frailty_sd  # the era leaves it: the default
    assert p.model_fields_set == {"gp_consultations_per_person_year", "tariff_emergency"}
    moved = scenario.with_overrides(start="2010-04")  # the new era's values, the file's own
    assert moved.parameters.cost_per_item == Parameters().cost_per_item
    assert moved.parameters.tariff_emergency == 2000


def test_every_era_setting_has_a_unit_and_a_source_and_valid_values():
    for era in eras():
        assert era.settings and era.first_start <= era.last_start
        for name, setting in era.settings.items():
            assert setting.unit and setting.source, f"{era.name}: {name}"
        era.resolve(Parameters())  # within every parameter's allowed range
    assert [era for era in eras() if era.calibrated] == [era_named(CALIBRATED)]
    ordered = eras()  # earliest first, and none overlaps the next
    assert all(a.last_start < b.first_start
               for a, b in zip(ordered[:-1], ordered[1:], strict=True))


def test_the_nineties_rates_prices_and_money():
    era = era_named(NINETIES)
    profile = era.age_profile(load_age_profile())
    ratio = profile["emergency_admissions_per_1000"] / load_age_profile()[
        "emergency_admissions_per_1000"]
    assert ratio == pytest.approx(np.full(len(ratio), 63 / 97))
    assert era.trust_contracts == "block" and not era.marginal_emergency_rule
    assert era.allocation.per_head_in(1991) == 500
    assert era.allocation.per_head_in(1993) == pytest.approx(500 * 1.05 ** 2)


# --- the 1990s fundholding rules ---------------------------------------------------------
def test_list_size_thresholds_by_year_of_entry():
    scheme = era_named(NINETIES).fundholding
    assert [scheme.min_list_size(year) for year in range(1990, 1998)] == [
        None, 9000, 9000, 7000, 7000, 7000, 5000, 5000]
    assert scheme.preparation_years == 1 and scheme.budget == "historic"


def practice(index: int, list_size: int, engagement: float = WILLING, locality: int = 0):
    return SimpleNamespace(index=index, list_size=list_size, joining_interest=engagement,
                           locality=locality, commissioner=None)


def test_small_practices_group_to_reach_the_threshold():
    small = [practice(i, size)
             for i, size in enumerate([3000, 4500, 2000, 1500, 3500, 1000])]
    groups = group_to_threshold(small, 7000, 1993)
    assert [[p.index for p in g.practices] for g in groups] == [[0, 1], [2, 3, 4]]  # not 5
    assert all(g.list_size >= 7000 and g.since == 1993 for g in groups)
    assert group_to_threshold(small[:1], 7000, 1993) == []  # short of it: no group


class Funds:
    """Fake bodies for FundholdingWaves: ``create`` records the month each enters."""

    def __init__(self) -> None:
        self.entered: list[tuple[int, list[int]]] = []
        self.month = 0

    def create(self, members):
        body = SimpleNamespace(practices=members, budget_lines=FUNDHOLDING.budget_lines)
        for member in members:
            member.commissioner = body
        self.entered.append((self.month, [m.index for m in members]))
        return body


def run_waves(practices, months: int):
    scheme = era_named(NINETIES).fundholding
    waves = FundholdingWaves(scheme, FUNDHOLDING.budget_lines, len(practices))
    clock, funds = Clock.starting("1991-04"), Funds()
    for month in range(months):
        funds.month = month
        if clock.starts_financial_year(month):
            waves.start_year(practices, month, clock, FUNDHOLDING, funds.create)
    return waves, funds


def test_entry_comes_in_april_waves_to_eligible_practices_after_a_preparatory_year():
    practices = [practice(0, 12_000), practice(1, 8_000), practice(2, 20_000, UNWILLING),
                 practice(3, 4_000, locality=1), practice(4, 3_500, locality=1)]
    _, funds = run_waves(practices, months=48)
    assert funds.entered == [
        (0, [0]),  # April 1991: above 9,000 and willing (the wave prepared before the run)
        (24, [1]),  # 8,000 < 9,000 until 1993: prepares in 1992-93, enters April 1993
        (24, [3, 4])]  # 7,500 together: a group reaching 7,000
    assert practices[2].commissioner is None  # large but unwilling


def test_a_practice_that_becomes_willing_waits_a_preparatory_year():
    late = practice(0, 10_000, UNWILLING)
    scheme = era_named(NINETIES).fundholding
    waves = FundholdingWaves(scheme, FUNDHOLDING.budget_lines, 1)
    clock, funds = Clock.starting("1991-04"), Funds()
    for month in range(36):
        funds.month = month
        if month == 5:
            late.joining_interest = WILLING  # keen from September 1991
        if clock.starts_financial_year(month):
            waves.start_year([late], month, clock, FUNDHOLDING, funds.create)
    assert funds.entered == [(24, [0])]  # prepares from April 1992, enters April 1993


def care_month(prescribing, elective):
    n = len(prescribing)
    return SimpleNamespace(prescribing_value_p=np.array(prescribing, dtype=float),
                           elective_value_p=np.array(elective, dtype=float),
                           outpatient_value_p=np.zeros(n),
                           community_outpatient_value_p=np.zeros(n),
                           emergency_value_p=np.zeros(n))


def test_budgets_are_set_on_the_practices_own_past_spend_not_capitation():
    first_wave, later_wave = practice(0, 10_000), practice(1, 8_000)
    practices = [first_wave, later_wave]
    scheme = era_named(NINETIES).fundholding
    waves = FundholdingWaves(scheme, FUNDHOLDING.budget_lines, len(practices))
    clock, funds = Clock.starting("1992-04"), Funds()
    waves.start_year(practices, 0, clock, FUNDHOLDING, funds.create)  # 8,000 prepares
    for _ in range(12):  # 1992-93: the later wave's preparatory year
        waves.record(care_month([20_000, 30_000], [70_000, 90_000]), practices)
    funds.month = 12
    waves.start_year(practices, 12, clock, FUNDHOLDING, funds.create)
    assert funds.entered == [(0, [0]), (12, [1])]
    # the district's expected spend: 2 and 7 GBP a patient a month for both practices,
    # so a capitation budget would give the later wave 12 x 16,000 and 12 x 56,000
    expected = {"prescribing": np.array([20_000.0, 16_000.0]),
                "elective": np.array([70_000.0, 56_000.0])}
    own = waves.budget(later_wave.commissioner, 12, expected)
    assert own == pytest.approx({"prescribing": 12 * 30_000, "elective": 12 * 90_000})
    no_history = waves.budget(first_wave.commissioner, 12, expected)  # none in the run
    assert no_history == pytest.approx({"prescribing": 12 * 20_000, "elective": 12 * 70_000})
    older = {line: values * 1.1 for line, values in expected.items()}  # ageing: +10%
    assert waves.budget(later_wave.commissioner, 12, older)["elective"] == pytest.approx(
        1.1 * 12 * 90_000)


# --- a short run in 1991 ------------------------------------------------------------------
def test_a_1991_run_covers_more_people_only_in_april_and_on_district_contracts():
    scenario = load_scenario(SCENARIOS / "fundholding_1991.toml").with_overrides(
        months=48, population={"size": 24_000, "practices": 6},
        parameters={"expected_saving_share": 0.15})  # keen GPs: some join in six practices
    threshold = scenario.era.fundholding.min_list_size
    model = HealthEconomy(scenario, replicate=0)
    members, entries = [], []
    while model.month < scenario.months:
        before = {b.name for b in model.commissioning.commissioners}
        model.step()
        month = model.month - 1
        members.append(sum(p.commissioner is not None for p in model.practices))
        for body in model.commissioning.commissioners:
            if body.name not in before:
                entries.append((month, body.population))
    rises = [m for m in range(1, len(members)) if members[m] > members[m - 1]]
    assert rises and all(model.clock.is_april(m) for m in rises)
    assert entries and all(size >= threshold(model.clock.financial_year(month))
                           for month, size in entries)
    assert all(trust.payment == "block" and trust.admitting_factor == 1.0
               for trust in model.trusts)  # district blocks: no drift under PbR
    assert model.pct.marginal_rate(1993) == 1.0
    assert model.pct.allocation_per_head(1991) == 500
