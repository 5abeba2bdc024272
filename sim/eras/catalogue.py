"""The eras the model knows, read from ``sim/data/eras.csv``, and which one a start date
selects.

The table has one row per era and setting (``era, setting, value, unit, source``), so
every number has its unit and source beside it. Settings:

- ``label``, ``first_start``, ``last_start``: what the era is and which start months
  (YYYY-MM, inclusive) select it;
- ``calibrated``: the era whose rates the package's defaults and age profile hold;
- ``trust_contracts`` (``pbr`` | ``block``) and ``marginal_emergency_rule``;
- ``price_level`` and ``deflated``: money parameters (named) scale with the price level;
- ``emergency_admissions_per_1000``: the era's all-ages rate (scales the age profile
  against the calibrated era's);
- ``allocation_year``, ``allocation_per_head``, ``allocation_growth``;
- ``fundholding_entry``, ``fundholding_preparation_years``, ``fundholding_budget``,
  ``fundholding_purchasing``, ``fundholding_min_list_size_from_<year>``: the 1990s
  scheme (``sim.eras.settings.FundholdingScheme``);
- ``parameters.<name>``: a parameter's value in the era.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from sim.eras.settings import AllocationBase, Era, FundholdingScheme, ListSizeThreshold, Setting
from sim.parameters import Parameters

PARAMETER_PREFIX = "parameters."
THRESHOLD_PREFIX = "fundholding_min_list_size_from_"
SCALARS = {"label", "first_start", "last_start", "calibrated", "trust_contracts",
           "marginal_emergency_rule", "price_level", "deflated",
           "emergency_admissions_per_1000", "allocation_year", "allocation_per_head",
           "allocation_growth", "fundholding_entry", "fundholding_preparation_years",
           "fundholding_budget", "fundholding_purchasing"}


@cache
def eras() -> tuple[Era, ...]:
    """Every era in the table, earliest first."""
    path = resources.files("sim") / "data" / "eras.csv"
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    table: dict[str, dict[str, Setting]] = {}
    for row in rows:
        table.setdefault(row["era"], {})[row["setting"]] = Setting(
            row["value"], row["unit"], row["source"])
    reference = _reference_emergency_rate(table)
    built = [_build(name, settings, reference) for name, settings in table.items()]
    return tuple(sorted(built, key=lambda era: era.first_start))


def era_for_start(start: str) -> Era:
    """The era a scenario starting in month ``start`` (YYYY-MM) runs in.

    Raises ValueError naming every era and its start dates when none covers it.
    """
    for era in eras():
        if era.covers(start):
            return era
    raise ValueError(f"'{start}' is outside every era the model has settings for; "
                     f"a scenario must start in one of: {eras_text()}")


def era_named(name: str) -> Era:
    """The era called ``name`` (KeyError if there is none)."""
    for era in eras():
        if era.name == name:
            return era
    raise KeyError(name)


def eras_text() -> str:
    """``name (starts A to B)`` for every era, for messages."""
    return "; ".join(f"{era.name} (starts {era.span}: {era.label})" for era in eras())


def _reference_emergency_rate(table: dict[str, dict[str, Setting]]) -> float:
    """The calibrated era's all-ages emergency rate, which the age profile reproduces."""
    calibrated = [settings for settings in table.values()
                  if _flag(settings.get("calibrated", Setting("false", "", "")))]
    if len(calibrated) != 1:
        raise ValueError("sim/data/eras.csv: exactly one era must be calibrated")
    return float(calibrated[0]["emergency_admissions_per_1000"].value)


def _build(name: str, settings: dict[str, Setting], reference: float) -> Era:
    _check_known(name, settings)
    price_level = float(settings["price_level"].value)
    return Era(
        name=name,
        label=settings["label"].value,
        first_start=settings["first_start"].value,
        last_start=settings["last_start"].value,
        calibrated=_flag(settings.get("calibrated", Setting("false", "", ""))),
        parameters=_parameters(settings, price_level),
        emergency_ratio=float(settings["emergency_admissions_per_1000"].value) / reference,
        trust_contracts=settings["trust_contracts"].value,
        marginal_emergency_rule=_flag(settings["marginal_emergency_rule"]),
        allocation=_allocation(settings),
        fundholding=_fundholding(settings),
        settings=settings,
    )


def _check_known(name: str, settings: dict[str, Setting]) -> None:
    for setting in settings:
        known = (setting in SCALARS or setting.startswith(THRESHOLD_PREFIX)
                 or setting.startswith(PARAMETER_PREFIX)
                 and setting.removeprefix(PARAMETER_PREFIX) in Parameters.model_fields)
        if not known:
            raise ValueError(f"sim/data/eras.csv: era {name}: unknown setting {setting!r}")


def _parameters(settings: dict[str, Setting], price_level: float) -> dict[str, float]:
    """Deflated money parameters, then the era's explicit values (which win)."""
    values: dict[str, float] = {}
    if price_level != 1.0:
        for name in settings["deflated"].value.split():
            values[name] = Parameters.model_fields[name].default * price_level
    for setting, row in settings.items():
        if setting.startswith(PARAMETER_PREFIX):
            values[setting.removeprefix(PARAMETER_PREFIX)] = float(row.value)
    return values


def _allocation(settings: dict[str, Setting]) -> AllocationBase | None:
    if "allocation_per_head" not in settings:
        return None
    return AllocationBase(year=int(settings["allocation_year"].value),
                          per_head=float(settings["allocation_per_head"].value),
                          growth=float(settings["allocation_growth"].value))


def _fundholding(settings: dict[str, Setting]) -> FundholdingScheme | None:
    thresholds = tuple(sorted(
        (ListSizeThreshold(int(setting.removeprefix(THRESHOLD_PREFIX)), int(row.value))
         for setting, row in settings.items() if setting.startswith(THRESHOLD_PREFIX)),
        key=lambda threshold: threshold.from_year))
    if not thresholds:
        return None
    return FundholdingScheme(
        thresholds=thresholds,
        preparation_years=int(settings["fundholding_preparation_years"].value),
        entry=settings["fundholding_entry"].value,
        budget=settings["fundholding_budget"].value,
        purchasing=settings["fundholding_purchasing"].value)


def _flag(setting: Setting) -> bool:
    return setting.value.strip().lower() == "true"
