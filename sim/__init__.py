"""healthsim: an agent-based simulation of an English local health economy.

The public API: load a scenario, build the model, run it, read the results.
"""

from sim.model import HealthEconomy
from sim.parameters import Parameters
from sim.people.population import Patient, Population
from sim.scenario import Scenario, load_scenario

__version__ = "0.1.0"

__all__ = ["HealthEconomy", "Parameters", "Patient", "Population", "Scenario", "load_scenario",
           "__version__"]
