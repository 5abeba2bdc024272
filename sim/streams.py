"""Named, independent random streams derived from one seed.

Each process of the model (demography, demand, ...) draws from its own stream, so two
scenarios run with the same seed and replicate share common random numbers wherever
their rules agree: their difference is the policy, not noise. No global random state.
"""

from __future__ import annotations

import numpy as np

STREAMS: tuple[str, ...] = (
    "setup",
    "demography",
    "demand",
    "behaviour",
    "finance",
    "outcomes",
    "mesa",
)


def make_streams(seed: int, replicate: int = 0) -> dict[str, np.random.Generator]:
    """One generator per named stream for this seed and replicate."""
    return {
        name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replicate, i)))
        for i, name in enumerate(STREAMS)
    }
