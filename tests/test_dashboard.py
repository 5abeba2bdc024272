"""The workshop dashboard without a browser: controls, stepping, A/B lockstep, panels.

Pages are rendered headless with ``solara.render`` and driven through their widgets
(``ipyvuetify`` sliders, selects, buttons), as Mesa's own SolaraViz tests do; the
browser test (``test_dashboard_browser.py``) checks the same page in Chromium.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from importlib.metadata import version

import ipyvuetify as v
import ipywidgets as widgets
import pandas as pd
import pytest
import solara
from helpers import cli
from pydantic import Field, create_model
from solara.components.file_drop import FileDropZone

from sim.commissioning import MODELS
from sim.dashboard import charts, happenings, story
from sim.dashboard.app import DROP_LABEL, Dashboard, initial_choices, load_session, months_due
from sim.dashboard.choices import ArmChoice, Choices, build_scenarios
from sim.dashboard.commissioner_table import commissioner_rows, year_share_gone
from sim.dashboard.control_widgets import MIGRATION_LABEL, css_class
from sim.dashboard.controls import Control, control_for, controls_for
from sim.dashboard.figure import BoxedEchartsWidget
from sim.dashboard.lockstep import LockstepRun
from sim.dashboard.migration_paths import migration_paths
from sim.dashboard.network_view import (
    ENGAGEMENT_STEP,
    ENGAGEMENT_STOPS,
    engagement_colour,
    network_option,
)
from sim.dashboard.request_guard import allowed_host, allowed_origin
from sim.dashboard.server import is_loopback, start_server
from sim.dashboard.session import start_session
from sim.dashboard.session_file import read_session, session_json
from sim.dashboard.time_axis import echarts_x_axes, time_axis
from sim.dashboard.view import ViewBuilder
from sim.dashboard.words import option_name, plural, share_words
from sim.dashboard.workshop import (
    PLAY_INTERVAL_SECONDS,
    WORKSHOP_PARAMETERS,
    WORKSHOP_PRACTICES,
    WORKSHOP_SIZE,
    ControlSet,
    in_words,
    lever_controls,
    workshop_controls,
)
from sim.errors import UserError
from sim.labels import MODEL_NAMES, signed
from sim.parameters import Parameters
from sim.scenario import CommissioningConfig, PopulationConfig, Scenario

MODEL = ("commissioning", "model")
SMALL = {("population", "size"): 20_000, ("population", "practices"): 4, ("seed",): 3,
         ("months",): 30}  # a fast economy where the bigger one is not needed


def render(choices: Choices | None = None, controls: ControlSet | None = None):
    """A rendered dashboard and the reactive holding its session."""
    session = solara.reactive(start_session(choices or initial_choices()))
    _, rc = solara.render(Dashboard(controls=controls, session=session), handle_error=False)
    return rc, session


def texts(rc) -> list[str]:
    """Every piece of text on the page."""
    return [w.children[0] for w in rc.find(v.Html).widgets
            if w.children and isinstance(w.children[0], str)]


def click(rc, label: str) -> None:
    rc.find(v.Btn, children=[label]).widget.click()


def open_groups(rc) -> None:
    """Open every collapsed control group, as clicks on their headers do (a collapsed
    group makes no widgets: ``sim.dashboard.control_widgets.ControlGroup``)."""
    for panels in rc.find(v.ExpansionPanels).widgets:
        if panels.v_model is None:
            panels.v_model = 0


def slider(rc, path: tuple[str, ...]) -> v.Slider:
    return rc.find(v.Slider, class_=css_class(_control(path))).widget


def _control(path: tuple[str, ...]) -> Control:
    return control_for(Scenario, path)


def shown_label(path: tuple[str, ...]) -> str:
    """The control's name on the page (plain words over the declared description)."""
    return in_words([_control(path)])[0].label


def move(widget: v.Slider, value: float) -> None:
    """What a user does: drag (v_model follows) and let go (the change event)."""
    widget.v_model = value
    widget.fire_event("change", value)


