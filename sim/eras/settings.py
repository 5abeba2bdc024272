"""What an era sets: the rates, prices and rules of its day, each with its source.

An era is read from ``sim/data/eras.csv`` (``sim.eras.catalogue``). Its settings act in
four places:

- **parameters** (``Era.resolve``): the era's values replace the package defaults,
  and anything a scenario's ``[parameters]`` sets explicitly wins over both;
- **rates** (``Era.age_profile``): age-specific emergency admission rates are scaled to
  the era's all-ages rate;
- **money** (``AllocationBase``, ``trust_contracts``, ``marginal_emergency_rule``):
  the allocation of the day, whether trusts are paid by results or hold block
  contracts with the district, and whether the marginal emergency rule applies;
- **fundholding** (``FundholdingScheme``): the scheme's own rules when the
  fundholding model runs in the era (``sim.eras.fundholding``).

The calibrated era (2008-10) sets nothing beyond the package's defaults, so scenarios
starting in it run exactly as they would without eras.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sim.clock import Clock
from sim.people.age_profile import AgeProfile

if TYPE_CHECKING:
    from pydantic import BaseModel

EMERGENCY_RATES = "emergency_admissions_per_1000"  # the age profile's measure


@dataclass(frozen=True)
class Setting:
    """One row of the era table: a value as written, its unit and its source."""

    value: str
    unit: str
    source: str


@dataclass(frozen=True)
class ListSizeThreshold:
    """The smallest list (one practice's, or a group's) that may enter fundholding in
    financial years from ``from_year`` on."""

    from_year: int
    min_list_size: int


@dataclass(frozen=True)
class FundholdingScheme:
    """The 1990s fundholding scheme: who may join, when, and on what budget.

    Practices (alone or grouped to reach the threshold) spend ``preparation_years``
    preparing, then enter on 1 April; each fund's budget is its practices' own past
    spend on the covered lines, and it buys planned care case by case.
    """

    thresholds: tuple[ListSizeThreshold, ...]
    preparation_years: int
    entry: Literal["april_waves"] = "april_waves"
    budget: Literal["historic"] = "historic"
    purchasing: Literal["cost_per_case"] = "cost_per_case"

    def min_list_size(self, financial_year: int) -> int | None:
        """The threshold for entry in ``financial_year``; None before the scheme opened."""
        applying = [t for t in self.thresholds if t.from_year <= financial_year]
        if not applying:
            return None
        return max(applying, key=lambda t: t.from_year).min_list_size


@dataclass(frozen=True)
class AllocationBase:
    """An era's own allocation: pounds per head in its base financial year, growing in
    cash by ``growth`` a year (replaces the 2008-09 anchor of ``sim.money.allocation``)."""

    year: int
    per_head: float
    growth: float

    def per_head_in(self, financial_year: int) -> float:
        return self.per_head * (1.0 + self.growth) ** (financial_year - self.year)


@dataclass(frozen=True)
class Era:
    """The settings of one period of NHS history, selected by a scenario's start date."""

    name: str
    label: str
    first_start: str  # YYYY-MM: the earliest start month in the era
    last_start: str  # YYYY-MM: the latest
    calibrated: bool  # the package's defaults and age profile are this era's
    parameters: Mapping[str, float]  # values replacing the package defaults
    emergency_ratio: float  # era's all-ages emergency rate over the calibrated era's
    trust_contracts: Literal["pbr", "block"]
    marginal_emergency_rule: bool
    allocation: AllocationBase | None  # None: the package's 2008-09 anchor
    fundholding: FundholdingScheme | None  # None: the model's own fundholding rules
    settings: Mapping[str, Setting] = field(default_factory=dict, repr=False)

    @property
    def span(self) -> str:
        return f"{self.first_start} to {self.last_start}"

    def covers(self, start: str) -> bool:
        """Whether a scenario starting in month ``start`` (YYYY-MM) is in this era."""
        clock = Clock.starting(self.first_start)
        return 0 <= clock.index_of(start) <= clock.index_of(self.last_start)

    def resolve(self, parameters: BaseModel) -> BaseModel:
        """The parameters a scenario runs with: the era's values over the package
        defaults, with what the scenario set explicitly winning over both.

        The result remembers only the explicitly set names as set, so a scenario copied
        with another start takes that era's values instead. An era with no values
        returns ``parameters`` itself.
        """
        if not self.parameters:
            return parameters
        explicit = set(parameters.model_fields_set)
        values = parameters.model_dump()
        values.update({name: value for name, value in self.parameters.items()
                       if name not in explicit})
        checked = type(parameters).model_validate(values)
        return type(parameters).model_construct(_fields_set=explicit, **checked.model_dump())

    def age_profile(self, profile: AgeProfile) -> AgeProfile:
        """The age profile with emergency admission rates at the era's level (every band
        scaled alike); the calibrated profile itself when the era changes nothing."""
        if self.emergency_ratio == 1.0:
            return profile
        setting = self.settings[EMERGENCY_RATES]
        values = {**profile.values, EMERGENCY_RATES: profile[EMERGENCY_RATES]
                  * self.emergency_ratio}
        note = (f"x {self.emergency_ratio:.3f} for era {self.name} ({setting.value} "
                f"per 1000: {setting.source})")
        sources = {**profile.sources, EMERGENCY_RATES: [
            f"{source}; {note}" for source in profile.sources[EMERGENCY_RATES]]}
        return AgeProfile(values, sources)

