"""The mechanisms by which commissioning changes care and spending, and their switches.

``MECHANISMS`` is the registry: one line per mechanism (``sim.mechanisms.unit``). Every
switch is on by default. Turning one off (``[mechanisms]`` in a scenario file) removes
that mechanism wherever it acts, whatever the commissioning model or migration path, so
that ``healthsim explain`` can measure how much of a difference between two scenarios
each mechanism accounts for (a factorial of runs of both with switches on and off, with
common random numbers; a precondition, ``Mechanism.precondition``, is reported on its
own). The descriptions are the labels shown in the explain waterfall and the
dashboard.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, create_model

from sim.declarations import switch
from sim.mechanisms import block_contracts, care_plans, in_place, pbr_drift
from sim.mechanisms.unit import Mechanism, Phase

MECHANISMS: tuple[Mechanism, ...] = (
    in_place.ENGAGEMENT_INCENTIVES,
    in_place.PRACTICE_EFFECTS,
    care_plans.MECHANISM,
    in_place.SPECIALISTS,
    block_contracts.MECHANISM,
    pbr_drift.MECHANISM,
    in_place.DEVELOPMENT_LAG,
    in_place.MANAGEMENT_COSTS,
    in_place.TRANSITION_COSTS,
)


class _Switches(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def off(self) -> list[str]:
        """Names of the switches that are off."""
        return [name for name, on in self if not on]


Mechanisms = create_model(
    "Mechanisms", __base__=_Switches,
    __doc__="Which mechanisms are at work (all, unless a scenario switches one off).",
    **{m.name: (bool, switch(m.description)) for m in MECHANISMS})

MECHANISM_NAMES: tuple[str, ...] = tuple(m.name for m in MECHANISMS)
PRECONDITION_NAMES: tuple[str, ...] = tuple(m.name for m in MECHANISMS if m.precondition)
"""Mechanisms the others need in order to act (``Mechanism.precondition``)."""


def parameter_classes() -> tuple[type[BaseModel], ...]:
    """Each mechanism's own parameter declarations (joined in ``sim.parameters``)."""
    return tuple(m.parameters for m in MECHANISMS if m.parameters is not None)


def run_phase(model, phase: Phase, month: int, **context) -> None:
    """Call every switched-on mechanism's hook for ``phase``, in registry order."""
    for mechanism in MECHANISMS:
        hook = mechanism.hooks.get(phase)
        if hook is not None and getattr(model.mechanisms, mechanism.name):
            hook(model, month, **context)


__all__ = ["MECHANISMS", "MECHANISM_NAMES", "PRECONDITION_NAMES", "Mechanism", "Mechanisms",
           "Phase", "parameter_classes", "run_phase"]
