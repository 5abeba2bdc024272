"""Every scalar parameter of the model, declared once: ``Parameters``.

The world's parameters (``sim.world_parameters``) joined with each mechanism's own
(``sim.mechanisms``), as one flat, immutable set: a scenario's ``[parameters]`` table
overrides any of them by name, and sweeps and the dashboard read their declarations
(unit, range, prior, source: ``sim.declarations``). Age-specific rates live in
``sim/data/age_profile.csv`` and the calibration targets in
``sim/data/calibration_targets.csv``, each row with its source.
"""

from __future__ import annotations

from pydantic import ConfigDict, model_validator

from sim.mechanisms import parameter_classes
from sim.world_parameters import WorldParameters


class Parameters(WorldParameters, *parameter_classes()):
    """The model's scalar parameters (immutable; override through a scenario file)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _numbers_not_text(cls, data):
        """A number written as text ("3") is refused, not converted, for every
        parameter (the decimal ones are strict already; the whole-number ones stay lax
        for the floats and numpy integers sampled designs give them)."""
        if isinstance(data, dict):
            for name, value in data.items():
                if isinstance(value, str) and name in cls.model_fields:
                    raise ValueError(f"{name}: {value!r} is text; write the number without "
                                     "quotes")
        return data