# --- controls come from the declarations -------------------------------------------------
def test_every_commissioning_field_has_a_control_with_its_declared_range():
    controls, left_out = lever_controls()
    assert left_out == []
    assert [c.path[-1] for c in controls] == list(CommissioningConfig.model_fields)
    for control in controls:
        field = CommissioningConfig.model_fields[control.path[-1]]
        assert control.label == field.description
        if control.kind == "slider_float":
            bounds = {type(m).__name__: m for m in field.metadata}
            assert (control.minimum, control.maximum) == (bounds["Ge"].ge, bounds["Le"].le)
    model = next(c for c in controls if c.path == MODEL)
    assert model.kind == "select"
    assert model.options == ("pct", "fundholding", "pbc", "consortia", "lcp")


def test_parameter_controls_show_unit_source_and_bounds():
    control = control_for(Scenario, ("parameters", "approval_delay_months"))
    assert control.label == Parameters().unit("approval_delay_months")
    assert control.note == Parameters().source("approval_delay_months")
    assert (control.minimum, control.maximum, control.default) == (0, 60, 12)
    assert [c.path[-1] for c in workshop_controls().parameters] == list(WORKSHOP_PARAMETERS)


def test_wide_whole_numbers_get_a_box_and_narrow_ones_a_slider():
    assert control_for(Scenario, ("population", "size")).kind == "number"
    assert control_for(Scenario, ("months",)).kind == "slider_int"
    assert control_for(Scenario, ("commissioning", "handcuffs")).kind == "switch"
    trust_payment = control_for(Scenario, ("commissioning", "trust_payment"))
    assert (trust_payment.kind, trust_payment.optional) == ("select", True)


def test_each_mechanism_gets_a_switch():
    switches = workshop_controls().mechanisms
    assert [c.path for c in switches] == [("mechanisms", name)
                                          for name in Scenario.model_fields["mechanisms"]
                                          .annotation.model_fields]
    assert {c.kind for c in switches} == {"switch"}
    rc, session = render(Choices(SMALL))
    open_groups(rc)
    block = rc.find(v.Switch, label=switches[0].label).widget
    block.v_model = False
    assert getattr(session.value.run.scenarios[0].mechanisms, switches[0].path[-1]) is False


def test_offline_assets_match_solara():
    """solara-assets serves Solara's front end offline only at Solara's own version."""
    assert version("solara-assets") == version("solara") == solara.__version__


def test_fields_without_a_widget_are_listed_not_dropped():
    odd = create_model("Odd", names=(list[str], []), share=(float, Field(0.5, ge=0, le=1)))
    controls, left_out = controls_for(odd)
    assert [c.path for c in controls] == [("share",)]
    assert left_out == ["names"]


def test_the_page_shows_the_declared_ranges():
    rc, _ = render()
    open_groups(rc)
    share = slider(rc, ("commissioning", "savings_share"))
    assert (share.min, share.max, share.step) == (0, 1, 0.01)
    delay = slider(rc, ("parameters", "approval_delay_months"))
    assert (delay.min, delay.max, delay.v_model) == (0, 60, 12)
    assert shown_label(("commissioning", "savings_share")) in texts(rc)


def test_changing_a_declared_bound_changes_the_slider():
    """A copy of [commissioning] with a narrower lever: the page follows the declaration."""
    narrower = create_model(
        "NarrowerCommissioning", __base__=CommissioningConfig,
        savings_share=(float | None, Field(None, ge=0.1, le=0.8,
                                           description="share kept by practices (test)")))
    levers, _ = controls_for(narrower, ("commissioning",))
    controls = ControlSet(**{**workshop_controls().__dict__, "levers": levers})
    rc, _ = render(controls=controls)
    share = slider(rc, ("commissioning", "savings_share"))
    assert (share.min, share.max) == (0.1, 0.8)
    assert "share kept by practices (test)" in texts(rc)


def test_an_unset_lever_shows_the_models_own_value():
    rc, session = render()
    assert slider(rc, ("commissioning", "savings_share")).v_model == 0.0  # pct keeps none
    rc.find(v.Select, label=shown_label(MODEL)).widget.v_model = "Local clinical partnership"
    assert session.value.run.scenarios[0].commissioning.model == "lcp"
    assert slider(rc, ("commissioning", "savings_share")).v_model == 0.5  # lcp's default
    assert session.value.run.scenarios[0].commissioning.savings_share is None
    move(slider(rc, ("commissioning", "savings_share")), 0.7)
    assert session.value.run.scenarios[0].commissioning.savings_share == 0.7
    click(rc, "back to the model's default (0.5)")
    assert session.value.run.scenarios[0].commissioning.savings_share is None
    assert slider(rc, ("commissioning", "savings_share")).v_model == 0.5


