"""Dashboard controls read from the model's own declarations (pydantic fields).

Every slider, switch and menu on the dashboard is built here from a field of
``sim.scenario`` or ``sim.parameters``: its label from the field's description (or a
parameter's unit), its range from the field's ``ge``/``le`` bounds, its choices from a
``Literal`` annotation. Nothing is declared a second time, so a changed bound or a new
commissioning lever shows on the dashboard without touching it (Mesa's examples declare
each parameter three times; see the style notes).
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import dataclass, replace
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

ControlKind = Literal["slider_float", "slider_int", "number", "select", "switch"]
Path = tuple[str, ...]

SLIDER_POSITIONS = 100  # assumption: a float slider moves in about 100 steps (readable)
MAX_INT_SLIDER_RANGE = 1000  # assumption: past 1,000 positions a slider cannot hit a value;
# wider whole-number ranges (people, seed) get a typed box


@dataclass(frozen=True)
class Control:
    """One adjustable scenario field, as the dashboard shows it.

    Attributes:
        path: where the value goes in a scenario, e.g. ``("commissioning", "savings_share")``.
        label: what the room reads: the field's description (a parameter's unit).
        note: longer text shown as help (a parameter's source), or "".
        kind: which widget shows it.
        default: the declared default (None: the commissioning model's own default).
        minimum, maximum, step: the range (sliders and number boxes), else None.
        options: the allowed values of a menu, else ().
        optional: None is allowed and means "the commissioning model's default".
    """

    path: Path
    label: str
    note: str
    kind: ControlKind
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    options: tuple = ()
    optional: bool = False

    @property
    def key(self) -> str:
        """The dotted path, as in scenario files and error messages."""
        return ".".join(self.path)

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not allowed here (None if it is): for typed number boxes."""
        if value is None:
            return None if self.optional else f"{self.label}: a value is needed"
        if self.minimum is not None and value < self.minimum:
            return f"{self.label}: at least {self.minimum:,g} (got {value:,g})"
        if self.maximum is not None and value > self.maximum:
            return f"{self.label}: at most {self.maximum:,g} (got {value:,g})"
        return None


class UnsupportedFieldError(TypeError):
    """A field whose type has no dashboard widget (it stays a scenario-file setting)."""


def field_at(model: type[BaseModel], path: Path) -> FieldInfo:
    """The pydantic field at ``path`` below ``model`` (nested models followed)."""
    for depth, name in enumerate(path):
        if name not in model.model_fields:
            raise KeyError(f"{'.'.join(path[:depth + 1])} is not a field of {model.__name__}")
        field = model.model_fields[name]
        if depth == len(path) - 1:
            return field
        model = field.annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise KeyError(f"{'.'.join(path[:depth + 1])} has no fields below it")
    raise KeyError("an empty path names no field")


def control_for(model: type[BaseModel], path: Path) -> Control:
    """The control for the field at ``path`` below ``model`` (e.g. ``Scenario``)."""
    return control_from_field(path, field_at(model, path))


def controls_for(model: type[BaseModel], prefix: Path = (),
                 names: typing.Iterable[str] | None = None) -> tuple[list[Control], list[str]]:
    """Controls for every field of ``model`` (or those ``names``), and the fields left out.

    ``prefix`` is where ``model`` sits in a scenario (``("commissioning",)``). Fields of
    a type no widget shows (lists, nested models) are returned by name, not dropped
    silently, so the panel can say they are set in scenario files only.
    """
    controls, left_out = [], []
    for name in (model.model_fields if names is None else names):
        try:
            controls.append(control_for(model, (name,)))
        except UnsupportedFieldError:
            left_out.append(name)
    return [_with_prefix(c, prefix) for c in controls], left_out


def control_from_field(path: Path, field: FieldInfo) -> Control:
    """Build one control from a pydantic field's annotation and metadata."""
    annotation, optional = _strip_none(field.annotation)
    label, note = _label_and_note(field, path[-1])
    default = field.default
    if typing.get_origin(annotation) is Literal:
        return Control(path, label, note, "select", default, options=typing.get_args(annotation),
                       optional=optional)
    if annotation is bool:
        return Control(path, label, note, "switch", default, optional=optional)
    if annotation in (int, float):
        low, high = _bounds(field)
        if low is None or high is None:
            raise UnsupportedFieldError(f"{'.'.join(path)} has no declared range")
        if annotation is float:
            return Control(path, label, note, "slider_float", default, low, high,
                           _float_step(low, high), optional=optional)
        kind = "slider_int" if high - low <= MAX_INT_SLIDER_RANGE else "number"
        return Control(path, label, note, kind, default, low, high, 1, optional=optional)
    raise UnsupportedFieldError(f"{'.'.join(path)}: no widget for {annotation!r}")


def _with_prefix(control: Control, prefix: Path) -> Control:
    return replace(control, path=prefix + control.path)


def _strip_none(annotation) -> tuple[Any, bool]:
    """``X | None`` -> (X, True); anything else -> (annotation, False)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(typing.get_args(annotation))
    return annotation, False


def _label_and_note(field: FieldInfo, name: str) -> tuple[str, str]:
    """Parameters carry a unit (what the number is) and a source; others a description."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    unit = str(extra.get("unit", ""))
    description = field.description or ""
    if unit:
        return unit, description
    return description or name.replace("_", " "), ""


def _bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The inclusive bounds (``ge``, ``le``); exclusive ones do not make a slider's ends."""
    low = high = None
    for item in field.metadata:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Le):
            high = item.le
    return low, high


def _float_step(low: float, high: float) -> float:
    """A round step giving at least ``SLIDER_POSITIONS`` positions (0-1 -> 0.01)."""
    span = (high - low) / SLIDER_POSITIONS
    return 10.0 ** math.floor(math.log10(span)) if span > 0 else 1.0
