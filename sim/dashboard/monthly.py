"""A run's monthly figures so far, column by column: what the charts read after a Step.

Why not the recorder's ``timeseries()`` DataFrame: building a pandas frame from the
month rows and selecting its columns some 130 times a month (string-indexed, each a new
Series) took about 35 of the 140 ms a Step took on the server in A/B mode
(``benchmarks/bench_dashboard.py``, December 2026). The charts need only a few columns
of floats, so ``MonthlySeries`` reads them from the recorder's rows when asked, once
each. It takes a pandas DataFrame's place in the chart functions (``columns``,
``series[column]``, ``len``, ``empty``), so those accept either.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class MonthlySeries:
    """The months recorded so far (a snapshot: later months are not seen)."""

    def __init__(self, rows: Sequence[dict]) -> None:
        self._rows = tuple(rows)
        self._columns: dict[str, np.ndarray] = {}
        self.columns = tuple(self._rows[0]) if self._rows else ()

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def empty(self) -> bool:
        return not self._rows

    def __getitem__(self, column: str) -> np.ndarray:
        """The column as floats, month by month (``KeyError`` for an unknown column)."""
        if column not in self._columns:
            if self._rows and column not in self._rows[0]:
                raise KeyError(column)
            self._columns[column] = np.fromiter((row[column] for row in self._rows),
                                                dtype=float, count=len(self._rows))
        return self._columns[column]
