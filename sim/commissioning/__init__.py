"""Commissioning models: the rule sets a scenario selects with ``[commissioning] model``."""

from sim.commissioning.presets import MODELS, ModelRules, rules_for

__all__ = ["MODELS", "ModelRules", "rules_for"]
