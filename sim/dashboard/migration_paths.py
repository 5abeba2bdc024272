"""Migration paths offered on the dashboard: ``sim.migration.PATHS`` once it exists.

A path is a function adding its timeline (dated policy events) to a base scenario.
Until the ``sim.migration`` package provides ``PATHS``, the only path is "none": the
commissioning model chosen holds from the first month.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.scenario import Scenario

NO_PATH = "none"
MIGRATION_PACKAGE = "sim.migration"

PathFunction = Callable[[Scenario], Scenario]


def migration_paths() -> dict[str, PathFunction]:
    """Path name -> function; just ``{"none": unchanged}`` until ``sim.migration.PATHS``."""
    try:
        from sim.migration import PATHS
    except ImportError as error:
        if error.name != MIGRATION_PACKAGE:  # a fault inside the package: show it
            raise
        return {NO_PATH: unchanged}
    return dict(PATHS)


def unchanged(scenario: Scenario) -> Scenario:
    """The "none" path: the base scenario as it is."""
    return scenario


def apply_path(name: str, scenario: Scenario) -> Scenario:
    """The scenario with path ``name``'s timeline added (a ``KeyError`` names the paths)."""
    paths = migration_paths()
    if name not in paths:
        raise KeyError(f"unknown migration path {name!r}; allowed: {', '.join(paths)}")
    return paths[name](scenario)
