"""The keyword arguments of ``HealthEconomy(...)`` beyond the scenario: a seed under
Mesa 3's two names (``rng``, ``seed``) and scenario levers by name, turned into the
scenario the model runs (``scenario_for_run``). Kept apart from the model so the model
module holds the simulation only.
"""

from __future__ import annotations

import numpy as np

from sim.errors import ModelArgumentError
from sim.mechanisms import Mechanisms
from sim.parameters import Parameters
from sim.scenario import CommissioningConfig, Scenario

MAX_SEED = 2**63 - 1  # the largest seed a scenario accepts (sim.scenario.Scenario.seed)
# lever keywords of HealthEconomy(...) -> the scenario table that holds them
LEVER_TABLES = (("commissioning", frozenset(CommissioningConfig.model_fields)),
                ("mechanisms", frozenset(Mechanisms.model_fields)),
                ("parameters", frozenset(Parameters.model_fields)))
TOP_LEVEL_LEVERS = frozenset({"months"})


def scenario_for_run(scenario: Scenario, rng, seed, levers: dict) -> Scenario:
    """The scenario with a seed and levers given to ``HealthEconomy(...)`` applied.

    Without them it is ``scenario`` itself, untouched, so existing runs are unchanged;
    with them it is rebuilt through ``Scenario.with_overrides``, which validates.
    """
    if not isinstance(scenario, Scenario):
        raise ModelArgumentError(
            f"HealthEconomy needs a Scenario as its first argument, not "
            f"{type(scenario).__name__} {scenario!r:.80}; in mesa.batch_run give it as a "
            "one-item list, parameters={'scenario': [scenario], ...}, since Mesa iterates "
            "over any other value")
    if rng is not None and seed is not None:
        raise ModelArgumentError("give HealthEconomy either rng or seed, not both (they "
                                 "are the same: the run's seed)")
    changes = lever_changes(levers)
    chosen = seed_from(seed if seed is not None else rng)
    if chosen is not None:
        changes["seed"] = chosen
    if not changes:
        return scenario
    described = ", ".join(f"{name}={value!r}" for name, value in
                          {**levers, "seed": chosen}.items() if value is not None)
    return scenario.with_overrides(f"HealthEconomy({described})", **changes)


def seed_from(value) -> int | None:
    """A run's seed from ``rng``/``seed``: an int is the seed; None keeps the scenario's;
    anything else numpy.random.default_rng accepts gives one seed drawn from it (a
    Generator passed in moves on by one draw)."""
    if value is None:
        return None
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    try:
        source = np.random.default_rng(value)
    except (TypeError, ValueError) as problem:
        raise ModelArgumentError(
            f"HealthEconomy cannot take a seed from {value!r:.80} ({problem}); give an int, "
            "a numpy Generator or SeedSequence, or None for the scenario's seed") from None
    return int(source.integers(0, MAX_SEED, endpoint=True))


def lever_changes(levers: dict) -> dict:
    """``with_overrides`` changes for lever keywords; an unknown one is refused by name."""
    changes: dict = {}
    for name, value in levers.items():
        if name in TOP_LEVEL_LEVERS:
            changes[name] = value
            continue
        table = next((t for t, names in LEVER_TABLES if name in names), None)
        if table is None:
            raise ModelArgumentError(
                f"HealthEconomy got an unexpected keyword argument '{name}': not a "
                "commissioning setting, mechanism, parameter or 'months' (levers are "
                "named as in a scenario file, e.g. savings_share=0.5)")
        changes.setdefault(table, {})[name] = value
    return changes
