"""healthsim: an agent-based simulation of an English local health economy.

The public API: load a scenario, build the model, run it, read the results.

The names are loaded on first use (PEP 562 ``__getattr__``), so ``import sim`` (and
so ``healthsim --help`` or ``--version``) does not load Mesa, pandas, SciPy or Numba.
"""

from __future__ import annotations

from sim.lazy import lazy_names

# Each module and the public names it defines, imported when a name is first read.
_LAZY = {"sim.model": ("HealthEconomy",), "sim.parameters": ("Parameters",),
         "sim.people.population": ("Patient", "Population"),
         "sim.scenario": ("Scenario", "load_scenario")}


def _version() -> str:
    """From the package metadata: pyproject.toml says it once."""
    from sim.runs.version import package_version

    return package_version()


__getattr__, __dir__, __all__ = lazy_names(__name__, _LAZY,
                                         computed={"__version__": _version})
