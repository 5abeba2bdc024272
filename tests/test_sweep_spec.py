"""Sweep files, designs and plans: bad input is refused (exit 2) before any run starts;
designs are reproducible and respect the parameters' bounds; every point of a
replicate shares the same seed (common random numbers)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import REPO
from sweep_helpers import write_sweep

from sim.cli import EXIT_BAD_INPUT, main
from sim.errors import UserError
from sim.sweep import plan_sweep
from sim.sweep.spec import parameter_bounds
from sim.sweep.store import SweepStore

SOBOL = """\
[design]
method = "sobol"
samples = 4

[parameters.emergency_ltc_ratio]
low = 1.2
high = 1.5

[parameters.practices_per_locality]
low = 2
high = 12
"""


def sweep_error(capsys, tmp_path, text: str | None = None, **changes) -> str:
    """Run ``healthsim sweep`` on a bad file; check exit 2 and that nothing ran."""
    path = write_sweep(tmp_path / "in", **changes)
    if text is not None:
        path.write_text(text)
    out = tmp_path / "out"
    code = main(["sweep", str(path), "--out", str(out), "--quiet"])
    _, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert not out.exists(), "no run may start on bad input"
    assert "Traceback" not in err and err.count("\n") <= 5
    return err


def test_shipped_sweeps_are_valid():
    example = plan_sweep(REPO / "sweeps" / "example.toml")
    assert (len(example.points), len(example.tasks())) == (12, 24)
    incentives = plan_sweep(REPO / "sweeps" / "incentives.toml")
    assert incentives.sweep.design.method == "sobol"
    rows = incentives.sweep.design.samples * (len(incentives.sweep.parameters) + 2)
    assert len(incentives.points) == rows * len(incentives.arms)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"text": "name = \n"}, "is not valid TOML"),
    ({"body": "[design]\nmethod='factorial'\n[parameters.emergency_ltc_rato]\n"
              "levels=[1.2]\n"},
     "key 'parameters.emergency_ltc_rato': 'emergency_ltc_rato' is not a parameter of "
     "sim/parameters.py; did you mean emergency_ltc_ratio"),
    ({"frailty_levels": "[0.3, 2.0]"},
     "key 'parameters.frailty_sd': 2.0 is outside the allowed range of frailty_sd, 0 to 1.5"),
    ({"body": SOBOL.replace("high = 1.5", "high = 3.5")},
     "3.5 is outside the allowed range of emergency_ltc_ratio, 1 to 3"),
    ({"body": SOBOL.replace("low = 1.2", "low = 1.6")},
     "key 'parameters.emergency_ltc_ratio': 'low' (1.6) must be below 'high' (1.5)"),
    ({"body": SOBOL.replace("samples = 4", "samples = 6")},
     "key 'design': sobol 'samples' must be a power of 2"),
    ({"body": SOBOL.replace('"sobol"', '"factorial"').replace("samples = 4", "")},
     "a factorial design needs 'levels = [...]'"),
    ({"body": SOBOL.replace("samples = 4", "")}, "a sobol design needs 'samples'"),
    ({"body": SOBOL.replace('"sobol"', '"grid"')},
     "key 'design.method': Input should be 'factorial', 'latin', 'sobol' or 'morris'"),
    ({"body": SOBOL.replace("high = 12", "high = 12\nstep = 1")},
     "key 'parameters.practices_per_locality.step': unknown key; allowed keys here: low, "
     "high, levels"),
    ({"body": "colour = 'red'\n" + SOBOL},
     "key 'arms[0].colour': unknown key; allowed keys here: scenario, name, parameters"),
    ({"text": "colour = 'red'\nname = 'x'\n"},
     "key 'colour': unknown key; allowed keys here: name, description, seed"),
    ({"frailty_levels": "[0.3, 'high']"}, "key 'parameters.frailty_sd.levels[1]'"),
    ({"arms": '[[arms]]\nscenario = "missing.toml"\n'},
     "key 'arms[0].scenario': missing.toml is not a file"),
    ({"arms": '[[arms]]\nscenario = "tiny.toml"\nparameters = { frailty_sd = 0.4 }\n'},
     "key 'arms[0].parameters.frailty_sd': is also swept"),
    ({"arms": '[[arms]]\nscenario = "tiny.toml"\nparameters = { trust_fixed_cost_share = 2 }'
              "\n"}, "key 'parameters.trust_fixed_cost_share'"),
    ({"arms": '[[arms]]\nscenario = "tiny.toml"\n[[arms]]\nscenario = "tiny.toml"\n'},
     "two arms are both named 'tiny'"),
    ({"replicates": 0}, "key 'replicates': Input should be greater than or equal to 1"),
])
def test_bad_sweep_files_are_refused_before_any_run(capsys, tmp_path, changes, expected):
    err = sweep_error(capsys, tmp_path, **changes)
    assert expected in err
    assert "sweep.toml" in err or "tiny.toml" in err  # names the file


def test_missing_sweep_file(capsys, tmp_path):
    assert main(["sweep", str(tmp_path / "nope.toml")]) == EXIT_BAD_INPUT
    assert "nope.toml: no such sweep file" in capsys.readouterr().err


def test_whole_number_parameters_take_whole_levels(capsys, tmp_path):
    body = "[design]\nmethod='factorial'\n[parameters.practices_per_locality]\nlevels=[2.5]\n"
    assert "takes whole numbers" in sweep_error(capsys, tmp_path, body=body)


def test_bounds_come_from_the_parameter_declarations():
    assert parameter_bounds("frailty_sd") == (0.0, 1.5)
    assert parameter_bounds("emergency_ltc_ratio") == (1.0, 3.0)


def test_factorial_crosses_the_levels_for_every_arm(tmp_path):
    arms = '[[arms]]\nscenario = "tiny.toml"\n[[arms]]\nscenario = "tiny.toml"\nname = "b"\n'
    plan = plan_sweep(write_sweep(tmp_path, frailty_levels="[0.3, 0.5, 0.7]", arms=arms))
    combos = [(p.arm, p.values["emergency_ltc_ratio"], p.values["frailty_sd"])
              for p in plan.points]
    assert len(combos) == len(set(combos)) == 2 * 2 * 3
    assert [p.point for p in plan.points] == list(range(12))
    assert plan.scenarios[4].parameters.frailty_sd == plan.points[4].values["frailty_sd"]


def test_sampled_designs_are_reproducible_and_within_range(tmp_path):
    plan = plan_sweep(write_sweep(tmp_path, body=SOBOL))
    assert len(plan.points) == 4 * (2 + 2)
    again = plan_sweep(write_sweep(tmp_path, body=SOBOL))
    np.testing.assert_array_equal(plan.design.raw, again.design.raw)
    ratios = [p.values["emergency_ltc_ratio"] for p in plan.points]
    localities = [p.values["practices_per_locality"] for p in plan.points]
    assert all(1.2 <= r <= 1.5 for r in ratios)
    assert all(isinstance(v, int) and 2 <= v <= 12 for v in localities)
    other_seed = write_sweep(tmp_path, body=SOBOL)
    other_seed.write_text(other_seed.read_text().replace("seed = 3", "seed = 4"))
    assert not np.array_equal(plan_sweep(other_seed).design.raw, plan.design.raw)


@pytest.mark.parametrize(("method", "rows"), [("latin", 5), ("morris", 5 * 3)])
def test_latin_and_morris_sizes(tmp_path, method, rows):
    body = SOBOL.replace('"sobol"', f'"{method}"').replace("samples = 4", "samples = 5")
    assert len(plan_sweep(write_sweep(tmp_path, body=body)).points) == rows


def test_every_run_uses_the_root_seed_so_points_share_random_numbers(tmp_path):
    plan = plan_sweep(write_sweep(tmp_path, replicates=3))
    tasks = plan.tasks()
    assert {t.scenario.seed for t in tasks} == {plan.sweep.seed}  # not the scenario's 5
    assert sorted({(t.point, t.replicate) for t in tasks}) == [
        (p, r) for p in range(4) for r in range(3)]
    first, other = (t.scenario.model_dump() for t in tasks[:2])
    assert first["parameters"] != other["parameters"]
    first.pop("parameters"), other.pop("parameters")
    assert first == other  # points differ only in their parameters
    assert tasks[0].run_id == "p00000-r000" and tasks[-1].run_id == "p00003-r002"


def test_a_folder_holds_one_sweep(tmp_path):
    store = SweepStore(tmp_path / "out")
    assert store.check("a", resume=False, source="x.toml") is None
    assert not store.root.exists()  # checking writes nothing
    store.create()
    store.write_manifest({"fingerprint": "a", "source": "x.toml"})
    with pytest.raises(UserError, match="already holds a sweep; add --resume"):
        store.check("a", resume=False, source="x.toml")
    with pytest.raises(UserError, match="holds a different sweep"):
        store.check("b", resume=True, source="y.toml")
    assert store.check("a", resume=True, source="x.toml") == {"fingerprint": "a",
                                                               "source": "x.toml"}


def test_changing_the_design_changes_the_fingerprint(tmp_path):
    a = plan_sweep(write_sweep(tmp_path / "a")).fingerprint()
    b = plan_sweep(write_sweep(tmp_path / "b", frailty_levels="[0.3, 0.6]")).fingerprint()
    assert a != b
    assert a == plan_sweep(write_sweep(tmp_path / "c")).fingerprint()


OTHER_SCENARIO = """\
name = "other"
start = "2010-04"
months = 12

[population]
size = 2000
practices = 2
"""


@pytest.mark.parametrize(("run", "economy"), [
    # alone: the first arm's file's list size (1,500 / 3 = 500 people) for every arm
    ("population = 6000", {(6000, 12)}),
    ("population = 6000\npractices = 4", {(6000, 4)}),  # given: exactly these
])
def test_run_population_scales_practices_like_the_option(tmp_path, run, economy):
    (tmp_path / "other.toml").write_text(OTHER_SCENARIO)
    arms = '[[arms]]\nscenario = "tiny.toml"\n[[arms]]\nscenario = "other.toml"\n'
    path = write_sweep(tmp_path, arms=arms)
    path.write_text(path.read_text() + f"\n[run]\n{run}\n")
    plan = plan_sweep(path)
    assert {(s.population.size, s.population.practices) for s in plan.scenarios} == economy
    assert {(a.scenario.population.size, a.scenario.population.practices)
            for a in plan.arms} == economy

