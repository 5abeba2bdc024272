"""The defaults of ``healthsim explain``, with no heavy imports: the command line reads
them to build its parser without loading pandas or the model.
``sim.explain.decomposition`` re-exports them."""

DEFAULT_REPLICATES = 5
"""assumption: five replicates. With common random numbers most noise cancels within a
replicate, but a Shapley value is a difference of differences of whole runs, and a
partnership forming a year earlier or later in one replicate moves it a lot; five gives
a t-interval (t = 2.78 at 4 degrees of freedom) narrow enough to rank the mechanisms
that matter, at 2 x 2^8 x 5 = 2,560 runs for eight players (the issue asks for >= 5)."""

FULL_FACTORIAL_LIMIT = 8
"""From the issue: the full 2^k factorial (and exact Shapley values) up to k = 8
players (2 x 256 scenarios); beyond it a resolution V fraction."""
