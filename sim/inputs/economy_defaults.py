"""The default economy of a scenario file (``[population]`` left out): its one home,
read by ``sim.scenario.PopulationConfig`` and by the command line's help (which must
not import ``sim.scenario`` and its heavy libraries just to print these numbers)."""

DEFAULT_POPULATION_SIZE = 340_000
"""People registered at the start (``population.size``)."""
DEFAULT_PRACTICES = 53
"""General practices (``population.practices``): lists of about 6,400 people, England's
mean registered list around 2009 (``scenarios/baseline.toml``)."""