# --- stepping ----------------------------------------------------------------------------
def test_the_workshop_economy_is_derived_from_the_declarations():
    real = PopulationConfig()
    assert WORKSHOP_SIZE == 150_000  # 1.5 x the partnership minimum of 100,000
    assert round(WORKSHOP_SIZE / (real.size / real.practices)) == WORKSHOP_PRACTICES
    scenario = build_scenarios(initial_choices())[0]
    assert (scenario.population.size, scenario.population.practices) == (150_000, 23)


def test_step_and_a_year_advance_the_model_and_the_charts():
    rc, session = render()
    assert session.value.run.month == 0
    assert any(t.startswith("ready: 0 of 120") for t in texts(rc))
    click(rc, "Step")
    assert session.value.run.month == 1
    assert "April 2010: month 1 of 120" in texts(rc)
    click(rc, "+1 year")
    assert session.value.run.month == 13
    option = rc.find(BoxedEchartsWidget).widgets[0].option.data
    assert option["title"]["text"] == "Emergency admissions"
    line = series_named(option, "Emergency admissions")["data"]
    assert len(line) == 13  # the run starts in April: no months drawn before it
    recorded = session.value.run.models[0].recorder.timeseries()
    first_month = recorded["emergency_admissions_per_1000"].iloc[0]
    last_year = recorded.iloc[1:13]  # the rolling year ending in the 13th month
    assert line[0] == pytest.approx(first_month, rel=1e-3)
    assert line[-1] == pytest.approx(
        last_year["emergency_admissions"].sum() * 1000 / last_year["population"].mean(),
        rel=1e-3)


def series_named(option: dict, name: str) -> dict:
    return next(series for series in option["series"] if series["name"] == name)


def test_moving_a_slider_restarts_the_run_with_the_new_value():
    rc, session = render()
    click(rc, "Step")
    before = session.value
    open_groups(rc)
    move(slider(rc, ("parameters", "approval_delay_months")), 30.0)
    assert session.value is not before
    assert session.value.run.month == 0
    assert session.value.run.scenarios[0].parameters.approval_delay_months == 30.0


def test_a_refused_setting_says_why_and_keeps_the_run():
    rc, session = render()
    before = session.value
    size = rc.find(v.TextField, label=shown_label(("population", "size"))).widget
    type_in(size, "150")  # valid on its own, but fewer than 10 people per practice
    assert session.value is before
    assert any("population.size" in t and "10 people per practice" in t
               for t in _alert_texts(rc))
    type_in(size, "50")  # below the declared minimum of 100: refused by the control
    assert any("at least 100" in t for t in texts(rc))


def type_in(field: v.TextField, text: str) -> None:
    """Type into a box and leave it (number boxes apply on leaving, or on Enter)."""
    field.v_model = text
    field.fire_event("focusout", None)


def _alert_texts(rc) -> list[str]:
    return [str(c) for w in rc.find(v.Alert).widgets for c in w.children]


def test_play_steps_in_the_background_until_paused():
    choices = Choices(SMALL)
    rc, session = render(choices)
    click(rc, "Play")
    rc.find(v.Btn, children=["Pause"]).wait_for(timeout=20)
    deadline_months = 2
    _wait(lambda: session.value.run.month >= deadline_months, seconds=30)
    click(rc, "Pause")
    stopped = session.value.run.month
    _wait(lambda: rc.find(v.Btn, children=["Play"]).widgets, seconds=10)
    assert session.value.run.month - stopped <= 1  # at most the month in progress


def _wait(condition, seconds: float) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


