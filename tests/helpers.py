"""Helpers shared by test modules (import as ``from helpers import ...``).

pytest puts ``tests/`` on ``sys.path`` (rootdir-relative, no package), so this module is
importable from every test file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, settings

from sim import HealthEconomy, Scenario

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"

# Settings for property tests that run whole models: few examples, no deadline (a run's
# time varies with its size) and no complaint that examples are slow.
MODEL_SETTINGS = settings(max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])


def small_scenario(size: int = 3000, practices: int = 4, months: int = 24, seed: int = 1,
                   **changes) -> Scenario:
    """A small valid scenario (extra keyword arguments are top-level scenario keys)."""
    return Scenario(name="test", seed=seed, months=months,
                    population={"size": size, "practices": practices}, **changes)


def run_model(scenario: Scenario, replicate: int = 0) -> HealthEconomy:
    """Build and run a model to the end of its scenario."""
    model = HealthEconomy(scenario, replicate)
    model.run()
    return model


def financial_year_of(dates: pd.Series) -> pd.Series:
    """Financial year (April-March, named by its first year) of each date."""
    dates = pd.to_datetime(pd.Series(dates))
    return dates.dt.year.where(dates.dt.month >= 4, dates.dt.year - 1)


def cli(capsys, *args) -> tuple[int, str, str]:
    """Run ``healthsim`` in-process; returns (exit code, stdout, stderr)."""
    from sim.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def tree(root) -> list[str]:
    """Every file and folder under ``root`` (hidden ones included), relative."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))
