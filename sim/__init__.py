"""healthsim: an agent-based simulation of an English local health economy.

The public API: load a scenario, build the model, run it, read the results.

The names are loaded on first use (PEP 562 ``__getattr__``), so ``import sim`` (and
so ``healthsim --help`` or ``--version``) does not load Mesa, pandas, SciPy or Numba.
"""

from __future__ import annotations

import importlib

# Each public name and the module that defines it, imported when the name is first read.
_LAZY = {"HealthEconomy": "sim.model", "Parameters": "sim.parameters",
         "Patient": "sim.people.population", "Population": "sim.people.population",
         "Scenario": "sim.scenario", "load_scenario": "sim.scenario"}

__all__ = ["HealthEconomy", "Parameters", "Patient", "Population", "Scenario", "load_scenario",
           "__version__"]


def __getattr__(name: str):
    """Import a public name's module when the name is first read (PEP 562)."""
    if name == "__version__":  # from the package metadata: pyproject.toml says it once
        from sim.runs.version import package_version
        value = package_version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    globals()[name] = value  # cached: later reads do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
