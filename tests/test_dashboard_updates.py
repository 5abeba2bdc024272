"""What a Step sends to the browser, made quick (issue 16: a Step on the screen within
150 ms): the charts read numpy columns, not a DataFrame; collapsed control groups make
no widgets; the network is drawn when the browser is idle and names its links by
position. Speed itself is measured in ``benchmarks/bench_dashboard.py``, not here."""

from __future__ import annotations

import ipyvuetify as v
import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
import solara

from sim.dashboard import charts
from sim.dashboard.app import Dashboard
from sim.dashboard.choices import ArmChoice, Choices
from sim.dashboard.figure import DEFERRED_WATCH, BoxedEchartsWidget, deferring_template
from sim.dashboard.monthly import MonthlySeries
from sim.dashboard.network_view import layout, network_option
from sim.dashboard.session import start_session
from sim.dashboard.time_axis import time_axis
from sim.dashboard.workshop import workshop_controls

SMALL = {("population", "size"): 20_000, ("population", "practices"): 4, ("seed",): 3,
         ("months",): 30}
MODEL = ("commissioning", "model")


@pytest.fixture(scope="module")
def stepped():
    """A small A/B run, 14 months in (a year-end passed, commissioners formed)."""
    session = start_session(Choices(SMALL, ArmChoice({MODEL: "pct"}), ArmChoice({MODEL: "lcp"})))
    session.step(14)
    return session


def test_monthly_series_reads_the_recorders_columns_as_floats(stepped):
    model = stepped.run.models[0]
    rows = model.recorder.month_rows()
    series = MonthlySeries(rows)
    frame = model.recorder.timeseries()
    assert len(series) == len(frame) == 14 and not series.empty
    for column in ("emergency_admissions", "spend_total", "qalys", "population"):
        assert series[column].dtype == np.float64
        np.testing.assert_array_equal(series[column], frame[column].to_numpy(dtype=float))
    with pytest.raises(KeyError):
        series["no_such_column"]
    assert MonthlySeries(()).empty and MonthlySeries(()).columns == ()


def test_monthly_series_is_a_snapshot(stepped):
    series = MonthlySeries(stepped.run.models[0].recorder.month_rows())
    before = series["emergency_admissions"].copy()
    stepped.step(1)
    assert len(series) == 14
    np.testing.assert_array_equal(series["emergency_admissions"], before)


def test_every_chart_is_the_same_from_numpy_columns_as_from_the_dataframe(stepped):
    """The page's quick columns give the browser the very option the DataFrame would."""
    axis = time_axis(2010, 4, 30)
    quick = [MonthlySeries(m.recorder.month_rows()) for m in stepped.run.models]
    frames = [m.recorder.timeseries() for m in stepped.run.models]
    for chart in charts.CHARTS:
        assert charts.chart_option(chart, quick, axis) == charts.chart_option(chart, frames,
                                                                            axis), chart.key


def test_the_rolling_year_is_pandas_rolling_sum():
    values = np.random.default_rng(5).poisson(900, 40).astype(float)
    total, months = charts.rolling_year(values)
    expected = pd.Series(values).rolling(12, min_periods=1)
    np.testing.assert_allclose(total, expected.sum().to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(months, expected.count().to_numpy())


def _widgets(widget: widgets.Widget):
    """``widget`` and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", None) or ():
        if isinstance(child, widgets.Widget):
            yield from _widgets(child)


def _control_inputs(rc) -> int:
    """Controls on the page (each ``ControlInput`` is a box with its field's class)."""
    return sum(1 for root in rc.find(widgets.Widget).widgets for w in _widgets(root)
               if str(getattr(w, "class_", "")).endswith("-box"))


def test_collapsed_control_groups_make_no_widgets_until_opened():
    session = solara.reactive(start_session(Choices(SMALL)))
    _, rc = solara.render(Dashboard(session=session), handle_error=False)
    controls = workshop_controls()
    shown = _control_inputs(rc)  # the economy, the levers and the migration path
    assert shown == len(controls.economy) + len(controls.levers) + 1
    panels = [w for w in rc.find(v.ExpansionPanels).widgets if w.v_model is None]
    assert len(panels) == 2  # behavioural assumptions and mechanisms, collapsed
    panels[0].v_model = 0  # opened, as a click on its header does
    assert _control_inputs(rc) == shown + len(controls.parameters)
    panels[0].v_model = None
    assert _control_inputs(rc) == shown


def test_the_network_is_drawn_when_the_browser_is_idle_and_charts_at_once(stepped):
    session = solara.reactive(stepped)
    _, rc = solara.render(Dashboard(session=session), handle_error=False)
    figures = rc.find(BoxedEchartsWidget).widgets
    deferred = [w for w in figures if w.deferred]
    assert deferred and all("healthsim-network" in w.attributes["class"] for w in deferred)
    assert all("series" in w.option.data and w.option.data["series"][0]["type"] == "line"
               for w in figures if not w.deferred)
    assert DEFERRED_WATCH in deferring_template() and "requestIdleCallback" in figures[0].template


def test_network_links_name_their_nodes_by_position(stepped):
    graph = stepped.run.models[0].network
    option = network_option(graph, layout(graph), "who is engaged")
    names = [node["name"] for node in option["series"][0]["data"]]
    links = {(names[link["source"]], names[link["target"]])
             for link in option["series"][0]["links"]}
    assert links == set(graph.edges()) and len(option["series"][0]["links"]) == len(links)
