"""The defaults of ``healthsim risk``, with no heavy imports: the command line reads
them to build its parser without loading NumPy, pandas or the model.
``sim.risk.study`` and ``sim.risk.holders`` re-export them."""

# assumption: 8 sizes on a roughly logarithmic scale from a single small practice to a
# large consortium (working consortia covered 60,000-250,000 people, one 680,000; seed 002)
DEFAULT_SIZES: tuple[int, ...] = (5_000, 10_000, 25_000, 50_000, 100_000, 150_000, 250_000,
                                  500_000)
DEFAULT_POPULATION = 1_000_000  # people: big enough for two holders of the largest size
DEFAULT_YEARS = 8  # budget (outturn) years per replicate, after 3 years of history
DEFAULT_REPLICATES = 2  # economies; 2 use both cores of this machine

GROUPINGS: tuple[str, ...] = ("practices", "random")
"""How holders are formed: runs of neighbouring practices, or random people."""
