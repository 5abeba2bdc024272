"""Whole-population work done a block of rows at a time.

A rule computed for everyone at once makes temporaries of the population's length: a
handful of float64 arrays is some 100 bytes a person, which at 5,000,000 people is half
a gigabyte on top of the population itself (``benchmarks/bench_run.py``'s peak). Where
each person's value depends on their own row only, the same rule run over blocks of
rows gives the same numbers with temporaries of a block's length, which also stay in
the processor's cache. Random numbers are drawn for everyone before the blocks, so
the draws do not depend on the block size either.
"""

from __future__ import annotations

from collections.abc import Iterator

BLOCK_ROWS = 1 << 16  # rows per block. Measured (340,000 people, one core) on the
# multipliers' full refresh (sim.people.risk_factors): 19 ms in blocks of 65,536 rows,
# 20 ms in blocks of 32,768 or 131,072, 22-23 ms all at once; its temporaries peak at
# 6 MB instead of 33 MB (tracemalloc)


def row_blocks(rows: int, block: int | None = None) -> Iterator[slice]:
    """Slices covering rows ``0..rows-1`` in order, ``block`` (default ``BLOCK_ROWS``,
    read at each call so a test can change it) rows at a time."""
    step = block or BLOCK_ROWS
    for start in range(0, rows, step):
        yield slice(start, min(start + step, rows))
