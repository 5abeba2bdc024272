"""One facilitator's session: the settings, the run they made, and its views."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sim.dashboard.choices import Choices, build_scenarios
from sim.dashboard.lockstep import LockstepRun
from sim.dashboard.view import View, ViewBuilder
from sim.dashboard.workshop import REPLICATE


@dataclass(eq=False)  # compared by identity: a new session is a new run
class Session:
    """The settings in force and the run built from them (at month 0 when made)."""

    choices: Choices
    run: LockstepRun
    builder: ViewBuilder
    stepping: threading.Lock = field(default_factory=threading.Lock)
    """Held while a month is stepped and its view made: the play loop holds it, and
    Pause takes it, so a month in flight is shown before the Play button comes back."""

    def view(self) -> View:
        return self.builder.build()

    def step(self, months: int = 1) -> View:
        """Step up to ``months`` months (fewer at the end of the run); the new view."""
        self.step_only(months)
        return self.view()

    def step_only(self, months: int = 1) -> bool:
        """Step up to ``months`` months without a view; False if none was left."""
        stepped = False
        for _ in range(months):
            if not self.run.step():
                break
            stepped = True
        return stepped


def start_session(choices: Choices) -> Session:
    """Build the scenarios (``UserError`` if a setting is refused) and their models."""
    run = LockstepRun(build_scenarios(choices), REPLICATE)
    return Session(choices, run, ViewBuilder(run))
