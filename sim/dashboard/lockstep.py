"""One scenario, or two (A and B), stepped month by month together.

In A/B mode both models are built with the same seed and replicate, so they draw the
same random numbers wherever their rules agree (``sim/streams.py``) and what differs
between the lines on the screen is the lever that was moved, not chance. They are only
ever stepped together, so they always show the same month.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from sim.compare import check_comparable
from sim.dashboard.happenings import Happenings
from sim.errors import UserError
from sim.model import HealthEconomy
from sim.scenario import Scenario


class LockstepRun:
    """Models stepped together; ``lock`` guards them against reading mid-step.

    Args:
        scenarios: one scenario, or A and B (same economy, seed, start and months).
        replicate: the replicate every model uses (random streams ``(seed, replicate)``).
    """

    def __init__(self, scenarios: Sequence[Scenario], replicate: int = 0) -> None:
        check_common_random_numbers(scenarios)
        self.scenarios = tuple(scenarios)
        self.replicate = replicate
        self.models = [HealthEconomy(s, replicate) for s in scenarios]
        self.happenings = [Happenings(model) for model in self.models]
        self.lock = threading.Lock()

    @property
    def month(self) -> int:
        """Months simulated so far (the same for every model)."""
        return self.models[0].month

    @property
    def months(self) -> int:
        """Months in the run."""
        return self.scenarios[0].months

    @property
    def finished(self) -> bool:
        return self.month >= self.months

    def step(self) -> bool:
        """Advance every model one month; False (and nothing done) once finished."""
        with self.lock:
            if self.finished:
                return False
            for model, happenings in zip(self.models, self.happenings, strict=True):
                happenings.before_step()
                model.step()
                happenings.after_step()
            months = {model.month for model in self.models}
            if len(months) != 1:
                raise RuntimeError(f"A and B fell out of step: months {sorted(months)}")
            return True


def check_common_random_numbers(scenarios: Sequence[Scenario]) -> None:
    """Refuse (``UserError``) scenarios that would not share random numbers month by month."""
    if not 1 <= len(scenarios) <= 2:
        raise UserError(f"the dashboard runs one or two scenarios (got {len(scenarios)})")
    if len(scenarios) == 1:
        return
    check_comparable(scenarios)
    a, b = scenarios
    if (a.seed, a.population, a.providers) != (b.seed, b.population, b.providers):
        raise UserError("A and B must have the same seed, population and providers, so "
                        "that they draw common random numbers")
