"""What a sweep report shows, computed before anything is written (``compute_tables``
in ``sim.sweep.report``), so that the summary and the files read the same tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class Tables:
    """Everything the report shows, computed before anything is written."""

    manifest: dict
    points: pd.DataFrame
    bands: pd.DataFrame
    outcomes: pd.DataFrame
    differences: pd.DataFrame
    indices: pd.DataFrame
    notes: list[str]
