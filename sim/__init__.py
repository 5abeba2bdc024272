"""healthsim: an agent-based simulation of an English local health economy.

The public API: load a scenario, build the model, run it, read the results.

The names are loaded on first use (PEP 562 ``__getattr__``), so ``import sim`` (and
so ``healthsim --help`` or ``--version``) does not load Mesa, pandas, SciPy or Numba.
"""

from __future__ import annotations

from sim.lazy import lazy_names

# Each public name and the module that defines it, imported when the name is first read.
_LAZY = {"HealthEconomy": "sim.model", "Parameters": "sim.parameters",
         "Patient": "sim.people.population", "Population": "sim.people.population",
         "Scenario": "sim.scenario", "load_scenario": "sim.scenario"}

__all__ = ["HealthEconomy", "Parameters", "Patient", "Population", "Scenario", "load_scenario",
           "__version__"]


def _version() -> str:
    """From the package metadata: pyproject.toml says it once."""
    from sim.runs.version import package_version

    return package_version()


__getattr__, __dir__ = lazy_names(__name__, _LAZY, computed={"__version__": _version})
