"""Timeline events of the migration paths (``[[timeline]]`` in a scenario file).

- ``invite_bids`` (big bang): groups bid for global risk-adjusted budgets; where none
  bids, the PCT contracts with an outside organisation;
- ``select_pilots`` and ``open_lcp_status`` (slow burn): willing PBC clusters become
  partnerships, then LCP status is a prize any cluster meeting the entry criteria wins;
- ``adopt_model``, ``make_budgets_real``, ``abolish_pct`` (the 2010 White Paper path and
  any other reorganisation): the whole economy moves to a model, in shadow form or
  real; budgets turn real; the PCT goes.

Each event checks, before the run, that it makes sense where it falls (``check``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.clock import Clock
from sim.commissioning.lines import HOSPITAL_AND_PRESCRIBING, BudgetLine
from sim.timeline.event import TimelineEvent, TimelineState, at_budget_setting

ModelName = Literal["fundholding", "pbc", "consortia", "lcp"]


class InviteBids(TimelineEvent):
    """Big bang: the PCT invites groups to bid for a global risk-adjusted budget.

    In each area of at least ``min_population`` people (neighbouring localities
    merged), the practices whose appetite for the offer reaches ``min_engagement``
    (``sim.commissioning.bids.appetite``) form a group; it
    bids if it covers ``min_willing_share`` of the area's people, and then holds the
    budget for the whole area (every practice moves). Where no group bids, the PCT
    contracts with an outside NHS or private organisation for the area. Every new body
    pays its transition costs and starts its development period.
    """

    event: Literal["invite_bids"]
    min_engagement: float = Field(0.4, ge=0, le=1, strict=True, description=(
        "appetite a practice needs to join a bidding group: half its GPs' engagement, "
        "half what the partnership's incentives would bring (assumption: 0.4 is a "
        "little above PBC's typical 0.3 and below the LCP's 0.5)"))
    min_willing_share: float = Field(0.5, ge=0, le=1, strict=True, description=(
        "share of an area's people the willing practices must cover for a local bid "
        "(assumption: a group must be able to carry its area)"))
    min_population: int = Field(100_000, ge=0, strict=True, description=(
        "people an area must cover (seed 000: partnerships of 100,000 or more)"))
    stage: int = Field(3, ge=1, le=4, strict=True, description=(
        "LCP stage the new bodies start at (3: whole hospital and prescribing budget)"))

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        at_budget_setting(self, clock)
        if state.pct_abolished:
            raise ValueError("the PCT that would invite bids has been abolished")
        if state.model == "lcp":
            raise ValueError("the economy is already under local clinical partnerships")
        return state.but(model="lcp")

    def apply(self, model) -> None:
        from sim.commissioning.bids import invite_bids

        invite_bids(model, self)


class SelectPilots(TimelineEvent):
    """Slow burn: the ``count`` readiest PBC clusters become partnerships at stage 1.

    Readiness is a cluster's engagement times its organisational maturity; a cluster
    must reach ``min_engagement`` to be chosen. Pilots then climb the four LCP stages
    as they meet each stage's conditions (``sim.commissioning.stages``).
    """

    event: Literal["select_pilots"]
    count: int = Field(2, ge=1, le=100, strict=True, description="number of pilots")
    min_engagement: float = Field(0.0, ge=0, le=1, strict=True, description=(
        "engagement a cluster needs to be chosen"))

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        at_budget_setting(self, clock)
        if state.model != "pbc":
            raise ValueError("pilots grow out of practice-based commissioning clusters, "
                             f"but the economy is under '{state.model}' then")
        return state.but(pilots=True)

    def apply(self, model) -> None:
        from sim.commissioning.pilots import select_pilots

        select_pilots(model, self.count, self.min_engagement)


class OpenLcpStatus(TimelineEvent):
    """Slow burn: from this date LCP status is a prize, awarded each April to any PBC
    cluster meeting the entry criteria (seed 002: infrastructure, capacity, track
    record)."""

    event: Literal["open_lcp_status"]
    min_engagement: float = Field(0.35, ge=0, le=1, strict=True, description=(
        "list-weighted engagement of the cluster's practices"))
    min_maturity: float = Field(0.5, ge=0, le=1, strict=True, description=(
        "organisational maturity: the infrastructure to run a budget"))
    min_population: int = Field(0, ge=0, strict=True, description="capacity: people covered")
    track_record: bool = Field(True, strict=True, description=(
        "the cluster's notional budget must not have been overspent last year"))

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        at_budget_setting(self, clock)
        if state.model != "pbc":
            raise ValueError("LCP status is awarded to practice-based commissioning "
                             f"clusters, but the economy is under '{state.model}' then")
        return state.but(pilots=True)

    def apply(self, model) -> None:
        model.commissioning.migration.lcp_status = self


class AdoptModel(TimelineEvent):
    """The whole economy moves to ``model``: existing bodies are dissolved and new ones
    formed under its rules. In ``shadow`` form budgets stay notional and the PCT keeps
    control until ``make_budgets_real``."""

    event: Literal["adopt_model"]
    model: ModelName = Field(description="commissioning model to move to")
    shadow: bool = Field(False, strict=True,
                         description="notional budgets, PCT still in control")

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        at_budget_setting(self, clock)
        if state.model == self.model:
            raise ValueError(f"the economy is already under '{self.model}'")
        if state.pct_abolished and self.model == "pbc":
            raise ValueError("practice-based commissioning needs a PCT, which has been "
                             "abolished")
        return state.but(model=self.model, pilots=False)

    def apply(self, model) -> None:
        from sim.commissioning.reforms import adopt_model

        adopt_model(model, self.model, self.shadow)


class MakeBudgetsReal(TimelineEvent):
    """Every commissioner's budget lines ``lines`` become real (and the PCT hands over
    control where the body was in shadow form)."""

    event: Literal["make_budgets_real"]
    lines: list[BudgetLine] = Field(default_factory=lambda: list(HOSPITAL_AND_PRESCRIBING),
                                    min_length=1, description="budget lines made real")

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        at_budget_setting(self, clock)
        if state.model == "pct":
            raise ValueError("under PCT commissioning there are no commissioners' budgets "
                             "to make real")
        return state

    def apply(self, model) -> None:
        from sim.commissioning.reforms import make_budgets_real

        make_budgets_real(model, tuple(self.lines))


class AbolishPct(TimelineEvent):
    """The PCT is abolished: its commissioning passes to the commissioners, its
    oversight to a national board that controls less; redundancies and closure cost
    ``pct_abolition_cost_per_head`` and distract everyone for the transition months.
    (The ledger's payer stays named ``pct``: the allocation still flows through it.)"""

    event: Literal["abolish_pct"]

    def check(self, state: TimelineState, clock: Clock) -> TimelineState:
        at_budget_setting(self, clock)
        if state.pct_abolished:
            raise ValueError("the PCT has already been abolished")
        if state.model not in ("consortia", "lcp"):
            raise ValueError("someone must commission instead of the PCT: abolish it only "
                             f"under consortia or lcp, not '{state.model}'")
        return state.but(pct_abolished=True)

    def apply(self, model) -> None:
        from sim.commissioning.reforms import abolish_pct

        abolish_pct(model)


MIGRATION_EVENTS = (InviteBids, SelectPilots, OpenLcpStatus, AdoptModel, MakeBudgetsReal,
                    AbolishPct)
