"""Migration paths offered on the dashboard: the named paths of ``sim.timeline.paths``.

A path is a function adding its timeline (dated policy events) to a base scenario; the
"none" path leaves the commissioning model chosen in place from the first month.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.scenario import Scenario
from sim.timeline.paths import PATHS

NO_PATH = "none"

PathFunction = Callable[[Scenario], Scenario]


def migration_paths() -> dict[str, PathFunction]:
    """Path name -> function, "none" first."""
    return dict(PATHS)


def apply_path(name: str, scenario: Scenario) -> Scenario:
    """The scenario with path ``name``'s timeline added (a ``KeyError`` names the paths)."""
    paths = migration_paths()
    if name not in paths:
        raise KeyError(f"unknown migration path {name!r}; allowed: {', '.join(paths)}")
    return paths[name](scenario)
