"""Hostile input files and options end in exit 2 with one paragraph, never a traceback
or a hang (issue 15): special files, links in a loop, files too large or nested too
deep, random bytes, replicates without bound, sweep designs too large to build, and
design options a method does not use.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import EXIT_BAD_INPUT, main
from sim.errors import UserError
from sim.inputs.toml_files import MAX_INPUT_BYTES
from sim.scenario import load_scenario
from sim.sweep.spec import load_sweep

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _refused(argv: list[str], capsys, words: str) -> None:
    assert main(argv) == EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert words in error and "Traceback" not in error


def test_a_fifo_a_device_and_a_link_loop_are_refused_without_reading(tmp_path, capsys):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer for ever
    _refused(["run", str(fifo)], capsys, "not a regular file")
    _refused(["run", "/dev/zero"], capsys, "not a regular file")
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    _refused(["run", str(loop)], capsys, "loop of symbolic links")
    _refused(["sweep", str(fifo), "--out", str(tmp_path / "s")], capsys, "not a regular file")


def test_files_too_large_or_nested_too_deep_are_refused(tmp_path, capsys):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    _refused(["run", str(deep)], capsys, "too deeply")
    large = tmp_path / "large.toml"
    large.write_text("# " + "x" * MAX_INPUT_BYTES + "\n")
    _refused(["run", str(large)], capsys, "at most")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_random_files_give_a_user_error_or_a_valid_input(tmp_path, content):
    """Whatever bytes a file holds, reading it as a scenario or a sweep either succeeds
    or raises a UserError (exit 2): nothing else escapes."""
    path = tmp_path / "random.toml"
    path.write_bytes(content)
    for reader in (load_scenario, load_sweep):
        with contextlib.suppress(UserError):
            reader(path)


def test_replicates_are_bounded(capsys):
    _refused(["run", str(SCENARIOS / "baseline.toml"), "--replicates", "100000"], capsys,
             "must be at most")


def _sweep(tmp_path: Path, design: str, parameters: str) -> Path:
    path = tmp_path / "sweep.toml"
    path.write_text(f'name = "s"\n[[arms]]\nscenario = "{SCENARIOS / "pct.toml"}"\n'
                    f"[design]\n{design}\n{parameters}")
    return path


def test_a_design_too_large_is_refused_before_it_is_built(tmp_path):
    levels = "levels = [" + ", ".join(f"0.0{i}" for i in range(1, 10)) + "]"
    names = ["ltc_management_effect", "care_plan_effect", "prescribing_saving_max",
             "referral_reduction_max", "needed_share_of_withheld_referrals",
             "transition_distraction"]
    factorial = _sweep(tmp_path, 'method = "factorial"',
                       "".join(f"[parameters.{n}]\n{levels}\n" for n in names))
    with pytest.raises(UserError, match="at most 99,999"):
        load_sweep(factorial)  # 9 ** 6 = 531,441 rows: refused without enumerating
    morris = _sweep(tmp_path, 'method = "morris"\nsamples = 99999',
                    "".join(f"[parameters.{n}]\nlow = 0.0\nhigh = 0.05\n" for n in names))
    with pytest.raises(UserError, match="at most 99,999"):
        load_sweep(morris)


def test_design_options_a_method_does_not_use_are_refused(tmp_path):
    ranges = "[parameters.ltc_management_effect]\nlow = 0.0\nhigh = 0.05\n"
    with pytest.raises(UserError, match="second_order"):
        load_sweep(_sweep(tmp_path, 'method = "latin"\nsamples = 4\nsecond_order = true',
                          ranges))
    with pytest.raises(UserError, match="morris_levels"):
        load_sweep(_sweep(tmp_path, 'method = "latin"\nsamples = 4\nmorris_levels = 6',
                          ranges))


def test_numbers_as_text_and_switches_as_numbers_are_refused(tmp_path, capsys):
    text = tmp_path / "text.toml"
    text.write_text('name = "t"\n[parameters]\nltc_management_effect = "0.02"\n')
    _refused(["run", str(text)], capsys, "ltc_management_effect")
    number = tmp_path / "number.toml"
    number.write_text('name = "t"\n[commissioning]\nhandcuffs = 1\n')
    _refused(["run", str(number)], capsys, "handcuffs")
    whole_text = tmp_path / "whole_text.toml"
    whole_text.write_text('name = "t"\n[parameters]\npractices_per_locality = "3"\n')
    _refused(["run", str(whole_text)], capsys, "practices_per_locality")
    whole = tmp_path / "whole.toml"  # an integer for a float parameter is fine
    whole.write_text('name = "t"\n[parameters]\nltc_management_effect = 0\n')
    assert load_scenario(whole).parameters.ltc_management_effect == 0.0


@pytest.mark.parametrize("body, key", [
    ("[population]\nsize = 100\npractices = 50\n", "population.size"),
    ("[population]\nsize = 5000\npractices = 2\n[providers]\nacute_trusts = 3\n",
     "providers.acute_trusts"),
    ('months = 12\n[[timeline]]\nevent = "set_marginal_emergency_rate"\ndate = "2015-04"\n'
     "rate = 0.5\n", "timeline[0].date"),
])
def test_checks_across_keys_name_the_key_not_the_top_level(tmp_path, body, key):
    path = tmp_path / "cross.toml"
    path.write_text('name = "t"\n' + body)
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert f"key '{key}'" in message and "(top level)" not in message, message
