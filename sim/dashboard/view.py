"""A snapshot of everything the page shows after a month: the dashboard's per-step update.

The page never reads the models directly: after each step one ``View`` is built under
the run's lock and handed to the page, which only draws it. So the page is always
consistent (both arms at the same month, no half-stepped model) even while the play
loop steps the next month in the background, and the cost of a month's update is the
cost of ``build_view`` plus drawing (measured in ``benchmarks/bench_dashboard.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.dashboard.charts import chart_option, charts_for, noise_note
from sim.dashboard.choices import ARM_LABELS
from sim.dashboard.commissioner_table import CommissionerRow, commissioner_rows
from sim.dashboard.figure import Option
from sim.dashboard.happenings import month_words
from sim.dashboard.lockstep import LockstepRun
from sim.dashboard.monthly import MonthlySeries
from sim.dashboard.network_view import layout, network_option
from sim.dashboard.time_axis import time_axis
from sim.dashboard.words import option_name, plural
from sim.labels import model_name


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
    noise: str = ""  # what one run's chance does to the lines, in a sentence


NETWORK_EVERY_MONTHS = 3
"""assumption: the network is redrawn each quarter: engagement moves over months, and the
network is the largest message and redraw of a month (about 17 ms a picture in Chromium,
drawn when the browser is idle: ``sim.dashboard.figure``), so a quarter keeps the
picture current for a room and the months quick."""


class ViewBuilder:
    """Builds views of one run; lays the network out once (it does not change)."""

    def __init__(self, run: LockstepRun) -> None:
        self.run = run
        self.positions = layout(run.models[0].network)
        clock = run.scenarios[0].clock
        self.month_labels = [clock.label(m) for m in range(run.months)]
        self.axis = time_axis(clock.start_year, clock.start_month, run.months)
        self.charts = charts_for(len(run.models))
        self._networks: dict[int, Option] = {}  # arm -> the network last sent

    def build(self) -> View:
        """The view of the run now (takes the run's lock: never a half-stepped model)."""
        with self.run.lock:
            return self._build()

    def _build(self) -> View:
        run = self.run
        month = run.month
        charts, noise = {}, ""
        if month > 0:
            frames = [MonthlySeries(model.recorder.month_rows()) for model in run.models]
            charts = {chart.key: Option(chart_option(chart, frames, self.axis))
                      for chart in self.charts}
            noise = noise_note(frames[0], run.scenarios[0].population.size)
        arms = tuple(self._arm(i) for i in range(len(run.models)))
        label = self.month_labels[month - 1] if month > 0 else ""
        return View(month, run.months, label, charts, arms, noise)

    def _arm(self, index: int) -> ArmView:
        model, scenario = self.run.models[index], self.run.scenarios[index]
        label = ARM_LABELS[index]
        return ArmView(label, describe_scenario(scenario), self._network(index),
                       tuple(commissioner_rows(model)),
                       tuple(self.run.happenings[index].recent))

    def _network(self, index: int) -> Option:
        """The arm's network, redrawn every ``NETWORK_EVERY_MONTHS`` months (and at the
        start and end of the run), else last time's box, which the page neither sends
        nor redraws again; its title says which month it shows. An unchanged picture
        (engagement is drawn in steps: ``network_view.ENGAGEMENT_STEP``) is not resent
        either."""
        month, last = self.run.month, self._networks.get(index)
        due = month % NETWORK_EVERY_MONTHS == 0 or self.run.finished
        if last is not None and not due:
            return last
        when = f", {month_words(self.month_labels[month - 1])}" if month else ""
        who = f"{ARM_LABELS[index]}: who is engaged" if len(self.run.models) > 1 \
            else "Who is engaged"
        option = network_option(self.run.models[index].network, self.positions, who + when)
        if last is None or last.data != option:
            self._networks[index] = Option(option)
        return self._networks[index]


def describe_scenario(scenario) -> str:
    """A one-line summary of a scenario's commissioning settings, in words, for headings."""
    settings = scenario.commissioning.model_dump(exclude_defaults=True)
    model = model_name(scenario.commissioning.model)
    levers = ", ".join(f"{k.replace('_', ' ')} {option_name(v)}" for k, v in settings.items()
                       if k != "model")
    events = f", {plural(len(scenario.timeline), 'dated event')}" if scenario.timeline else ""
    return f"{model}{' (' + levers + ')' if levers else ''}{events}"
