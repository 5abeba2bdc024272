"""healthsim: an agent-based simulation of an English local health economy.

The public API: load a scenario, build the model, run it, read the results.
"""

from sim.model import HealthEconomy
from sim.parameters import Parameters
from sim.people.population import Patient, Population
from sim.runs.version import package_version
from sim.scenario import Scenario, load_scenario

__version__ = package_version()  # from the package metadata: pyproject.toml says it once

__all__ = ["HealthEconomy", "Parameters", "Patient", "Population", "Scenario", "load_scenario",
           "__version__"]
