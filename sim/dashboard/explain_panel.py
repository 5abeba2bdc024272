"""The "why did B differ from A?" panel: asks ``sim.explain`` (``healthsim explain``).

The decomposition of an A-B difference by mechanism belongs to ``sim.explain``: each
mechanism is switched off in both scenarios in turn, with common random numbers, and
the waterfall shows how much of the difference goes with it. The dashboard only asks
for it, for the months the room has watched, and shows ``sim.explain``'s own waterfall.
It has no decomposition of its own.

Solara components are named like classes (``ExplainPanel``), as in Solara and Mesa.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import solara

from sim.dashboard.session import Session
from sim.errors import UserError

EXPLAIN_REPLICATES = 1
"""assumption: one replicate, the one on the screen (replicate 0): the panel explains the
difference the room watched, in half the time of ``healthsim explain``'s two."""
EXPLAIN_WORKERS = 1  # in the server's own process: no process pool inside a web server
TEXT = {"font-size": "16px"}
DIFFERENCE_WORDS = {"emergency_admissions": "{:+,.0f} emergency admissions",
                    "spend_total_gbp_m": "GBP {:+,.1f}m spent", "qalys": "{:+,.0f} QALYs"}


@dataclass(frozen=True)
class Explanation:
    """A finished decomposition: the months it covers and its waterfall (PNG)."""

    session: Session
    months: int
    png: bytes
    seconds: float
    difference: dict[str, float]  # B - A by sim.explain's measure key


def explain(session: Session, months: int) -> Explanation:
    """Decompose B - A over the first ``months`` months of the session's scenarios."""
    from sim.explain import decompose, plot_waterfall  # slow to import: when asked

    a, b = session.run.scenarios
    decomposition = decompose(a, b, replicates=EXPLAIN_REPLICATES, months=months,
                              workers=EXPLAIN_WORKERS, progress=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "explain.png"
        plot_waterfall(decomposition, path)
        png = path.read_bytes()
    return Explanation(session, months, png, decomposition.seconds,
                       {key: float(value) for key, value in decomposition.difference.items()})


@solara.component
def ExplainPanel(session: Session, month: int):  # noqa: N802
    """The button that asks ``sim.explain`` to decompose B - A so far (A/B mode only)."""
    request = solara.use_reactive(None)  # (session, months) asked for
    result = solara.use_reactive(None)
    failure = solara.use_reactive(None)
    _use_explaining(request, result, failure)
    comparing = len(session.run.scenarios) == 2
    shown = result.value
    working = request.value is not None and (
        shown is None or (shown.session, shown.months) != request.value)
    with (solara.Card("Why did B differ from A?", margin=0, classes=["healthsim-explain"]),
          solara.Column(gap="8px")):
        solara.Text(_prompt(comparing, month), style=TEXT)
        with solara.Row():
            solara.Button(f"Explain the first {month} months" if month else "Explain",
                          color="primary", disabled=not (comparing and month)
                          or working, on_click=lambda: request.set((session, month)))
        if working:
            solara.Text("working: running A and B again with each mechanism switched off "
                        "(about a second per simulated year per mechanism)...", style=TEXT)
        if failure.value:
            solara.Error(failure.value)
        if shown is not None and shown.session is session:
            solara.Text(f"The first {shown.months} months, one replicate ({shown.seconds:.0f} s):"
                        f" B - A = {_difference_text(shown.difference)}", style=TEXT,
                        classes=["healthsim-explained"])
            solara.Image(shown.png, width="100%", classes=["healthsim-waterfall"])


def _difference_text(difference: dict[str, float]) -> str:
    """``sim.explain``'s whole differences, in the words of the charts."""
    return ", ".join(DIFFERENCE_WORDS.get(key, key + " {:+,.3g}").format(value)
                     for key, value in difference.items())


def _prompt(comparing: bool, month: int) -> str:
    if not comparing:
        return "Switch on A/B mode to compare two scenarios, then ask why they differ."
    if not month:
        return "Step some months first."
    return ("Each mechanism is switched off in both A and B in turn: how much of the "
            "difference goes away with it?")


def _use_explaining(request: solara.Reactive, result: solara.Reactive,
                    failure: solara.Reactive) -> None:
    """Run the asked-for decomposition in a background thread (the page stays live)."""
    def work(cancel: threading.Event) -> None:
        asked = request.value
        if asked is None:
            return
        try:
            answer = explain(*asked)
            failure.set(None)
            result.set(answer)
        except UserError as error:
            failure.set(str(error))
        finally:
            request.set(None)

    solara.use_thread(work, dependencies=[request.value])
