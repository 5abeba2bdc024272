"""Shared fixtures for the test suite (plain helpers live in ``tests/helpers.py``).

Fixtures here build small, fast models. Anything that takes more than ~10 s is marked
``@pytest.mark.slow`` in its own file (run everything with ``pytest``; skip the slow
tier with ``pytest -m "not slow"``).
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import run_model, small_scenario

from sim import HealthEconomy


@pytest.fixture(scope="session")
def small_run() -> HealthEconomy:
    """One finished two-year model shared by read-only tests (do not mutate it)."""
    return run_model(small_scenario(size=3000, practices=4, months=24, seed=11))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)
