"""A snapshot of everything the page shows after a month: the dashboard's per-step update.

The page never reads the models directly: after each step one ``View`` is built under
the run's lock and handed to the page, which only draws it. So the page is always
consistent (both arms at the same month, no half-stepped model) even while the play
loop steps the next month in the background, and the cost of a month's update is the
cost of ``build_view`` plus drawing (measured in ``benchmarks/bench_dashboard.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.dashboard.charts import CHARTS, chart_option
from sim.dashboard.choices import ARM_LABELS
from sim.dashboard.commissioner_table import CommissionerRow, commissioner_rows
from sim.dashboard.figure import Option
from sim.dashboard.lockstep import LockstepRun
from sim.dashboard.network_view import layout, network_option


@dataclass(frozen=True)
class ArmView:
    """What the page shows of one scenario."""

    label: str
    description: str
    network: Option  # ECharts option of the network now
    commissioners: tuple[CommissionerRow, ...]
    happenings: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class View:
    """The page's content after ``month`` months (0: nothing simulated yet)."""

    month: int
    months: int
    month_label: str  # the last month simulated, YYYY-MM ("" before the first step)
    charts: dict[str, Option]  # chart key -> ECharts option (empty before the first step)
    arms: tuple[ArmView, ...]


class ViewBuilder:
    """Builds views of one run; lays the network out once (it does not change)."""

    def __init__(self, run: LockstepRun) -> None:
        self.run = run
        self.positions = layout(run.models[0].network)
        clock = run.scenarios[0].clock
        self.month_labels = [clock.label(m) for m in range(run.months)]

    def build(self) -> View:
        """The view of the run now (takes the run's lock: never a half-stepped model)."""
        with self.run.lock:
            return self._build()

    def _build(self) -> View:
        run = self.run
        month = run.month
        charts = {}
        if month > 0:
            frames = [model.recorder.timeseries() for model in run.models]
            charts = {chart.key: Option(chart_option(chart, frames, self.month_labels))
                      for chart in CHARTS}
        arms = tuple(self._arm(i) for i in range(len(run.models)))
        label = self.month_labels[month - 1] if month > 0 else ""
        return View(month, run.months, label, charts, arms)

    def _arm(self, index: int) -> ArmView:
        model, scenario = self.run.models[index], self.run.scenarios[index]
        label = ARM_LABELS[index]
        title = f"{label}: who is engaged" if len(self.run.models) > 1 else "Who is engaged"
        return ArmView(label, describe_scenario(scenario),
                       Option(network_option(model.network, self.positions, title)),
                       tuple(commissioner_rows(model)),
                       tuple(self.run.happenings[index].recent))


def describe_scenario(scenario) -> str:
    """A one-line summary of a scenario's commissioning settings, for headings."""
    settings = scenario.commissioning.model_dump(exclude_defaults=True)
    model = scenario.commissioning.model
    levers = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in settings.items() if k != "model")
    events = f", {len(scenario.timeline)} timeline events" if scenario.timeline else ""
    return f"{model}{' (' + levers + ')' if levers else ''}{events}"
