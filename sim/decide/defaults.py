"""The defaults of ``healthsim decide``, with no heavy imports: the command line reads
them to build its parser without loading pandas or the model. ``sim.decide.plan``
re-exports them."""

DEFAULT_DRAWS = 16
DEFAULT_REPLICATES = 2
DEFAULT_POPULATION = 100_000  # people: the smallest economy in which bids can form areas
DEFAULT_SEED = 1
