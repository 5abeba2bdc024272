"""The dashboard's display panels: charts, network, commissioners, what happened.

Each panel draws part of a ``View`` (a snapshot built after the month's step) and reads
nothing else, so what it shows is consistent across panels and between A and B.

Solara components are named like classes (``ChartGrid``), as in Solara and Mesa.
"""

from __future__ import annotations

import html

import solara

from sim.dashboard.charts import CHARTS
from sim.dashboard.commissioner_table import COLUMNS, MONEY_UNIT
from sim.dashboard.figure import Figure
from sim.dashboard.happenings import month_words
from sim.dashboard.network_view import ENGAGEMENT_STOPS, IN_COMMUNITY_COLOUR
from sim.dashboard.view import ArmView, View

CHART_HEIGHT = "360px"  # assumption: two charts side by side fill a 1080p projector row
NETWORK_HEIGHT = "440px"  # assumption: taller than a chart: ~170 nodes need the room
TEXT = {"font-size": "16px"}
TABLE_CSS = """
.healthsim-commissioners { border-collapse: collapse; }
.healthsim-commissioners th, .healthsim-commissioners td {
    padding: 4px 10px; text-align: right; border-bottom: 1px solid #ddd; }
.healthsim-commissioners th:first-child, .healthsim-commissioners td:first-child {
    text-align: left; }
"""


@solara.component
def StatusBar(view: View, error: str | None):  # noqa: N802
    """Where the run is, what A and B are, and any setting that was refused."""
    where = (f"{month_words(view.month_label)}: month {view.month} of {view.months}"
             if view.month
             else f"ready: 0 of {view.months} months (press Step or Play)")
    with solara.Column(gap="4px"):
        solara.Text(where, style={"font-size": "24px", "font-weight": "600"},
                    classes=["healthsim-status"])
        for arm in view.arms:
            prefix = f"{arm.label}: " if len(view.arms) > 1 else "scenario: "
            solara.Text(prefix + arm.description, style=TEXT)
        if error:
            solara.Error(f"Setting not applied (the run goes on with the previous settings): "
                         f"{error}")


@solara.component
def ChartGrid(view: View):  # noqa: N802
    """The live charts, two to a row."""
    if not view.charts:
        solara.Info("The charts fill in as the months are simulated.")
        return
    with solara.ColumnsResponsive(12, large=6):
        for chart in CHARTS:
            if chart.key in view.charts:
                with solara.Card(margin=0, classes=[f"healthsim-chart-{chart.key}"]):
                    Figure(view.charts[chart.key], CHART_HEIGHT)


@solara.component
def NoiseNote(view: View):  # noqa: N802
    """One run's noise, said on the screen, so a room does not read chance as an effect."""
    if view.noise:
        solara.Info(view.noise, classes=["healthsim-noise"])


@solara.component
def NetworkPanel(view: View):  # noqa: N802
    """The professional network of each scenario, coloured by engagement."""
    with solara.Card("How engagement spreads through the professional network", margin=0):
        with solara.ColumnsResponsive(12, large=12 // len(view.arms)):
            for arm in view.arms:
                Figure(arm.network, NETWORK_HEIGHT, classes=(f"healthsim-network-{arm.label}",),
                       deferred=True)
        _NetworkLegend()


@solara.component
def _NetworkLegend():  # noqa: N802
    gradient = ", ".join(ENGAGEMENT_STOPS)
    with solara.Row(style={"align-items": "center", **TEXT}):
        solara.Text("circles GPs, squares practices, triangles consultants, diamonds trusts."
                    " Engagement 0")
        solara.HTML(tag="div", style={"width": "180px", "height": "16px",
                                      "background": f"linear-gradient(90deg, {gradient})"})
        solara.Text("1. Consultants working in the community:")
        solara.HTML(tag="div", style={"width": "16px", "height": "16px",
                                      "background": IN_COMMUNITY_COLOUR})


@solara.component
def CommissionerPanel(view: View):  # noqa: N802
    """Each scenario's commissioners: budget, spending to date, surplus to date."""
    solara.Style(TABLE_CSS)
    with solara.Card(f"Commissioners this financial year ({MONEY_UNIT}; real: the share "
                     "of the budget at risk)", margin=0):
        for arm in view.arms:
            _CommissionerTable(arm, len(view.arms) > 1)


@solara.component
def _CommissionerTable(arm: ArmView, labelled: bool):  # noqa: N802
    if labelled:
        solara.Text(f"Scenario {arm.label}", style={**TEXT, "font-weight": "600"})
    if not arm.commissioners:
        solara.Text("No commissioners: the PCT commissions for everyone.", style=TEXT)
        return
    header = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row.cells())
                   + "</tr>" for row in arm.commissioners)
    solara.HTML(tag="table", unsafe_innerHTML=f"<thead><tr>{header}</tr></thead>"
                f"<tbody>{rows}</tbody>",
                classes=["healthsim-commissioners"], style={"width": "100%", **TEXT})


@solara.component
def HappeningsPanel(view: View):  # noqa: N802
    """What happened recently in each scenario, newest first: the reasons lines turn."""
    with (solara.Card("What happened (newest first)", margin=0),
          solara.ColumnsResponsive(12, large=12 // len(view.arms))):
            for arm in view.arms:
                with solara.Column(gap="2px"):
                    if len(view.arms) > 1:
                        solara.Text(f"Scenario {arm.label}",
                                    style={**TEXT, "font-weight": "600"})
                    if not arm.happenings:
                        solara.Text("nothing yet", style=TEXT)
                    for when, text in arm.happenings:
                        solara.Text(f"{when}  {text}", style=TEXT)
