"""The "why did B differ from A?" panel: asks ``sim.explain`` (``healthsim explain``).

The decomposition of an A-B difference by mechanism belongs to ``sim.explain``: both
scenarios are run with every combination of the mechanisms switched on and off (a
factorial, with common random numbers), and the waterfall shows each mechanism's Shapley
value, which add up (with the base, every mechanism off) to B - A; a precondition such as
GPs' engagement is shown apart, not credited. The dashboard only asks for it, for the
months the room has watched, and shows ``sim.explain``'s own waterfall and numbers. It
has no decomposition of its own.

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
from sim.labels import signed

EXPLAIN_REPLICATES = 1
"""assumption: one replicate, the one on the screen (replicate 0): the panel explains the
difference the room watched; the factorial already takes 2 x 2^8 runs, a fifth of
``healthsim explain``'s five replicates."""
EXPLAIN_WORKERS = None
"""Worker processes for the panel's runs: one per core (``None``: the sweep executors'
default). The factorial is 2 x 2^8 runs, minutes in one process; the local pool's workers
are forked from a forkserver, not from the web server (whose threads must not be
copied), so a pool is safe here and the room waits half as long on two cores."""
TEXT = {"font-size": "16px"}
DIFFERENCE_WORDS = {"emergency_admissions": ("{} emergency admissions", 0),
                    "spend_total_gbp_m": ("GBP {}m spent", 1), "qalys": ("{} QALYs", 0)}
"""How each of ``sim.explain``'s differences is said: words around the signed number,
and its decimals (``sim.labels.signed``)."""


@dataclass(frozen=True)
class Explanation:
    """A finished decomposition: the months it covers and its waterfall (PNG)."""

    session: Session
    months: int
    png: bytes
    seconds: float
    difference: dict[str, float]  # B - A by sim.explain's measure key
    runs: int  # model runs the decomposition made


def planned_runs(session: Session, months: int) -> int:
    """How many runs ``explain`` will make (no model is run to count them)."""
    from sim.explain import plan_decomposition  # slow to import: when asked

    a, b = session.run.scenarios
    return plan_decomposition(a, b, EXPLAIN_REPLICATES, months=months).simulations


def explain(session: Session, months: int) -> Explanation:
    """Decompose B - A over the first ``months`` months of the session's scenarios."""
    from sim.explain import decompose, plot_waterfall  # slow to import: when asked
    from sim.sweep.executors import default_workers

    a, b = session.run.scenarios
    decomposition = decompose(a, b, replicates=EXPLAIN_REPLICATES, months=months,
                              workers=EXPLAIN_WORKERS or default_workers(), progress=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "explain.png"
        plot_waterfall(decomposition, path)
        png = path.read_bytes()
    return Explanation(session, months, png, decomposition.seconds,
                       {key: float(value) for key, value in decomposition.difference.items()},
                       decomposition.simulations)


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
            solara.Text(_working_text(*request.value), style=TEXT)
        if failure.value:
            solara.Error(failure.value)
        if shown is not None and shown.session is session:
            solara.Text(f"The first {shown.months} months, one replicate, {shown.runs:,} runs "
                        f"({shown.seconds:.0f} s): B - A = "
                        f"{_difference_text(shown.difference)}", style=TEXT,
                        classes=["healthsim-explained"])
            solara.Image(shown.png, width="100%", classes=["healthsim-waterfall"])


def _working_text(session: Session, months: int) -> str:
    """What the panel is doing while it works, with the number of runs."""
    try:
        runs = f"{planned_runs(session, months):,} runs"
    except UserError:  # explain itself will say what is wrong
        runs = "the runs"
    return (f"working: {runs} of A and B with every combination of the mechanisms "
            "switched on and off (the progress is not shown; this takes minutes)...")


def _difference_text(difference: dict[str, float]) -> str:
    """``sim.explain``'s whole differences, in the words of the charts."""
    def said(key: str, value: float) -> str:
        words, decimals = DIFFERENCE_WORDS.get(key, (key + " {}", 1))
        return words.format(signed(value, decimals))
    return ", ".join(said(key, value) for key, value in difference.items())


def _prompt(comparing: bool, month: int) -> str:
    if not comparing:
        return "Switch on A/B mode to compare two scenarios, then ask why they differ."
    if not month:
        return "Step some months first."
    return ("A and B are run again with every combination of the mechanisms on and off: "
            "each mechanism's share of the difference (its Shapley value) adds up, with "
            "the base, to B - A; GPs' engagement, which the others need, is shown apart.")


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
