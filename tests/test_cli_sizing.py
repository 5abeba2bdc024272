"""One rule for the economy's size on every command (``sim.inputs.sizing``), the warnings
a size calls for, and the command line's logging (``-v``/``-q``, ``sim.cli.logs``)."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pandas as pd
import pytest
from helpers import cli, tree

from sim.cli import EXIT_BAD_INPUT, EXIT_OK, build_parser, main
from sim.cli.logs import LOGGER_NAME
from sim.cli.sizing import warn_about_size, warn_never_formed
from sim.errors import UserError
from sim.inputs.sizing import (
    NEAR_LIMIT,
    economy_size,
    size_limits,
    sized_economy,
    voluntary_models,
)
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def scenario(name: str):
    return load_scenario(SCENARIOS / f"{name}.toml")


# --- the rule ---------------------------------------------------------------------------
@pytest.mark.parametrize("population, practices", [
    (340_000, 53),  # the file's own economy comes back unchanged
    (100_000, 16),  # 100,000 / (340,000 / 53 = 6,415) = 15.6
    (20_000, 3),  # 3.1: lists of about 6,700, not 53 lists of 377
    (1_000, 2),  # 0.16 practices, but never fewer than the two acute trusts
])
def test_practices_keep_the_files_list_size(population, practices):
    size = economy_size(scenario("lcp"), population)
    assert (size.population, size.practices) == (population, practices)


def test_no_options_leave_the_file_alone():
    lcp = scenario("lcp")
    assert economy_size(lcp) is None
    assert sized_economy(lcp) is lcp


def test_each_era_keeps_its_own_list_size():
    """The 1991 district's lists are about 5,300 (its file), not 2010's 6,400."""
    district = scenario("fundholding_1991")
    assert economy_size(district, 50_000).practices == round(50_000 / (250_000 / 47)) == 9


def test_explicit_practices_win_and_practices_alone_keep_the_size():
    lcp = scenario("lcp")
    assert economy_size(lcp, 20_000, 7).practices == 7
    alone = sized_economy(lcp, practices=40)
    assert (alone.population.size, alone.population.practices) == (340_000, 40)


def test_every_scenario_of_a_command_gets_the_reference_economy():
    reference = scenario("fundholding_1991").with_overrides(start="2010-04", months=12)
    other = scenario("lcp")
    resized = sized_economy(other, 50_000, reference=reference)
    assert resized.population.practices == economy_size(reference, 50_000).practices == 9


@pytest.mark.parametrize("population, practices, words", [
    (400, 50, ["--practices 50", "at most 40"]),  # fewer than 10 people a practice
    (20_000, 1, ["--practices 1", "acute trusts"]),
])
def test_impossible_practices_are_refused(population, practices, words):
    with pytest.raises(UserError) as caught:
        economy_size(scenario("lcp"), population, practices)
    for word in words:
        assert word in str(caught.value)


# --- what a size leaves unable to form ---------------------------------------------------
def test_limits_of_a_partnership_economy():
    lcp = scenario("lcp")
    [under] = size_limits(sized_economy(lcp, 20_000))
    assert (under.model, under.kind, under.needs, under.impossible) == ("lcp", "form",
                                                                       100_000, True)
    [near] = size_limits(sized_economy(lcp, 100_000))
    assert not near.impossible and near.share == 1.0
    assert size_limits(sized_economy(lcp, round(NEAR_LIMIT * 100_000) - 1))
    assert size_limits(sized_economy(lcp, round(NEAR_LIMIT * 100_000))) == []
    assert size_limits(lcp) == []


@pytest.mark.parametrize("name", ["pct", "pbc", "consortia", "big_bang", "white_paper_2013"])
def test_statutory_models_and_bids_form_at_any_size(name):
    assert size_limits(sized_economy(scenario(name), 5_000)) == []


def test_pilots_cannot_reach_stage_3_in_a_small_economy():
    [limit] = size_limits(sized_economy(scenario("slow_burn"), 20_000))
    assert (limit.kind, limit.stage, limit.impossible) == ("stage", 3, True)


def test_voluntary_models():
    assert voluntary_models(scenario("lcp")) == ["lcp"]
    assert voluntary_models(scenario("fundholding")) == ["fundholding"]
    assert voluntary_models(scenario("white_paper_2013")) == []  # consortia are statutory


def test_the_warnings_wording(caplog):
    small = sized_economy(scenario("lcp"), 20_000)
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        [message] = warn_about_size(small, "lcp.toml")
    assert message == (
        "lcp.toml: at 20,000 people the local clinical partnership cannot form (it needs "
        "practices covering at least 100,000 people): this run is PCT commissioning "
        "throughout.")
    assert [r.getMessage() for r in caplog.records] == [message]
    [near] = warn_about_size(sized_economy(scenario("lcp"), 110_000), "lcp.toml")
    assert "only if practices covering 91% of everyone are willing" in near


def test_never_formed_is_read_from_every_replicate():
    lcp = sized_economy(scenario("lcp"), 100_000)
    frame = pd.DataFrame({"replicate": [0, 0, 1, 1], "population_covered_lcp": [0, 0, 0, 0]})
    [message] = warn_never_formed(lcp, "lcp.toml", frame)
    assert "never formed in any of 2 replicate(s)" in message
    formed_once = frame.assign(population_covered_lcp=[0, 0, 0, 90_000])
    assert warn_never_formed(lcp, "lcp.toml", formed_once) == []
    # already said before the run: cannot form at all
    assert warn_never_formed(sized_economy(scenario("lcp"), 20_000), "lcp.toml", frame) == []


# --- the commands --------------------------------------------------------------------------
@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_compare_at_20000_warns_that_the_partnership_cannot_form(workdir, capsys, caplog):
    """The issue's "done when": a small comparison says the LCP is PCT commissioning."""
    code, out, err = cli(capsys, "compare", SCENARIOS / "pct.toml", SCENARIOS / "lcp.toml",
                         "--population", 20000, "--replicates", 1, "--draws", 0,
                         "--months", 12, "--workers", 1, "--quiet", "--out", "cmp")
    assert code == EXIT_OK, err
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "lcp.toml: at 20,000 people the local clinical " \
        "partnership cannot form" in warnings[0]
    assert f"healthsim: warning: {warnings[0]}" in err.splitlines()
    assert "healthsim: info" not in err  # --quiet leaves warnings only
    for name in ("pct", "lcp"):
        manifest = json.loads((workdir / "cmp" / name / "manifest.json").read_text())
        assert manifest["scenario"]["population"] == {"size": 20000, "practices": 3}
        assert manifest["scenario"]["months"] == 12


