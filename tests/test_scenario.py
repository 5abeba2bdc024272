"""Scenario files: the baseline loads; every kind of bad input is a ScenarioError that
names the file and the key."""

from __future__ import annotations

import pytest
from helpers import SCENARIOS

from sim.errors import ScenarioError, UserError
from sim.scenario import Scenario, load_scenario, validate_scenario

GOOD = """\
name = "small"
seed = 4
start = "2010-04"
months = 24

[population]
size = 3000
practices = 4

[providers]
acute_trusts = 2

[commissioning]
model = "pct"
"""


def write(tmp_path, text: str, name: str = "scenario.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_baseline_loads_with_its_documented_values():
    scenario = load_scenario(SCENARIOS / "baseline.toml")
    assert scenario.name == "baseline"
    assert scenario.start == "2010-04" and scenario.months == 120
    assert scenario.population.size == 340_000
    assert scenario.population.practices == 53
    assert scenario.providers.acute_trusts == 2
    assert scenario.commissioning.model == "pct"
    assert scenario.timeline == []
    assert scenario.clock.label(scenario.months - 1) == "2020-03"


def test_a_good_file_loads(tmp_path):
    scenario = load_scenario(write(tmp_path, GOOD))
    assert (scenario.name, scenario.seed, scenario.months) == ("small", 4, 24)
    assert scenario.population.size == 3000


def test_parameters_and_timeline_can_be_set(tmp_path):
    text = GOOD + """
[parameters]
tariff_emergency = 2500
frailty_sd = 0.4

[[timeline]]
event = "set_marginal_emergency_rate"
date = "2011-04"
rate = 0.5
"""
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.parameters.tariff_emergency == 2500
    assert scenario.parameters.frailty_sd == 0.4
    assert scenario.timeline[0].rate == 0.5


def test_scenarios_are_immutable_and_overrides_revalidate():
    scenario = Scenario(name="x", months=12)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        scenario.months = 5
    changed = scenario.with_overrides(seed=9, population={"size": 2000}, months=None)
    assert (changed.seed, changed.population.size, changed.months) == (9, 2000, 12)
    assert changed.population.practices == scenario.population.practices
    with pytest.raises(ScenarioError, match="months"):
        scenario.with_overrides(months=0)


BAD_CASES = {
    "unknown top-level key": ('colour = "blue"\n' + GOOD, "key 'colour': unknown key"),
    "unknown nested key": (GOOD.replace("practices = 4", "practices = 4\nsurgeries = 2"),
                           "population.surgeries"),
    "unknown parameter": (GOOD + "[parameters]\ntarif_emergency = 1\n",
                          "parameters.tarif_emergency"),
    "wrong type": (GOOD.replace("months = 24", 'months = "ten"'), "months"),
    "wrong type nested": (GOOD.replace("size = 3000", 'size = "big"'), "population.size"),
    "negative population": (GOOD.replace("size = 3000", "size = -5"), "population.size"),
    "months zero": (GOOD.replace("months = 24", "months = 0"), "months"),
    "months negative": (GOOD.replace("months = 24", "months = -3"), "months"),
    "impossible start date": (GOOD.replace('"2010-04"', '"2010-13"'), "start"),
    "malformed start date": (GOOD.replace('"2010-04"', '"April 2010"'), "start"),
    "unknown commissioning model": (
        GOOD.replace('model = "pct"', 'model = "hmo"'), "commissioning.model"),
    "practices more than size / 10": (
        GOOD.replace("practices = 4", "practices = 301"), "population.size"),
    "more trusts than practices": (
        GOOD.replace("acute_trusts = 2", "acute_trusts = 5"), "providers.acute_trusts"),
    "parameter out of range": (GOOD + "[parameters]\nfrailty_sd = -1\n",
                               "parameters.frailty_sd"),
    "timeline date outside the run": (GOOD + """
[[timeline]]
event = "set_marginal_emergency_rate"
date = "2015-01"
rate = 0.5
""", "timeline[0].date"),
    "unknown timeline event": (GOOD + """
[[timeline]]
event = "abolish_pcts"
date = "2011-01"
""", "timeline[0].event"),
    "bad name": (GOOD.replace('name = "small"', 'name = "my scenario!"'), "name"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_scenario_is_reported_with_file_and_key(tmp_path, case):
    text, key = BAD_CASES[case]
    path = write(tmp_path, text, "bad-input.toml")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert str(path) in message
    assert key in message.replace(str(path), "")  # the key, not the file's folder name
    assert isinstance(caught.value, UserError)


def test_unknown_key_message_lists_the_allowed_keys(tmp_path):
    path = write(tmp_path, GOOD.replace("practices = 4", "practices = 4\nsurgeries = 2"))
    with pytest.raises(ScenarioError, match="allowed keys here: size, practices"):
        load_scenario(path)


def test_unknown_key_message_suggests_the_nearest(tmp_path):
    path = write(tmp_path, GOOD + "[parameters]\ntarif_emergency = 1\n")
    with pytest.raises(ScenarioError, match="did you mean tariff_emergency"):
        load_scenario(path)


def test_unknown_key_in_a_timeline_event_lists_the_event_keys(tmp_path):
    path = write(tmp_path, GOOD + """
[[timeline]]
event = "set_marginal_emergency_rate"
date = "2011-04"
rat = 0.5
""")
    with pytest.raises(ScenarioError, match=r"key 'timeline\[0\]\.rat': unknown key; allowed "
                                            r"keys here: date, event, rate; did you mean rate"):
        load_scenario(path)


def test_every_problem_is_reported(tmp_path):
    text = GOOD.replace("months = 24", "months = 0").replace("size = 3000", "size = -1")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, text))
    assert "months" in str(caught.value) and "population.size" in str(caught.value)


def test_impossible_timeline_date_names_the_key(tmp_path):
    """Fails while ``TimelineEvent.date`` is a plain string checked only in
    ``Scenario._consistent``: the error is reported under key '(top level)'."""
    text = GOOD + """
[[timeline]]
event = "set_marginal_emergency_rate"
date = "2010-13"
rate = 0.5
"""
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert str(path) in message
    assert "timeline[0].date" in message.replace(str(path), "")


def test_malformed_toml(tmp_path):
    path = write(tmp_path, 'name = "x"\nmonths = = 3\n')
    with pytest.raises(ScenarioError, match="not valid TOML") as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ScenarioError, match="no such scenario file") as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(ScenarioError, match="folder") as caught:
        load_scenario(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_binary_file(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"name = \"\xff\xfe\"\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)


def test_validate_scenario_names_its_source():
    with pytest.raises(ScenarioError, match="<overrides>: key 'months'"):
        validate_scenario({"name": "x", "months": 0}, "<overrides>")
