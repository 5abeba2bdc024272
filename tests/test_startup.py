"""Start-up (issue 17): ``import sim`` loads none of the heavy libraries, and neither
does the command line until a command runs: ``healthsim --version``, ``--help``, every
command's ``--help`` and the parsing of every command's arguments load no Mesa, pandas,
Numba, SciPy, matplotlib, Solara, Dask or PyArrow (nor NumPy or pydantic). What that
saves in seconds is ``benchmarks/bench_startup.py``'s to measure, not a test's."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sim.cli

HEAVY = {"mesa", "pandas", "matplotlib", "scipy", "numba", "solara", "dask", "pyarrow"}
NOT_FOR_PARSING = HEAVY | {"numpy", "pydantic"}
"""What the command line must not load before a command runs: the heavy libraries, and
NumPy and pydantic, which only a command's work needs."""

# The fewest arguments each command parses (files need not exist: parsing never reads them).
MINIMAL_ARGUMENTS = {"run": ["x.toml"], "calibrate": [], "compare": ["a.toml", "b.toml"],
                     "explain": ["a.toml", "b.toml"], "sweep": ["s.toml"],
                     "sweep-report": ["dir"], "decide": ["a.toml", "b.toml"], "risk": [],
                     "dashboard": []}


def _imported(code: str) -> list[str]:
    """The modules a fresh interpreter has loaded after CODE."""
    out = subprocess.run([sys.executable, "-c", f"import sys\n{code}\n"
                          "print('\\n'.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return out.split()


def test_import_sim_loads_no_heavy_library():
    assert not [m for m in _imported("import sim") if m.split(".")[0] in HEAVY]


def test_parser_loads_no_library_only_some_commands_need():
    modules = _imported("import sim.cli; sim.cli.build_parser()")
    assert not [m for m in modules if m.startswith(("scipy.stats", "solara", "dask",
                                                    "matplotlib"))]


def _loaded_by_main(argv: list[str]) -> list[str]:
    """The libraries of NOT_FOR_PARSING that ``healthsim ARGV`` has loaded once ``main``
    returns or exits (a fresh interpreter; for --help and --version, which exit)."""
    code = ("import contextlib, io\nimport sim.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            f"        sim.cli.main({argv!r})\n"
            "    except SystemExit:\n"
            "        pass")
    return sorted({m.split(".")[0] for m in _imported(code)} & NOT_FOR_PARSING)


def _loaded_by_parsing(argv: list[str]) -> list[str]:
    """The libraries of NOT_FOR_PARSING loaded by building the parser and parsing ARGV."""
    code = f"import sim.cli\nsim.cli.build_parser().parse_args({argv!r})"
    return sorted({m.split(".")[0] for m in _imported(code)} & NOT_FOR_PARSING)


def test_every_command_has_minimal_arguments_here():
    assert set(MINIMAL_ARGUMENTS) == set(sim.cli.COMMANDS)


@pytest.mark.parametrize("argv", [["--version"], ["--help"]], ids=" ".join)
def test_version_and_help_load_no_heavy_library(argv):
    assert _loaded_by_main(argv) == []


@pytest.mark.parametrize("command", sorted(MINIMAL_ARGUMENTS))
def test_a_commands_help_loads_no_heavy_library(command):
    assert _loaded_by_main([command, "--help"]) == []


@pytest.mark.parametrize("command", sorted(MINIMAL_ARGUMENTS))
def test_parsing_a_commands_arguments_loads_no_heavy_library(command):
    assert _loaded_by_parsing([command, *MINIMAL_ARGUMENTS[command], "--quiet"]) == []


def test_a_bad_argument_is_reported_without_loading_a_heavy_library():
    assert _loaded_by_main(["run", "x.toml", "--population", "0"]) == []


def test_public_api_still_imports():
    import sim
    from sim import (
        HealthEconomy,
        Parameters,
        Patient,
        Population,
        Scenario,
        __version__,
        load_scenario,
    )
    from sim.runs.version import package_version
    assert __version__ == package_version()
    assert all(callable(x) for x in (HealthEconomy, Parameters, Patient, Population,
                                     Scenario, load_scenario))
    assert set(sim.__all__) <= set(dir(sim))

