"""Start-up (issue 17): ``import sim`` loads none of the heavy libraries, and the
command line's parser does not load SciPy's stats (``decide``'s draws), the dashboard's
Solara, Dask or matplotlib."""

from __future__ import annotations

import subprocess
import sys

HEAVY = {"mesa", "pandas", "matplotlib", "scipy", "numba", "solara", "dask", "pyarrow"}


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

