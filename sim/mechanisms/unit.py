"""What a mechanism is: a switch, its own parameters, and the phases of the step it
acts in.

A mechanism unit is one module that declares everything about one way commissioning
changes care or spending: its on/off switch (for ``healthsim explain``), its parameters
(``sim.declarations.param``, joined into ``sim.parameters.Parameters``) and its hooks,
functions the model calls at named phases of its monthly step (``Phase``). Adding a
mechanism touches its own file, its tests and one line of the registry
(``sim.mechanisms.MECHANISMS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from pydantic import BaseModel


class Phase(Enum):
    """The named phases of ``HealthEconomy.step`` a mechanism can act in, in step order
    (the step itself is described once, in docs/how-it-works.md)."""

    START_OF_YEAR = "start of the financial year: commissioners form, decide services"
    CONTRACTS = "start of the financial year: trusts' contracts and capacity are set"
    BEHAVIOUR = "every month, after GPs' engagement moves: organisations respond"


Hook = Callable[..., None]
"""``hook(model, month, **context)``: what a phase passes as context is said at the
phase's call in ``sim.model``."""


@dataclass(frozen=True)
class Mechanism:
    """One mechanism: name (its switch in ``[mechanisms]``), description (the label in
    explain and the dashboard), parameters (None while they are still among the world's),
    hooks, and whether it is a precondition.

    A **precondition** is a mechanism the others need in order to act at all (without
    GPs' engagement responding to incentives no partnership forms, so no practice
    effects, specialists or block contracts follow). Crediting it with their effect
    would count that effect twice, once for it and once for them, so ``healthsim
    explain`` does not make it a player: it stays as in the scenario files in every run
    of the factorial decomposition and is reported on its own ("with it off in both
    arms the difference would be ...")."""

    name: str
    description: str
    parameters: type[BaseModel] | None = None
    hooks: Mapping[Phase, Hook] = field(default_factory=dict)
    precondition: bool = False
