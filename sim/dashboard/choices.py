"""What the facilitator has set on the dashboard, and the scenarios it makes.

The economy (population, practices, seed, months) is shared by A and B, so that in A/B
mode both scenarios draw common random numbers and differ only by their levers. Each
scenario is validated by ``sim.scenario`` exactly as a scenario file would be, so the
dashboard cannot run anything a file could not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sim.dashboard.controls import Control, Path
from sim.dashboard.migration_paths import NO_PATH, apply_path
from sim.errors import UserError
from sim.scenario import CommissioningConfig, Scenario, validate_scenario

ARM_LABELS = ("A", "B")


@dataclass(frozen=True)
class ArmChoice:
    """One scenario's settings: field values by path (unset = declared default), and
    the migration path."""

    values: Mapping[Path, Any] = field(default_factory=dict)
    migration: str = NO_PATH

    def with_value(self, path: Path, value: Any) -> ArmChoice:
        return replace(self, values={**self.values, path: value})


@dataclass(frozen=True)
class Choices:
    """Everything the controls hold: the shared economy, scenario A and (A/B mode) B."""

    economy: Mapping[Path, Any]
    a: ArmChoice = ArmChoice()
    b: ArmChoice | None = None

    @property
    def arms(self) -> tuple[ArmChoice, ...]:
        return (self.a,) if self.b is None else (self.a, self.b)

    def with_economy(self, path: Path, value: Any) -> Choices:
        return replace(self, economy={**self.economy, path: value})

    def with_arm(self, index: int, arm: ArmChoice) -> Choices:
        return replace(self, a=arm) if index == 0 else replace(self, b=arm)

    def comparing(self, on: bool) -> Choices:
        """A/B mode on (B starts as a copy of A, so one lever can then be moved) or off."""
        return replace(self, b=self.a if on else None)


def build_scenarios(choices: Choices) -> tuple[Scenario, ...]:
    """Validated scenarios for every arm; ``UserError`` says which setting is wrong."""
    return tuple(build_scenario(choices.economy, arm, label)
                 for arm, label in zip(choices.arms, ARM_LABELS, strict=False))


def build_scenario(economy: Mapping[Path, Any], arm: ArmChoice, label: str) -> Scenario:
    """One arm's scenario: the economy and its levers, validated, then its migration path."""
    data: dict[str, Any] = {"name": f"workshop-{label}"}
    for path, value in {**economy, **arm.values}.items():
        _put(data, path, value)
    base = validate_scenario(data, f"scenario {label}")
    try:
        return apply_path(arm.migration, base)
    except KeyError as error:
        raise UserError(f"scenario {label}: {error.args[0]}") from None


def differences(choices: Choices) -> list[Path]:
    """Paths where B's settings differ from A's (for the "B differs from A in" line)."""
    if choices.b is None:
        return []
    keys = set(choices.a.values) | set(choices.b.values)
    changed = [k for k in keys if choices.a.values.get(k) != choices.b.values.get(k)]
    if choices.a.migration != choices.b.migration:
        changed.append(("migration",))
    return sorted(changed)


def _put(data: dict, path: Path, value: Any) -> None:
    for name in path[:-1]:
        data = data.setdefault(name, {})
    data[path[-1]] = value


def shown_value(control: Control, arm: ArmChoice) -> Any:
    """What a control shows: the value set, else the declared default."""
    return arm.values.get(control.path, control.default)


def model_default(control: Control, arm: ArmChoice) -> Any:
    """For an optional commissioning lever, the chosen model's own value (else None).

    Unset levers take the commissioning model's default (``sim.commissioning.rule_sets``);
    the control shows that value, so the room sees what "unset" means for this model.
    """
    if not control.optional or control.path[:1] != ("commissioning",):
        return None
    model_path = ("commissioning", "model")
    model = arm.values.get(model_path, CommissioningConfig.model_fields["model"].default)
    rules = CommissioningConfig(model=model).rules()
    return getattr(rules, control.path[-1], None)