# --- A/B mode ----------------------------------------------------------------------------
def test_ab_mode_runs_two_scenarios_in_lockstep_with_common_random_numbers():
    rc, session = render()
    rc.find(v.Switch, label="Compare two scenarios (A/B)").widget.v_model = True
    assert len(session.value.run.models) == 2
    selects = rc.find(v.Select, label=shown_label(MODEL)).widgets
    selects[1].v_model = "Local clinical partnership"  # B; A stays with the PCT
    a, b = session.value.run.scenarios
    assert (a.commissioning.model, b.commissioning.model) == ("pct", "lcp")
    assert a.seed == b.seed and a.population == b.population
    for _ in range(2):
        click(rc, "+1 year")
    models = session.value.run.models
    assert [m.month for m in models] == [24, 24]
    frame_a, frame_b = (m.recorder.timeseries() for m in models)
    for column in ("births", "deaths", "registrations", "leavers", "population"):
        # common random numbers: the first month agrees; after it deaths follow care
        # (sim.outcomes.acute_events), so the two runs drift apart only a little
        assert frame_a[column].iloc[0] == frame_b[column].iloc[0], column
        assert frame_b[column].sum() == pytest.approx(frame_a[column].sum(), rel=0.03), column
    assert frame_b["population_covered_lcp"].iloc[-1] > 0
    assert frame_b["emergency_admissions"].sum() != frame_a["emergency_admissions"].sum()
    option = rc.find(BoxedEchartsWidget).widgets[0].option.data
    assert [s["name"] for s in option["series"] if not s.get("silent")] == [
        "A: Emergency admissions", "B: Emergency admissions"]
    assert option["title"]["subtext"].startswith("B - A so far: ")


def test_b_starts_as_a_copy_of_a_and_switching_off_keeps_a():
    choices = Choices(SMALL, ArmChoice({MODEL: "consortia"}))
    both = choices.comparing(True)
    assert both.b == both.a
    assert both.comparing(False).arms == (choices.a,)


def test_lockstep_refuses_scenarios_without_common_random_numbers():
    a = Scenario(name="a", population={"size": 5000, "practices": 4}, months=12)
    with pytest.raises(UserError, match="same seed, population"):
        LockstepRun([a, a.with_overrides(name="b", seed=2)])
    with pytest.raises(UserError, match="same 'start' and 'months'"):
        LockstepRun([a, a.with_overrides(name="b", months=13)])


# --- migration paths -----------------------------------------------------------------------
def test_the_migration_paths_of_sim_migration_are_offered_and_run():
    rc, session = render()
    menu = rc.find(v.Select, label=MIGRATION_LABEL).widget
    assert menu.items == [option_name(name) for name in migration_paths()]
    assert {"Big bang", "Slow burn", "White Paper 2013"} <= set(menu.items)
    menu.v_model = "Big bang"
    scenario = session.value.run.scenarios[0]
    assert [event.event for event in scenario.timeline] == ["invite_bids"]
    assert ("This path starts under Practice-based commissioning; its 1 dated event then "
            "changes the model, so the model chosen below is not used.") in texts(rc)
    for _ in range(13):  # the big bang is in April 2011
        click(rc, "Step")
    said = [text for _, text in session.value.run.happenings[0].recent]
    assert any(text.startswith("Policy: Big bang: the PCT invites groups to bid")
               for text in said)
    assert session.value.run.models[0].commissioning.commissioners


# --- what is drawn -------------------------------------------------------------------------
def test_charts_find_new_columns_by_prefix():
    frame = pd.DataFrame({"emergency_admissions_per_1000": [100.0], "spend_acute": [2e6],
                          "spend_new_line": [1e6], "spend_unused": [0.0],
                          "spend_total": [3e6], "budget_total": [3.5e6],
                          "population_covered_pct": [900], "population_covered_lcp_stage_2":
                          [100], "population_covered_fundholding": [0]})
    spend = charts._spend_of(0)([frame])
    assert [line.name for line in spend] == ["Acute", "New line", "Allocation"]
    coverage = charts._coverage_lines([frame])
    assert [line.name for line in coverage] == ["PCT commissioning",
                                                "Local clinical partnership, stage 2"]


def test_network_colour_follows_engagement():
    assert engagement_colour(0.0) == ENGAGEMENT_STOPS[0]
    assert engagement_colour(1.0) == ENGAGEMENT_STOPS[-1]
    assert engagement_colour(2.0) == ENGAGEMENT_STOPS[-1]
    run = LockstepRun(build_scenarios(Choices(SMALL, ArmChoice({MODEL: "fundholding"}))))
    builder = ViewBuilder(run)
    start = {n["name"]: n["itemStyle"]["color"] for n in builder.build().arms[0].network.data[
        "series"][0]["data"]}
    assert len(start) == run.models[0].network.number_of_nodes()
    for _ in range(12):
        run.step()
    graph = run.models[0].network
    now = network_option(graph, builder.positions, "t")["series"][0]["data"]
    gp = next(n for n in now if n["name"].startswith("gp_"))
    agent = graph.nodes[gp["name"]]["agent"]
    shown = round(agent.engagement / ENGAGEMENT_STEP) * ENGAGEMENT_STEP
    assert gp["itemStyle"]["color"] == engagement_colour(shown)
    assert gp["itemStyle"]["color"] != start[gp["name"]]


