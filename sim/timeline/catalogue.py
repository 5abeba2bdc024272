"""Dated policy events, applied at the start of the month they name.

Each event is a small pydantic model (validated with the scenario) with an ``apply``
method and a ``check`` against the state earlier events leave (``sim.timeline.event``).
The payment event lives here; the migration paths' events in ``sim.timeline.migration``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sim.timeline.event import TimelineEvent
from sim.timeline.migration import (
    AbolishPct,
    AdoptModel,
    InviteBids,
    MakeBudgetsReal,
    OpenLcpStatus,
    SelectPilots,
)


class SetMarginalEmergencyRate(TimelineEvent):
    """Change the share of tariff paid for emergency admissions above the baseline."""

    event: Literal["set_marginal_emergency_rate"]
    rate: float = Field(ge=0.0, le=1.0, strict=True, description="share of tariff, 0-1")

    def apply(self, model) -> None:
        model.pct.marginal_rate_setting = self.rate


Event = Annotated[
    SetMarginalEmergencyRate | InviteBids | SelectPilots | OpenLcpStatus | AdoptModel
    | MakeBudgetsReal | AbolishPct,
    Field(discriminator="event")]
EVENT_NAMES: tuple[str, ...] = (
    "set_marginal_emergency_rate", "invite_bids", "select_pilots", "open_lcp_status",
    "adopt_model", "make_budgets_real", "abolish_pct")
