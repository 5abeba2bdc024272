"""Solara widgets for the controls: one widget per declared field.

The widget kind, label, range and choices all come from the ``Control`` (itself read
from the field's declaration). Optional commissioning levers show the chosen model's own
value until moved, with a button to go back to it, so "unset" is never a mystery.

Solara components are named like classes (``ChartGrid``), as in Solara and Mesa.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reacton.ipyvuetify as rv
import solara

from sim.dashboard.choices import ArmChoice, model_default, shown_value
from sim.dashboard.controls import Control, Path
from sim.dashboard.migration_paths import migration_paths
from sim.dashboard.words import MIGRATION_LABEL, option_name

OnValue = Callable[[Path, Any], None]
LABEL_STYLE = {"font-size": "15px", "color": "#333"}


def default_text(default: Any) -> str:
    """The menu entry meaning "the model's own value"."""
    return f"The model's own: {option_name(default)}"


@solara.component
def ControlInput(control: Control, arm: ArmChoice, on_value: OnValue):  # noqa: N802
    """The widget for one control, showing the arm's value (or the default)."""
    value, default = shown_value(control, arm), model_default(control, arm)
    explicit = value is not None
    if not explicit:
        value = default
    widget = _WIDGETS[control.kind]
    with solara.Column(gap="0px", style={"margin-bottom": "8px"},
                       classes=[css_class(control) + "-box"]):
        widget(control, value, lambda new: on_value(control.path, new), default, explicit)
        if control.optional and control.kind != "select":
            _DefaultLine(control, arm, default, on_value)
        if control.note:
            solara.Text(control.note, style={"font-size": "12px", "color": "#666"})


@solara.component
def _DefaultLine(control: Control, arm: ArmChoice, default: Any, on_value: OnValue):  # noqa: N802
    if shown_value(control, arm) is None:
        solara.Text("= the model's default", style={"font-size": "13px", "color": "#666"})
    else:
        solara.Button(f"back to the model's default ({default})", text=True, small=True,
                      on_click=lambda: on_value(control.path, None))


def _slider_float(control: Control, value: Any, set_value, default: Any, explicit: bool):
    _Slider(control, float(_or_low(control, value)), set_value, float)


def _slider_int(control: Control, value: Any, set_value, default: Any, explicit: bool):
    _Slider(control, int(_or_low(control, value)), set_value, int)


@solara.component
def _Slider(control: Control, value: float, set_value, cast):  # noqa: N802
    """A slider that moves freely and applies its value once let go.

    Every applied value rebuilds the economy (a new run from month 0), so applying on
    each pixel of a drag would queue dozens of rebuilds; the thumb follows the drag
    locally and the value is applied on the slider's ``change`` (release, click, key).
    """
    position = solara.use_reactive(value)  # follows ``value`` when it changes outside
    solara.Text(control.label, style=LABEL_STYLE)
    slider = rv.Slider(v_model=position.value, on_v_model=position.set,
                       min=control.minimum, max=control.maximum, step=control.step,
                       thumb_label="always", hide_details=True, class_=css_class(control),
                       style_="margin-top: 28px")
    rv.use_event(slider, "change", lambda _widget, _event, data: set_value(cast(data)))


def css_class(control: Control) -> str:
    """A stable CSS class naming the control's field, for tests and style sheets."""
    return "control-" + "-".join(control.path)


def _or_low(control: Control, value: Any) -> Any:
    """A slider needs a number: an unset value with no model default sits at the low end."""
    return control.minimum if value is None else value


def _switch(control: Control, value: Any, set_value, default: Any, explicit: bool):
    solara.Switch(label=control.label, value=bool(value), on_value=set_value)


def _select(control: Control, value: Any, set_value, default: Any, explicit: bool):
    """A menu showing each value in words (``lcp`` -> "Local clinical partnership")."""
    named = [option_name(o) for o in control.options]
    options = [default_text(default), *named] if control.optional else named

    def choose(text: str) -> None:
        set_value(control.options[named.index(text)] if text in named else None)

    current = (default_text(default) if control.optional and not explicit
               else option_name(value))
    solara.Select(control.label, values=options, value=current, on_value=choose)


@solara.component
def _number(control: Control, value: Any, set_value, default: Any, explicit: bool):
    problem, set_problem = solara.use_state(None)

    def typed(new: int | None) -> None:
        why = control.check(new)
        set_problem(why)
        if why is None:
            set_value(new)

    solara.InputInt(control.label, value=value, on_value=typed, continuous_update=False)
    if problem:
        solara.Text(f"not applied: {problem}", style={"color": "#B00020", "font-size": "13px"})


_WIDGETS = {"slider_float": _slider_float, "slider_int": _slider_int, "switch": _switch,
            "select": _select, "number": _number}


@solara.component
def MigrationPathInput(arm: ArmChoice, on_path: Callable[[str], None]):  # noqa: N802
    """The migration path menu: ``sim.timeline.paths.PATHS``."""
    names = list(migration_paths())
    shown = [option_name(name) for name in names]
    current = names.index(arm.migration) if arm.migration in names else 0
    with solara.Column(classes=["control-migration-box"]):
        solara.Select(MIGRATION_LABEL, values=shown, value=shown[current],
                      on_value=lambda text: on_path(names[shown.index(text)]))


@solara.component
def ControlGroup(title: str, controls: Sequence[Control], arm: ArmChoice, on_value: OnValue,  # noqa: N802
                 expanded: bool = True):
    """A titled group of controls (collapsed groups keep the panel short).

    As ``solara.Details``, but a collapsed group's controls are not made at all: the
    page is re-reconciled on every Step, and the two collapsed groups of each scenario
    held most of its widgets (a Step on the server in A/B mode, headless: 57 ms with
    them made, 53 ms without; December 2026)."""
    if not controls:
        return
    shown, show = solara.use_state(expanded)
    with rv.ExpansionPanels(v_model=0 if shown else None,
                            on_v_model=lambda panel: show(panel == 0)), rv.ExpansionPanel():
        rv.ExpansionPanelHeader(children=[title])
        with rv.ExpansionPanelContent():
            if shown:
                for control in controls:
                    ControlInput(control, arm, on_value)
