"""ECharts figures whose options Solara passes along without looking inside.

Solara's ``FigureEcharts`` takes the option as a plain dict. Reacton, Solara's renderer,
walks every dict and list it is given looking for nested components, so on every month
it walked each chart's thousands of numbers and the network's hundreds of nodes: about
half of a month's update on the page (``benchmarks/bench_dashboard.py``). Here the
option is wrapped in an ``Option`` box that reacton does not open and that compares by
identity (a new month's view is a new box), and the widget unwraps it only to send it
to the browser, where Solara's own ECharts front end draws it.
"""

from __future__ import annotations

from typing import Any

import solara
import traitlets
from solara.components.echarts import EchartsWidget


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
    """Solara's ECharts widget, sending the data of a boxed option."""

    option = traitlets.Any(None, allow_none=True).tag(sync=True, to_json=_to_json)


@solara.component
def Figure(option: Option, height: str, classes: tuple[str, ...] = ()):  # noqa: N802
    """A chart that resizes with its container (a projector's layout changes)."""
    return BoxedEchartsWidget.element(option=option, responsive=True,
                                      attributes={"style": f"height: {height};",
                                                  "class": " ".join(classes)})