def test_compare_draws_run_on_the_comparisons_economy(workdir, capsys, monkeypatch):
    """The draws of the uncertain inputs use the same --population and --months as the
    comparison's own runs, so their differences describe the same economy."""
    import sim.decide.plan as plan

    seen = []
    real = plan.plan_decision

    def spy(settings):
        seen.append(settings)
        return real(settings)

    monkeypatch.setattr(plan, "plan_decision", spy)
    code, _, err = cli(capsys, "compare", SCENARIOS / "pct.toml", SCENARIOS / "pbc.toml",
                       "--population", 20000, "--months", 3, "--replicates", 1,
                       "--draws", 2, "--workers", 1, "--quiet", "--out", "cmp")
    assert code == EXIT_OK, err
    (settings,) = seen
    assert (settings.population, settings.practices, settings.months) == (20000, None, 3)
    arms = real(settings).sweep.arms
    assert {(arm.scenario.population.size, arm.scenario.months) for arm in arms} == {(20000, 3)}
    assert (workdir / "cmp" / "uncertainty.csv").exists()


SMALL = """\
name = "tiny"
months = 2
[population]
size = 2000
practices = 3
"""


def test_run_resizes_and_quiet_drops_the_notes(workdir, capsys):
    (workdir / "tiny.toml").write_text(SMALL)
    code, _, err = cli(capsys, "run", "tiny.toml", "--population", 1500, "--out", "a")
    assert code == EXIT_OK, err
    assert err.splitlines() == ["healthsim: info: economy: 1,500 people in 2 practice(s) "
                                "(mean list 750)"]
    manifest = json.loads((workdir / "a" / "manifest.json").read_text())
    assert manifest["scenario"]["population"] == {"size": 1500, "practices": 2}
    code, _, err = cli(capsys, "run", "tiny.toml", "--population", 1500, "-q", "--out", "b")
    assert code == EXIT_OK and err == ""


def test_logging_is_set_up_once_however_often_main_runs(workdir, capsys):
    (workdir / "tiny.toml").write_text(SMALL)
    for _ in range(2):
        code, _, err = cli(capsys, "run", "tiny.toml", "--practices", 2, "--out", "a")
        assert code == EXIT_OK and err.count("healthsim: info: economy") == 1
    assert len(logging.getLogger(LOGGER_NAME).handlers) == 1
    assert not any(h.__class__.__module__ == "sim.cli.logs"  # the root is left alone
                   for h in logging.getLogger().handlers)
    assert logging.getLogger(LOGGER_NAME).level == logging.INFO
    assert cli(capsys, "run", "tiny.toml", "-v", "--out", "a")[0] == EXIT_OK
    assert logging.getLogger(LOGGER_NAME).level == logging.DEBUG
    assert cli(capsys, "run", "tiny.toml", "--quiet", "--out", "a")[0] == EXIT_OK
    assert logging.getLogger(LOGGER_NAME).level == logging.WARNING


