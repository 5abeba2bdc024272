"""Scenario files: TOML, validated with pydantic before anything runs.

Bad input (unknown key, wrong type, value out of range, impossible date, a start in no
known era) raises ``ScenarioError`` naming the file, the key and what is allowed.

The start date selects the scenario's era (``sim.eras``): the era's parameter values
replace the package defaults, and what the file's ``[parameters]`` sets wins over both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim.clock import Clock, parse_month
from sim.eras import Era, era_for_start
from sim.errors import ScenarioError
from sim.inputs.economy_defaults import DEFAULT_POPULATION_SIZE, DEFAULT_PRACTICES
from sim.inputs.toml_files import read_toml
from sim.inputs.validation import describe_validation_error
from sim.mechanisms import Mechanisms
from sim.parameters import Parameters
from sim.structure import Structure
from sim.timeline.catalogue import Event
from sim.timeline.event import TimelineState

MIN_PEOPLE_PER_PRACTICE = 10


class PopulationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    size: int = Field(DEFAULT_POPULATION_SIZE, ge=100, le=5_000_000, strict=True,
                      description="people registered at the start")
    practices: int = Field(DEFAULT_PRACTICES, ge=1, le=2_000, strict=True,
                           description="general practices")


class ProvidersConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    acute_trusts: int = Field(2, ge=1, le=20, strict=True,
                              description="acute trusts serving the area")


class CommissioningConfig(BaseModel):
    """The commissioning model and its levers (unset levers take the model's default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    model: Literal["pct", "fundholding", "pbc", "consortia", "lcp"] = Field(
        "pct", description="commissioning model (rule set, sim/commissioning/rule_sets.py)")
    savings_share: float | None = Field(
        None, ge=0, le=1, strict=True,
        description="share of a commissioner's savings paid to practices")
    pooled_share: float | None = Field(
        None, ge=0, le=1, strict=True,
        description="share of a commissioner's savings it keeps to spend on services the "
        "next year")
    budget_at_risk: float | None = Field(
        None, ge=0, le=1, strict=True, description="0 = notional budget, 1 = fully real")
    specialist_offer: float | None = Field(
        None, ge=0, le=1, strict=True, description="strength of the offer to consultants")
    trust_payment: Literal["pbr", "block"] | None = Field(
        None, description="how acute trusts are paid once commissioners form")
    handcuffs: bool = Field(
        False, strict=True,
        description="PCT approves only emergency-admission schemes, and faster")
    budget_method: Literal["person_based", "capitation", "historic"] = Field(
        "person_based", description="how commissioners' budgets are shared out: "
        "person_based (age, sex, recorded conditions, deprivation and last year's use), "
        "capitation (age, sex and deprivation) or historic (each practice's own spend)")

    def rules(self):
        """The model's rules with this scenario's levers applied."""
        from sim.commissioning import rules_for

        return rules_for(self.model, savings_share=self.savings_share,
                         pooled_share=self.pooled_share,
                         budget_at_risk=self.budget_at_risk,
                         specialist_offer=self.specialist_offer,
                         trust_payment=self.trust_payment)


class Scenario(BaseModel):
    """A complete, validated description of one simulation."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80,
                      description="short name: letters, digits, - _ .")
    description: str = ""
    seed: int = Field(1, ge=0, le=2**63 - 1, strict=True)
    start: str = Field("2010-04", description="first month, YYYY-MM; selects the era "
                       "(docs/eras.md)")
    months: int = Field(120, ge=1, le=600, strict=True)
    population: PopulationConfig = PopulationConfig()
    providers: ProvidersConfig = ProvidersConfig()
    commissioning: CommissioningConfig = CommissioningConfig()
    timeline: list[Event] = []
    mechanisms: Mechanisms = Mechanisms()
    structure: Structure = Structure()
    parameters: Parameters = Field(Parameters(), validate_default=True)

    @field_validator("start")
    @classmethod
    def _start_is_a_month_in_an_era(cls, value: str) -> str:
        parse_month(value)
        era_for_start(value)  # a start in no known era is refused, naming the eras
        return value

    @field_validator("parameters")
    @classmethod
    def _with_the_eras_values(cls, value: Parameters, info: ValidationInfo) -> Parameters:
        """The era's values over the package defaults; the file's own win (``Era.resolve``)."""
        start = info.data.get("start")  # absent when the start itself was refused
        return value if start is None else era_for_start(start).resolve(value)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.population.size < MIN_PEOPLE_PER_PRACTICE * self.population.practices:
            raise ValueError(
                f"population.size: {self.population.size} must be at least "
                f"{MIN_PEOPLE_PER_PRACTICE} people per practice "
                f"({self.population.practices} practices)")
        if self.population.practices < self.providers.acute_trusts:
            raise ValueError(f"providers.acute_trusts: {self.providers.acute_trusts} must not "
                             f"exceed population.practices ({self.population.practices})")
        clock = Clock.starting(self.start)
        for i, event in enumerate(self.timeline):
            parse_month(event.date)
            if not 0 <= clock.index_of(event.date) < self.months:
                raise ValueError(
                    f"timeline[{i}].date: {event.date} is outside the run "
                    f"({self.start} to {clock.label(self.months - 1)})")
        self._check_timeline(clock)
        return self

    def _check_timeline(self, clock: Clock) -> None:
        """Each event, in date order, must make sense where it falls."""
        state = TimelineState(model=self.commissioning.model)
        order = sorted(range(len(self.timeline)),
                       key=lambda i: clock.index_of(self.timeline[i].date))
        for i in order:
            event = self.timeline[i]
            try:
                state = event.check(state, clock)
            except ValueError as problem:
                raise ValueError(f"timeline[{i}]: {event.event} on {event.date}: "
                                 f"{problem}") from None

    @property
    def clock(self) -> Clock:
        return Clock.starting(self.start)

    @property
    def era(self) -> Era:
        """The era the start date selects (its rates, contracts and rules)."""
        return era_for_start(self.start)

    def with_overrides(self, source: str = "<overrides>", **changes) -> Scenario:
        """A copy with top-level or nested changes, validated again.

        Example: ``with_overrides(seed=3, population={"size": 5000}, months=24)``;
        ``source`` names where the changes came from in error messages.
        """
        data = self.model_dump()
        # only the parameters the scenario set itself: a new start takes its era's values
        data["parameters"] = self.parameters.model_dump(exclude_unset=True)
        for key, value in changes.items():
            if value is None:
                continue
            if isinstance(value, dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        return validate_scenario(data, source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    return validate_scenario(read_toml(path, "scenario", ScenarioError), str(path))


def validate_scenario(data: dict, source: str) -> Scenario:
    """Validate a scenario given as a dict (``source`` names it in errors)."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(describe_validation_error(error, source, Scenario)) from None