def test_commissioner_table_gives_budget_to_date_and_surplus():
    run = LockstepRun(build_scenarios(initial_choices().with_arm(0, ArmChoice({MODEL: "lcp"})
                                                                   )))
    for _ in range(15):  # to June 2011: partnership formed in April
        run.step()
    model = run.models[0]
    rows = commissioner_rows(model)
    assert [r.name for r in rows] == [c.name for c in model.commissioning.commissioners]
    assert year_share_gone(model) == pytest.approx(3 / 12)
    row, body = rows[0], model.commissioning.commissioners[0]
    assert row.budget_to_date == pytest.approx(body.year.budget_total * 3 / 12)
    assert row.surplus_to_date == pytest.approx(row.budget_to_date - body.year.outturn_total)
    assert row.real_share == pytest.approx(1.0)  # a partnership's budget is real
    assert row.cells()[:2] == (body.name, "lcp stage 3")


def test_happenings_name_the_events_behind_the_lines():
    run = LockstepRun(build_scenarios(initial_choices().with_arm(0, ArmChoice({MODEL: "lcp"})
                                                                   )))
    for _ in range(24):
        run.step()
    said = [text for _, text in run.happenings[0].recent]
    assert any("commissioner formed (lcp_00)" in t for t in said)
    assert any("on a block contract" in t for t in said)
    assert any(t.startswith("lcp_00 closed 2011-12 GBP") for t in said)
    assert len(run.happenings[0].recent) <= happenings.KEEP


EXPLAIN_WAIT_S = 900
"""seconds to wait for the panel's factorial (2 x 2^8 small runs): not a performance
limit (benchmarks/ measures speed), only a bound so a hung panel fails the test."""


def test_explain_asks_sim_explain_about_the_months_on_screen():
    """The panel's B - A is sim.explain's, over exactly the months the room watched."""
    choices = Choices(SMALL, ArmChoice({MODEL: "pct"}), ArmChoice({MODEL: "lcp"}))
    rc, session = render(choices)
    button = rc.find(v.Btn, children=["Explain"]).widget
    assert button.disabled  # nothing simulated yet
    for _ in range(13):
        click(rc, "Step")
    click(rc, "Explain the first 13 months")
    waterfall = ("solara-image", "healthsim-waterfall")
    _wait(lambda: rc.find(v.Html, class_="healthsim-explained").widgets
          and rc.find(widgets.Image, _dom_classes=waterfall).widgets, seconds=EXPLAIN_WAIT_S)
    a, b = (m.recorder.timeseries()["emergency_admissions"].sum()
            for m in session.value.run.models)
    explained = rc.find(v.Html, class_="healthsim-explained").widget.children[0]
    assert f"B - A = {signed(b - a)} emergency admissions" in explained
    assert rc.find(widgets.Image, _dom_classes=waterfall
                   ).widget.value.tobytes().startswith(b"\x89PNG")


def test_explain_waits_for_a_b_mode_and_for_months():
    rc, _ = render(Choices(SMALL))
    assert rc.find(v.Btn, children=["Explain"]).widget.disabled
    assert any("Switch on A/B mode" in t for t in texts(rc))


