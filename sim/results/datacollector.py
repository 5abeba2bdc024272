"""A Mesa ``DataCollector`` for the model, fed by the recorder.

Why: Mesa users (and ``mesa.batch_run``) expect ``model.datacollector``, with
``get_model_vars_dataframe()`` and ``get_agent_vars_dataframe()``. The model's own
record is ``model.recorder`` (``sim.results.recorder``), which writes the output files;
this collector copies what the recorder already holds, so it changes no output and draws
no random number, and the two can never disagree.

- Model variables: every column of ``timeseries.parquet`` (``TIMESERIES_COLUMNS``), one
  row per simulated month, read from the month's recorded row (no second computation).
- Agent variables: the general practices only, every month (``PRACTICE_REPORTERS``).
  Mesa's collector would report every agent -- GPs, consultants, trusts, commissioners,
  some 480 of them at 340,000 people, most without a list or a commissioner -- so
  ``PracticeCollector`` narrows it to the practices: about 50 rows a month, a cost too
  small to need switching off (docs/how-it-works.md, "Using the model from Mesa").

Steps are Mesa's ``model.time``: 1 for the first simulated month.
"""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

import mesa

from sim.results.monthly import commissioner_kind, commissioner_name
from sim.results.recorder import TIMESERIES_COLUMNS


def recorded(model, column: str):
    """The latest simulated month's value of one ``timeseries.parquet`` column, read
    from the row the recorder has just recorded rather than rebuilt."""
    if column == "replicate":  # the recorder adds it to the table, not to each row
        return model.recorder.replicate
    return model.recorder.latest_month()[column]


# name in the agent table -> a GPPractice attribute or a function of the practice
PRACTICE_REPORTERS = {
    "practice": "name",
    "locality": "locality",
    "list_size": "list_size",
    "engagement": "engagement",  # mean engagement of the practice's GPs
    "commissioner": commissioner_name,
    "commissioner_kind": commissioner_kind,
}


class PracticeCollector(mesa.DataCollector):
    """Mesa's ``DataCollector`` with its agent reporters applied to the practices only."""

    def _record_agents(self, model):
        """Mesa's own recording, over the practices rather than every agent."""
        return super()._record_agents(SimpleNamespace(agents=model.practices))


def make_datacollector() -> PracticeCollector:
    """The collector the model fills after every month (``HealthEconomy.step``)."""
    return PracticeCollector(
        model_reporters={column: partial(recorded, column=column)
                         for column in TIMESERIES_COLUMNS},
        agent_reporters=PRACTICE_REPORTERS,
    )
