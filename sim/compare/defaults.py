"""The defaults of ``healthsim compare``, with no heavy imports: the command line reads
them to build its parser without loading pandas or the model. ``sim.compare.comparison``
and ``sim.compare.uncertainty`` re-export them."""

DEFAULT_REPLICATES = 5
"""Replicates per scenario (``--replicates``): assumption: enough for a t-interval of the
paired differences (4 degrees of freedom) in a few minutes; ``make run`` asks for 10."""

DEFAULT_DRAWS = 16
"""Draws of the uncertain inputs per scenario (``--draws``); as ``healthsim decide``'s
default: enough for a 90% interval and a first P(better), too few to settle a close
ranking (``healthsim decide --draws 200`` for that). 0 skips the draws."""
