"""The workshop dashboard page (``healthsim dashboard`` serves it with Solara).

Why plain Solara rather than Mesa's ``SolaraViz``: SolaraViz (Mesa 3.5.1,
``mesa/visualization/solara_viz.py``) drives one model, rebuilds it as
``type(model)(**flat_keyword_params)`` and plots Mesa ``DataCollector`` columns. The
workshop needs two models stepped in lockstep (A/B), a model built from a validated,
nested ``Scenario``, and this model's own ``Recorder``; so the page is built from
Solara components, with controls generated from the scenario's declarations
(``sim.dashboard.controls``) as SolaraViz's ``model_params`` would be.

State lives per browser page (``use_reactive`` inside the component), so two people
with the page open do not share a run.

Solara components are named like classes (``ChartGrid``), as in Solara and Mesa.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import solara

from sim.dashboard.choices import ArmChoice, Choices
from sim.dashboard.control_widgets import ControlGroup, ControlInput, MigrationPathInput
from sim.dashboard.controls import Path
from sim.dashboard.explain_panel import ExplainPanel
from sim.dashboard.panels import (
    ChartGrid,
    CommissionerPanel,
    HappeningsPanel,
    NetworkPanel,
    NoiseNote,
    StatusBar,
)
from sim.dashboard.session import Session, start_session
from sim.dashboard.session_file import FILENAME, read_session, session_json
from sim.dashboard.story import OpeningCard
from sim.dashboard.words import plural
from sim.dashboard.workshop import (
    PLAY_INTERVAL_SECONDS,
    ControlSet,
    workshop_controls,
    workshop_economy,
)
from sim.errors import UserError
from sim.labels import model_name
from sim.scenario import CommissioningConfig, Scenario

MODEL_PATH = ("commissioning", "model")
TITLE = "healthsim workshop: commissioning a local health economy"
MONTHS_PER_YEAR = 12
DROP_LABEL = "Drop a saved session here to replay it"


def initial_choices() -> Choices:
    """The workshop economy, PCT commissioning, no migration path."""
    return Choices(workshop_economy())


@solara.component
def Dashboard(controls: ControlSet | None = None,  # noqa: N802
              session: solara.Reactive[Session] | None = None):
    """The whole page.

    Args:
        controls: the controls to show (default: read from the declarations now).
        session: where the running session is kept (default: this page's own); tests
            pass one in to look at the models behind the page.
    """
    controls = solara.use_memo(lambda: controls or workshop_controls(), [])
    first = solara.use_memo(
        lambda: None if session is not None else start_session(initial_choices()), [])
    own = solara.use_reactive(first)
    current = session if session is not None else own
    opening = solara.use_memo(lambda: current.value.view(), [])
    view = solara.use_reactive(opening, equals=_same_object)
    error = solara.use_reactive(None)
    playing = solara.use_reactive(False)
    story_shown = solara.use_reactive(True)

    def apply(choices: Choices, months: int = 0) -> None:
        """New settings: a new run, stepped ``months`` months (a reloaded session), or
        the reason they were refused."""
        playing.set(False)
        try:
            fresh = start_session(choices)
        except UserError as refused:
            error.set(str(refused))
            return
        error.set(None)
        current.set(fresh)
        view.set(fresh.step(months) if months else fresh.view())

    _use_play_loop(current, view, playing)
    solara.Title(TITLE)
    with solara.Column(style={"padding": "8px"}):
        OpeningCard(story_shown)
        # the months (right, three quarters) come before the controls (left) in the page,
        # and are drawn to their right: a Step's render reaches its changes in page order,
        # so the new month is sent to the browser before the unchanged controls are checked
        with solara.Columns([3, 1], style={"flex-direction": "row-reverse"}):
            Content(view, error, current.value)
            with solara.Column():
                Transport(current, view, playing, apply)
                SessionFile(current, apply, error)
                SettingsPanel(controls, current.value, apply)


@solara.component
def Content(view: solara.Reactive, error: solara.Reactive, session: Session):  # noqa: N802
    """Everything that changes with the months (only this re-renders on a step)."""
    shown = view.value
    with solara.Column():
        StatusBar(shown, error.value)
        ChartGrid(shown)
        NoiseNote(shown)
        NetworkPanel(shown)
        with solara.ColumnsResponsive(12, large=6):
            CommissionerPanel(shown)
            HappeningsPanel(shown)
        ExplainPanel(session, shown.month)


def _same_object(a: Any, b: Any) -> bool:
    """Views are snapshots: a new one is always news (and deep comparison costs time)."""
    return a is b


def _use_play_loop(current: solara.Reactive[Session], view: solara.Reactive,
                   playing: solara.Reactive[bool]) -> None:
    """While playing, step a month every ``PLAY_INTERVAL_SECONDS`` in a background thread.

    The months keep their nominal pace even where a month's drawing takes longer than
    the interval (a slow laptop, A/B mode): the months due by now are all stepped before
    the screen is updated, so the screen shows fewer frames, not a slower clock. What is
    simulated is the same either way (the screen only reads the models).
    """
    def loop(cancel: threading.Event) -> None:
        session = current.value
        started, played = time.perf_counter(), 0
        while playing.value and not cancel.is_set():
            due = months_due(time.perf_counter() - started, played)
            with session.stepping:
                if not playing.value or not session.step_only(due):
                    break
                if current.value is not session:  # the settings changed meanwhile
                    return
                view.set(session.view())
            played += due
            next_month = started + played * PLAY_INTERVAL_SECONDS
            cancel.wait(max(0.0, next_month - time.perf_counter()))
        if playing.value and session.run.finished:
            playing.set(False)

    solara.use_thread(loop, dependencies=[playing.value, current.value])


def months_due(elapsed: float, played: int) -> int:
    """Months to step now so that ``elapsed`` seconds of Play show one month every
    ``PLAY_INTERVAL_SECONDS`` (at least one: a step was asked for)."""
    return max(1, int(elapsed / PLAY_INTERVAL_SECONDS) + 1 - played)


def _play_or_pause(session: Session, playing: solara.Reactive[bool]) -> None:
    """Pause waits for the month being stepped, so nothing moves after it shows Play."""
    if not playing.value:
        playing.set(True)
        return
    with session.stepping:
        playing.set(False)


@solara.component
def Transport(current: solara.Reactive[Session], view: solara.Reactive,  # noqa: N802
              playing: solara.Reactive[bool], apply):
    """Reset, Step, a year at a time, Play/Pause."""
    session = current.value
    finished = session.run.finished

    def step(months: int) -> None:
        view.set(session.step(months))

    with solara.Card("Run", margin=0):
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            solara.Button("Reset", on_click=lambda: apply(session.choices), color="primary",
                          outlined=True)
            solara.Button("Step", on_click=lambda: step(1), color="primary",
                          disabled=playing.value or finished)
            solara.Button("+1 year", on_click=lambda: step(MONTHS_PER_YEAR), color="primary",
                          disabled=playing.value or finished)
            solara.Button("Pause" if playing.value else "Play",
                          on_click=lambda: _play_or_pause(session, playing), color="primary",
                          disabled=finished and not playing.value)
        solara.Switch(label="Compare two scenarios (A/B)", value=session.choices.b is not None,
                      on_value=lambda on: apply(session.choices.comparing(on)))


@solara.component
def SessionFile(current: solara.Reactive[Session], apply,  # noqa: N802
                error: solara.Reactive):
    """Save the settings and months played as a small file; load one to replay it."""
    with solara.Card("Session", margin=0, classes=["healthsim-session"]):
        solara.FileDownload(lambda: session_json(current.value.choices, current.value.run.month),
                            filename=FILENAME, label="Save this session (settings and months)")
        solara.FileDrop(label=DROP_LABEL, lazy=False,
                        on_file=lambda file: load_session(file, apply, error))


def load_session(file: dict, apply, error: solara.Reactive) -> None:
    """Replay a dropped session file (its months stepped again), or say why not."""
    try:
        choices, months = read_session(file["data"])
    except UserError as refused:
        error.set(f"session file {file.get('name', '')}: {refused}")
        return
    apply(choices, months)


@solara.component
def SettingsPanel(controls: ControlSet, session: Session, apply):  # noqa: N802
    """The economy (shared) and each scenario's settings."""
    choices = session.choices

    def set_economy(path: Path, value: Any) -> None:
        apply(choices.with_economy(path, value))

    with solara.Card("Economy (shared by A and B)", margin=0):
        economy = ArmChoice(values=choices.economy)
        for control in controls.economy:
            ControlInput(control, economy, set_economy)
    for index, scenario in enumerate(session.run.scenarios):
        ArmPanel(controls, choices, index, scenario, apply)


@solara.component
def ArmPanel(controls: ControlSet, choices: Choices, index: int,  # noqa: N802
             scenario: Scenario, apply):
    """One scenario's commissioning model, levers, path and assumptions."""
    label, arm = "AB"[index], choices.arms[index]

    def set_value(path: Path, value: Any) -> None:
        apply(choices.with_arm(index, arm.with_value(path, value)))

    def set_path(name: str) -> None:
        apply(choices.with_arm(index, ArmChoice(arm.values, name)))

    title = f"Scenario {label}" if choices.b is not None else "Scenario"
    with solara.Card(title, margin=0, classes=[f"healthsim-arm-{label}"]):
        MigrationPathInput(arm, set_path)
        _PathNote(arm, scenario)
        ControlGroup("Commissioning model and levers", controls.levers, arm, set_value)
        ControlGroup("Behavioural assumptions", controls.parameters, arm, set_value,
                     expanded=False)
        ControlGroup("Mechanisms at work", controls.mechanisms, arm, set_value,
                     expanded=False)
        if controls.not_shown:
            solara.Text(f"Set in scenario files only: {', '.join(controls.not_shown)}",
                        style={"font-size": "12px", "color": "#666"})


@solara.component
def _PathNote(arm: ArmChoice, scenario: Scenario):  # noqa: N802
    """Say so when a migration path replaces the model chosen below (it sets its own)."""
    chosen = arm.values.get(MODEL_PATH, CommissioningConfig.model_fields["model"].default)
    if scenario.commissioning.model != chosen:
        solara.Text(f"This path starts under {model_name(scenario.commissioning.model)}; "
                    f"its {plural(len(scenario.timeline), 'dated event')} then change"
                    f"{'s' * (len(scenario.timeline) == 1)} the model, so the model chosen "
                    "below is not used.",
                    style={"font-size": "14px", "color": "#8A4B00"})


@solara.component
def Page():  # noqa: N802
    """The page ``solara run sim/dashboard/app.py`` serves."""
    Dashboard()
