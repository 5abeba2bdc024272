"""How a number of the model is declared: default, unit, allowed range, prior and source.

Every scalar the model's behaviour depends on is declared once with ``param`` (in
``sim.world_parameters`` or in the mechanism that uses it, ``sim.mechanisms``), and
every mechanism's on/off switch with ``switch``. Scenario files, sweeps, the dashboard
and the docs read these declarations; nothing else restates a default.

The prior is what we believe about the true value, for uncertainty analysis (draw the
uncertain inputs jointly and see how the answer moves):
- a value pinned by a calibration target, a published figure or derived arithmetic
  (sources starting "target", "calibrated", "derived") is *fixed*: its uncertainty is
  the calibration's, not a free belief;
- an assumption with a stated range gets a uniform prior over that range (``prior=``);
- an assumption without one gets a triangular prior from ``1 - DEFAULT_PRIOR_SPREAD``
  to ``1 + DEFAULT_PRIOR_SPREAD`` times its default, peaked at the default and kept
  inside the allowed range. This is a placeholder, said as such in ``docs/sources.md``:
  the evidence for each behavioural prior is work in progress.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from pydantic import Field

DEFAULT_PRIOR_SPREAD = 0.5
"""assumption: +-50% around the default where the source states no range: wide enough
that a ranking resting on the value shows up in uncertainty analysis."""

PINNED_SOURCES = ("target", "calibrated", "derived")


@dataclass(frozen=True)
class Prior:
    """A belief about a parameter's value: fixed, uniform or triangular on [low, high],
    with ``basis``: where the distribution comes from (the evidence, with author, year,
    journal and table, or "assumption:" and the reasoning). Priors without a basis are
    the placeholders of the module docstring."""

    distribution: Literal["fixed", "uniform", "triangular"]
    low: float
    high: float
    mode: float | None = None
    basis: str | None = None

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


def uniform(low: float, high: float, basis: str | None = None) -> Prior:
    """A uniform prior on [low, high] (a range the source states)."""
    return Prior("uniform", low, high, basis=basis)


def triangular(low: float, mode: float, high: float, basis: str | None = None) -> Prior:
    """A triangular prior on [low, high] peaked at ``mode`` (the evidence's central
    value, with its plausible range)."""
    if not low <= mode <= high:
        raise ValueError(f"triangular prior needs low <= mode <= high, got "
                         f"{low}, {mode}, {high}")
    return Prior("triangular", low, high, mode, basis)


def default_prior(default: float, source: str, ge: float | None, le: float | None) -> Prior:
    """The prior of a parameter declared without one (see the module docstring)."""
    if source.startswith(PINNED_SOURCES) or default == 0:
        return Prior("fixed", default, default)
    low, high = sorted((default * (1 - DEFAULT_PRIOR_SPREAD),
                        default * (1 + DEFAULT_PRIOR_SPREAD)))
    if ge is not None:
        low = max(low, ge)
    if le is not None:
        high = min(high, le)
    return Prior("triangular", low, high, default)


def param(default: float, unit: str, source: str, ge: float | None = None,
          le: float | None = None, prior: Prior | None = None) -> Any:
    """Declare one parameter: its default, unit, source, allowed range and prior."""
    belief = prior if prior is not None else default_prior(default, source, ge, le)
    # a number given as text ("0.02") is refused rather than converted; whole-number
    # parameters stay lax, as sampled designs give them as floats and numpy integers
    return Field(default, ge=ge, le=le, description=source,
                 strict=isinstance(default, float) or None,
                 json_schema_extra={"unit": unit, "prior": belief.as_dict()})


def switch(description: str) -> Any:
    """Declare one mechanism switch (on by default)."""
    return Field(True, strict=True, description=description)


def choice(default: str, options: dict[str, str], source: str) -> Any:
    """Declare one structural alternative (``sim.structure``): where the evidence does
    not settle how something works, each way it might work is a named option, with what
    it means. The prior over the options is uniform (each equally credible) unless the
    uncertainty analysis is told otherwise."""
    if default not in options:
        raise ValueError(f"default {default!r} is not one of {sorted(options)}")
    return Field(default, description=source,
                 json_schema_extra={"options": options,
                                    "prior": {"distribution": "choice",
                                              "options": list(options)}})


def rule(unit: str, source: str, ge: float, le: float,
         prior: Literal["lever", "assumption", "structure"]) -> Any:
    """Declare one numeric setting of a rule set (``sim.commissioning.rule_sets``,
    ``sim.commissioning.stages``): its unit, allowed range, source, and what kind of
    number it is, which sets its prior:

    - ``lever``: a policy choice a scenario makes (fixed: not uncertain, chosen);
    - ``assumption``: our judgement of how the model works in practice (triangular
      within ``DEFAULT_PRIOR_SPREAD`` of each rule set's value, as for parameters);
    - ``structure``: a fact of the model's design (fixed).
    """
    return dataclass_field(metadata={"unit": unit, "source": source, "ge": ge, "le": le,
                                     "prior": prior})


def rule_prior(value: float, metadata: dict) -> Prior:
    """The prior of one rule set's value of a setting declared with ``rule``."""
    if metadata["prior"] != "assumption":
        return Prior("fixed", value, value)
    return default_prior(value, "assumption", metadata["ge"], metadata["le"])