# --- the command -------------------------------------------------------------------------
def test_dashboard_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli(capsys, "dashboard", "--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--host" in out and "A/B" in out


def test_a_taken_port_is_refused_with_exit_2(capsys):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        code, out, err = cli(capsys, "dashboard", "--port", port)
    assert code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("args, message", [
    (("--port", "0"), "not a port number"),
    (("--port", "http"), "not a port number"),
    (("--host", "no such host"), "not an address of this machine"),
])
def test_bad_dashboard_options_exit_2(capsys, args, message):
    code, out, err = cli(capsys, "dashboard", *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_an_address_others_can_reach_needs_allow_remote(capsys):
    code, out, err = cli(capsys, "dashboard", "--host", "0.0.0.0", "--port", "1")
    assert code == 2 and "--allow-remote" in err and "no password" in err
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")


def test_the_server_stops_when_the_dashboard_command_is_killed(tmp_path):
    """kill -9 of ``healthsim dashboard`` leaves no server holding the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "dashboard.log").open("wb")
    command = subprocess.Popen([sys.executable, "-m", "sim", "dashboard", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        assert _poll(lambda: _serving(port), SERVER_WAIT_SECONDS), "the server never started"
        command.kill()
        command.wait()
        assert _poll(lambda: not _serving(port), SERVER_WAIT_SECONDS), "the server outlived it"
    finally:
        command.kill()
        command.wait()


SERVER_WAIT_SECONDS = 120  # a hang guard, not a performance limit: Solara starts in seconds


def _serving(port: int) -> bool:
    with socket.socket() as client:
        return client.connect_ex(("127.0.0.1", port)) == 0


def _poll(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_requests_must_name_the_server_by_address_and_websockets_come_from_it():
    assert allowed_host("127.0.0.1:8765") and allowed_host("localhost:8765")
    assert allowed_host("[::1]:8765") and allowed_host("192.168.1.20:8765")
    assert not allowed_host("evil.example:8765") and not allowed_host("")
    assert allowed_origin("http://127.0.0.1:8765", "127.0.0.1:8765")
    assert allowed_origin(None, "127.0.0.1:8765")  # not a browser
    assert not allowed_origin("http://evil.example", "127.0.0.1:8765")
    assert not allowed_origin("http://127.0.0.1:9999", "127.0.0.1:8765")


def test_the_server_refuses_foreign_host_names_and_origins(tmp_path):
    """DNS rebinding and cross-site WebSockets, against the real server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (tmp_path / "server.log").open("wb") as log:
        server = start_server("127.0.0.1", port, stdout=log, stderr=subprocess.STDOUT)
        try:
            assert _poll(lambda: _serving(port), SERVER_WAIT_SECONDS), "never started"
            own = f"127.0.0.1:{port}"
            assert _status(port, f"GET / HTTP/1.1\r\nHost: {own}\r\n\r\n") == 200
            assert _status(port, "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n") == 400
            upgrade = ("GET /jupyter/api/kernels/k/channels HTTP/1.1\r\nHost: {host}\r\n"
                       "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
                       "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Origin: {origin}\r\n\r\n")
            assert _status(port, upgrade.format(host=own, origin="http://evil.example")) == 403
        finally:
            server.terminate()
            server.wait()
    assert "refused a request" in (tmp_path / "server.log").read_text()


def _status(port: int, request: str) -> int:
    """The HTTP status of the server's answer to a raw request."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(request.encode())
        first = client.recv(4096).split(b"\r\n", 1)[0]
    return int(first.split()[1])


# --- for a room: the story, plain words, honest axes (issue 16) ----------------------------
def test_the_opening_card_tells_the_models_own_story_and_can_be_put_away():
    pct, lcp = MODELS["pct"], MODELS["lcp"]
    first, second, third, try_this = story.story()
    assert pct.budget_at_risk == 0 and "GPs hold no budget" in first
    assert pct.trust_payment == "pbr" and "a tariff for every admission" in first
    assert lcp.budget_at_risk == 1 and "a real, capitated budget" in second
    assert lcp.savings_share == 0.5 and "keep half of what they save" in second
    assert f"at least {lcp.min_population:,} people" in second
    assert lcp.trust_payment == "block" and "block contract" in second
    assert "Local clinical partnership" in try_this and "Budget at risk" in try_this
    assert share_words(0.25) == "a quarter" and share_words(0.3) == "30%"
    rc, _ = render(Choices(SMALL))
    assert try_this in texts(rc)
    click(rc, "Got it")
    assert try_this not in texts(rc)


def test_controls_and_menus_are_in_plain_words():
    rc, _ = render()
    models = rc.find(v.Select, label="Commissioning model").widget
    assert models.items == [MODEL_NAMES[code] for code in MODELS]  # no bare "lcp"
    assert "lcp" not in models.items and "Local clinical partnership" in models.items
    payment = rc.find(v.Select, label=shown_label(("commissioning", "trust_payment"))).widget
    assert "Block contract (a fixed sum)" in payment.items
    shown = texts(rc)
    assert shown_label(("commissioning", "budget_at_risk")).startswith("Budget at risk")
    assert shown_label(("commissioning", "budget_at_risk")) in shown
    assert not [t for t in shown if re.search(r"seed 00\d|rule_sets\.py", t)]
    assert (plural(1, "dated event"), plural(3, "dated event")) == ("1 dated event",
                                                                   "3 dated events")


def test_financial_year_axis_ticks_every_april():
    axis = time_axis(2010, 4, 120)
    assert (axis.lead, axis.years[0], axis.years[-1], len(axis.years)) == (
        0, "2010-11", "2019-20", 10)
    assert axis.months[::12] == tuple(f"{year}-04" for year in range(2010, 2021))
    late = time_axis(2010, 1, 24)  # January 2010 to December 2011
    assert (late.lead, late.months[0], late.months[late.lead]) == (9, "2009-04", "2010-01")
    assert late.years == ("2009-10", "2010-11", "2011-12")
    assert len(late.months) == 12 * len(late.years) + 1  # each year twelve months wide
    months, years = echarts_x_axes(late, 14)
    assert months["axisTick"]["interval"] == 11 and years["data"] == list(late.years)
    option = charts.chart_option(charts.CHARTS[0], [_frame(3)], late)
    line = series_named(option, "Emergency admissions")["data"]
    assert line[:late.lead] == [None] * late.lead and len(line) == late.lead + 3


def _frame(months: int) -> pd.DataFrame:
    """A small economy's months: about 950 admissions a month in 120,000 people."""
    return pd.DataFrame({"emergency_admissions": [950.0 + 10 * m for m in range(months)],
                         "population": [120_000.0] * months,
                         "qalys": [8_500.123456 + m * 0.0011 for m in range(months)]})


def test_every_chart_starts_at_zero_and_qalys_keep_their_digits():
    rc, session = render(Choices(SMALL).comparing(True))
    click(rc, "+1 year")
    options = {w.option.data["title"]["text"]: w.option.data
               for w in rc.find(BoxedEchartsWidget).widgets if "yAxis" in w.option.data}
    assert len(options) == len(charts.CHARTS)  # B's spending drawn in A/B mode
    for title, option in options.items():
        assert (option["yAxis"]["min"], option["yAxis"]["scale"]) == (0, False), title
    assert options["GP engagement in commissioning"]["yAxis"]["max"] == 1.0
    spend_a, spend_b = (options[f"{arm}: spending against allocation"] for arm in "AB")
    assert spend_a["yAxis"]["max"] == spend_b["yAxis"]["max"]  # one scale: comparable
    frame = session.value.run.models[0].recorder.timeseries()
    exact = frame["qalys"] * 12 * 1000 / frame["population"]
    sent = series_named(options["Health: QALYs lived"], "A: QALYs per 1,000")["data"]
    assert sent == pytest.approx(list(exact), rel=1e-8)
    assert charts._rounded(exact.to_numpy()) != pytest.approx(list(exact), rel=1e-8)


def test_the_spending_legend_fits_without_paging():
    frame = pd.DataFrame({f"spend_{c}": [1e6] for c in (
        "acute_emergency", "acute_elective", "outpatient", "ae", "community", "prescribing",
        "primary_care", "other", "management", "incentives", "transition")}
        | {"spend_total": [11e6], "budget_total": [12e6]})
    option = charts.chart_option(charts.CHARTS[1], [frame], time_axis(2010, 4, 12))
    assert option["legend"]["type"] == "plain"  # wraps; never "scroll" (1/3 pages)
    assert len(option["legend"]["data"]) == len(charts.SPEND_GROUPS) + 1 <= 7
    assert "ae" not in option["legend"]["data"]
    stacked = [s["data"][0] for s in option["series"] if s.get("stack") == "spend"]
    assert sum(stacked) == pytest.approx(11.0)  # every category counted once


def test_one_runs_noise_is_said_on_the_screen():
    frame = _frame(12)
    rate, half = charts.admissions_rate(frame)
    year = frame["emergency_admissions"].sum()
    assert rate[-1] == pytest.approx(year * 1000 / 120_000)
    assert half[-1] == pytest.approx(1.96 * year ** 0.5 * 1000 / 120_000)  # Poisson
    note = charts.noise_note(frame, 120_000)
    assert f"\u00b1{half[-1]:.1f} per 1,000" in note and f"{year:,.0f} admissions" in note
    rc, _ = render(Choices(SMALL))
    click(rc, "Step")
    assert any(t.startswith("Each line is one run of 20,000 people") for t in
               [str(c) for w in rc.find(v.Alert).widgets for c in w.children])


def test_what_just_happened_names_the_mechanism():
    assert happenings.month_words("2011-04") == "April 2011"
    run = LockstepRun(build_scenarios(initial_choices().with_arm(0, ArmChoice({MODEL: "lcp"})
                                                                   )))
    for _ in range(13):
        run.step()
    said = dict(((when, text[:30]), text) for when, text in run.happenings[0].recent)
    formed = next(t for t in said.values() if "commissioner formed (lcp_00)" in t)
    assert "a real budget, and its GPs keep half of the savings" in formed
    assert "admissions they avoid now pay" in formed
    block = next(t for t in said.values() if "block contract" in t)
    assert "an extra admission" in block
    pbc = happenings._incentive_words(MODELS["pbc"])
    assert "notional budget" in pbc and "the PCT approves" in pbc


def test_play_keeps_its_pace_by_stepping_the_months_due():
    interval = PLAY_INTERVAL_SECONDS
    assert months_due(0.0, 0) == 1
    assert months_due(interval * 0.5, 1) == 1  # on time: one month
    assert months_due(interval * 3.2, 1) == 3  # drawing was slow: catch up
    assert months_due(interval * 3.2, 4) == 1  # never zero when a step is asked for


def test_a_saved_session_replays_to_the_same_screen():
    choices = Choices(SMALL, ArmChoice({MODEL: "pbc"}),
                      ArmChoice({MODEL: "lcp", ("commissioning", "savings_share"): 0.3},
                                "slow_burn"))
    text = session_json(choices, 14)
    assert read_session(text) == (choices, 14)
    runs = []
    for _ in range(2):
        session = start_session(read_session(text.encode())[0])
        session.step(14)
        runs.append([m.recorder.timeseries() for m in session.run.models])
    for first, second in zip(*runs, strict=True):
        pd.testing.assert_frame_equal(first, second)
    rc, _ = render(Choices(SMALL))
    assert rc.find(FileDropZone, label=DROP_LABEL).widgets  # load, on the page
    applied, error = [], solara.reactive(None)
    load_session({"name": "s.json", "data": text.encode()}, lambda *a: applied.append(a),
                 error)
    assert applied == [(choices, 14)] and error.value is None
    load_session({"name": "bad.json", "data": b"{"}, lambda *a: applied.append(a), error)
    assert len(applied) == 1 and error.value.startswith("session file bad.json: not a")


@pytest.mark.parametrize("text, message", [
    ("{", "not JSON"), ('{"format": "x"}', "not a session file"),
    ('{"format": "healthsim-dashboard-session", "version": 9}', "version 9"),
    ('{"format": "healthsim-dashboard-session", "version": 1, "months_played": -1}',
     "whole number"),
    ('{"format": "healthsim-dashboard-session", "version": 1, "months_played": 1, '
     '"arms": []}', "one scenario, or two")])
def test_a_bad_session_file_is_refused_with_a_reason(text, message):
    with pytest.raises(UserError, match=message):
        read_session(text)


def test_a_difference_of_nothing_is_said_without_a_sign():
    """B the same as A: "0", never "+0", "-0.0" or "+0.0%" (``sim.labels.signed``)."""
    frame = pd.DataFrame({c: [5.0, 5.0] for c in (
        "emergency_admissions", "qalys", "elective_weeks_waited", "gp_engagement_mean",
        "spend_total", "spend_acute_emergency", "budget_total", "deaths_care_affects")})
    said = [f([frame, frame.copy()]) for f in (
        charts._admissions_difference, charts._qalys_difference, charts._waiting_difference,
        charts._engagement_difference, charts._spend_difference,
        charts._spend_difference_by_group)]
    assert said[0] == "B - A so far: 0 emergency admissions (0.0%)"
    assert not any(re.search(r"[+-]0(\.0+)?\b", text) for text in said), said
