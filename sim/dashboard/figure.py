"""ECharts figures whose options Solara passes along without looking inside.

Solara's ``FigureEcharts`` takes the option as a plain dict. Reacton, Solara's renderer,
walks every dict and list it is given looking for nested components, so on every month
it walked each chart's thousands of numbers and the network's hundreds of nodes: about
half of a month's update on the page (``benchmarks/bench_dashboard.py``). Here the
option is wrapped in an ``Option`` box that reacton does not open and that compares by
identity (a new month's view is a new box), and the widget unwraps it only to send it
to the browser, where Solara's own ECharts front end draws it.

A figure can also be drawn ``deferred``: the browser applies its option when it is next
idle rather than at once. The network is: its redraw (about 20 ms in Chromium for each
of A's and B's) arrived with a quarter's Step and held back the frame that shows the
month's charts (``benchmarks/bench_dashboard.py --browser``); deferred, the charts are
painted first and the network a frame or so later. The front end is Solara's own
template with that one change made to its text when this module loads, so it stays
Solara's in every other respect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import solara
import solara.components.echarts
import traitlets
from solara.components.echarts import EchartsWidget

SOLARA_WATCH = """    option() {
      // notMerge, otherwise we're left with axes etc
      // see https://echarts.apache.org/en/api.html#echartsInstance.setOption
      this.chart.setOption(this.option, true);
    },"""
DEFERRED_WATCH = """    option() {
      // notMerge, otherwise we're left with axes etc
      // see https://echarts.apache.org/en/api.html#echartsInstance.setOption
      if (!this.deferred) {
        this.chart.setOption(this.option, true);
        return;
      }
      // drawn when the browser is idle (within half a second): after the month's charts
      if (this.pendingDraw) {
        cancelIdleCallback(this.pendingDraw);
      }
      this.pendingDraw = requestIdleCallback(() => {
        this.pendingDraw = null;
        this.chart.setOption(this.option, true);
      }, {timeout: 500});
    },"""


def deferring_template() -> str:
    """Solara's ECharts template with the option applied when the browser is idle if
    ``deferred`` (``RuntimeError`` if Solara's template no longer reads as expected)."""
    solara_template = Path(solara.components.echarts.__file__).with_name("echarts.vue")
    text = solara_template.read_text()
    if SOLARA_WATCH not in text:
        raise RuntimeError(f"{solara_template}: Solara's ECharts template changed; "
                           "sim/dashboard/figure.py needs its new option watcher")
    return text.replace(SOLARA_WATCH, DEFERRED_WATCH)


class Option:
    """An ECharts option, boxed: opaque to the renderer, equal only to itself."""

    __slots__ = ("data",)

    def __init__(self, data: dict) -> None:
        self.data = data

    def __repr__(self) -> str:
        title = self.data.get("title", {})
        return f"Option({title.get('text', '') if isinstance(title, dict) else ''!r})"


def _to_json(value: Any, widget) -> Any:
    return value.data if isinstance(value, Option) else value


class BoxedEchartsWidget(EchartsWidget):
    """Solara's ECharts widget, sending the data of a boxed option (drawn at once, or
    ``deferred`` to the browser's next idle moment)."""

    template_file = None
    template = traitlets.Unicode(deferring_template()).tag(sync=True)
    option = traitlets.Any(None, allow_none=True).tag(sync=True, to_json=_to_json)
    deferred = traitlets.Bool(False).tag(sync=True)


@solara.component
def Figure(option: Option, height: str, classes: tuple[str, ...] = (),  # noqa: N802
           deferred: bool = False):
    """A chart that resizes with its container (a projector's layout changes)."""
    return BoxedEchartsWidget.element(option=option, responsive=True, deferred=deferred,
                                      attributes={"style": f"height: {height};",
                                                  "class": " ".join(classes)})
