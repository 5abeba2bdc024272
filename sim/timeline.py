"""Dated policy events, applied at the start of the month they name.

Each event is a small pydantic model (validated with the scenario) with an ``apply``
method. Migration paths (big bang, slow burn) add their events here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sim.months import parse_month

if TYPE_CHECKING:
    from sim.model import HealthEconomy


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
    def apply(self, model: HealthEconomy) -> None:
        """Change the model at the start of the event's month."""


class SetMarginalEmergencyRate(TimelineEvent):
    """Change the share of tariff paid for emergency admissions above the baseline."""

    event: Literal["set_marginal_emergency_rate"]
    rate: float = Field(ge=0.0, le=1.0, description="share of tariff, 0-1")

    def apply(self, model: HealthEconomy) -> None:
        model.pct.marginal_rate_setting = self.rate


Event = Annotated[SetMarginalEmergencyRate, Field(discriminator="event")]
EVENT_NAMES: tuple[str, ...] = ("set_marginal_emergency_rate",)