def test_verbose_and_quiet_exclude_each_other(capsys):
    code, _, err = cli(capsys, "run", "x.toml", "-v", "-q")
    assert code == EXIT_BAD_INPUT and "not allowed with argument -v/--verbose" in err


def test_sweep_population_overrides_every_point():
    from sim.cli.sweep import resized_plan
    from sim.sweep.plan import plan_sweep

    plan = plan_sweep(ROOT / "sweeps" / "example.toml")
    resized = resized_plan(plan, argparse.Namespace(population=20_000, practices=None))
    assert {(s.population.size, s.population.practices) for s in resized.scenarios} == {
        (20_000, 3)}  # the arm's file's list size, not the sweep file's [run] practices
    assert [s.parameters for s in resized.scenarios] == [s.parameters for s in plan.scenarios]
    assert resized.sweep.run.population == 20_000 and resized.sweep.run.practices == 3
    assert resized.fingerprint() != plan.fingerprint()  # --resume will not mix sizes
    same = resized_plan(plan, argparse.Namespace(population=None, practices=None))
    assert same is plan


def test_calibrate_scales_the_baselines_practices():
    """Not the baseline's 53 practices at any size (20,000 people: lists of 377)."""
    from sim.validity.calibration import calibration_scenario

    economy = [(s.population.size, s.population.practices) for s in (
        calibration_scenario(), calibration_scenario(20_000),
        calibration_scenario(20_000, practices=7))]
    assert economy == [(340_000, 53), (20_000, 3), (20_000, 7)]
    with pytest.raises(UserError, match="--practices 50 for 400 people"):
        calibration_scenario(400, practices=50)


def test_calibrate_takes_practices_and_refuses_a_bad_size_before_running(workdir, capsys):
    code, _, err = cli(capsys, "calibrate", "--population", 400, "--practices", 50,
                       "--out", "cal.csv")
    assert code == EXIT_BAD_INPUT and "--practices 50 for 400 people" in err
    assert not (workdir / "cal.csv").exists()


def test_decide_arms_share_the_first_arms_economy():
    from sim.decide.plan import DecisionSettings, plan_decision

    plan = plan_decision(DecisionSettings(
        (SCENARIOS / "pct.toml", SCENARIOS / "fundholding_1991.toml"), draws=2,
        population=50_000, months=12))
    assert [arm.scenario.population.practices for arm in plan.sweep.arms] == [8, 8]
    explicit = plan_decision(DecisionSettings(
        (SCENARIOS / "pct.toml", SCENARIOS / "lcp.toml"), draws=2, population=50_000,
        practices=5, months=12))
    assert {arm.scenario.population.practices for arm in explicit.sweep.arms} == {5}


# --- help ------------------------------------------------------------------------------------
def _helps():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and "run" in a.choices)
    yield "healthsim", parser.format_help()
    for name, command in subparsers.choices.items():
        yield name, command.format_help()


def test_no_help_shows_a_doubled_percent_sign():
    """argparse %-formats option help but not descriptions: '%%' belongs only in the
    former."""
    shown = dict(_helps())
    assert len(shown) == 10
    assert [name for name, text in shown.items() if "%%" in text] == []


@pytest.mark.parametrize("command", ["run", "compare", "explain", "sweep", "decide",
                                     "calibrate"])
def test_every_model_command_takes_the_size_options(command):
    text = " ".join(dict(_helps())[command].split())  # as words, however wrapped
    for option in ("--population", "--practices", "-v, --verbose", "-q, --quiet",
                   "mean list size"):
        assert option in text, (command, option)


def test_every_command_takes_verbose_and_quiet():
    for name, text in _helps():
        if name != "healthsim":
            assert "-v, --verbose" in text and "-q, --quiet" in text, name


def test_main_reports_a_bad_size_as_one_paragraph(workdir, capsys):
    (workdir / "tiny.toml").write_text(SMALL)
    code, _, err = cli(capsys, "run", "tiny.toml", "--practices", 500)
    assert code == EXIT_BAD_INPUT
    assert err.startswith("healthsim: error: --practices 500 for 2,000 people")
    assert "\n\n" not in err.strip() and tree(workdir) == ["tiny.toml"]
    assert main(["run", "tiny.toml", "--population", "50", "-q"]) == EXIT_BAD_INPUT
