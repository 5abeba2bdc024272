"""The common shape of a dated policy event, and the state events are checked against.

A scenario's timeline is checked before anything runs: each event, in date order, must
make sense for the state the earlier events leave (``TimelineEvent.check``), so that
"pilots selected under PCT commissioning" or "the PCT abolished twice" is a clear error
naming the event, not a surprise in month 40.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sim.clock import Clock, parse_month


@dataclass(frozen=True)
class TimelineState:
    """What the timeline has done so far, as far as validation needs to know."""

    model: str  # the commissioning model the economy is under
    pct_abolished: bool = False
    pilots: bool = False  # partnerships are growing among PBC clusters

    def but(self, **changes) -> TimelineState:
        return replace(self, **changes)


class TimelineEvent(BaseModel, ABC):
    """Common fields of every event; each event says how it changes the model."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: str = Field(description="month the event takes effect, YYYY-MM")

    @field_validator("date")
    @classmethod
    def _date_is_a_month(cls, value: str) -> str:
        parse_month(value)
        return value

    @abstractmethod
    def apply(self, model) -> None:
        """Change the model at the start of the event's month."""

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        """The state after this event; raise ValueError if it makes no sense now."""
        return state


def at_budget_setting(event: TimelineEvent, clock: Clock) -> None:
    """Events that reorganise commissioners must fall when budgets are set (April or the
    run's first month)."""
    if not clock.starts_financial_year(clock.index_of(event.date)):
        raise ValueError(f"must be dated in April (when budgets are set) or the run's "
                         f"first month, not {event.date}")
