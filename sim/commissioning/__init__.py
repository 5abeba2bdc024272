"""Commissioning models: the rule sets a scenario selects with ``[commissioning] model``."""

from sim.commissioning.rule_sets import (
    MODELS,
    ORGANISATION_KINDS,
    OUTSIDE_ORGANISATION,
    ModelRules,
    rules_for,
)

__all__ = ["MODELS", "ORGANISATION_KINDS", "OUTSIDE_ORGANISATION", "ModelRules", "rules_for"]
