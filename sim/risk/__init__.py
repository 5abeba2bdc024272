"""Setting budgets and carrying their risk.

Budget-setting methods (historic spend, weighted capitation, person-based allocation, a
pace-of-change rule), risk arrangements (pool, high-cost exclusion, corridor with the
PCT, carry-forward, failure regime) and the study behind ``healthsim risk``: how big a
budget holder must be to carry the risk.

Python API::

    from sim.risk import RiskStudy, run_replicates, risk_table
    outputs = run_replicates(RiskStudy(population=200_000, years=4, sizes=(10_000, 100_000)))
    risk_table(outputs)   # one row per size, grouping, gaming, method and arrangement
"""

from sim.risk.accuracy import practice_r_squared, r_squared
from sim.risk.analysis import METHODS, AnalysisOptions, Cell, analyse_panel
from sim.risk.arrangements import (
    Arrangement,
    Settlement,
    arrangements,
    conservation_errors,
    settle,
)
from sim.risk.holders import GROUPINGS, IntervalSums, Partitions, make_partitions
from sim.risk.methods import (
    Basis,
    CapitationWeights,
    capitation_basis,
    forecast_pot,
    historic_basis,
    paced_shares,
    split_pennies,
)
from sim.risk.panel import Panel, YearRecord, simulate_panel
from sim.risk.person_based import PersonBasedModel, fit_for_budget_year, person_based_basis
from sim.risk.report import area_forecast, predictive_power, risk_table
from sim.risk.settings import BudgetSettings
from sim.risk.study import RiskStudy, run_replicate, run_replicates
from sim.risk.views import BudgetData, budget_data, capped, choose_gamers, gamed

__all__ = [
    "GROUPINGS", "METHODS", "AnalysisOptions", "Arrangement", "Basis", "BudgetData",
    "BudgetSettings", "CapitationWeights", "Cell", "IntervalSums", "Panel", "Partitions",
    "PersonBasedModel", "RiskStudy", "Settlement", "YearRecord", "analyse_panel",
    "area_forecast", "arrangements", "budget_data", "capitation_basis", "capped",
    "choose_gamers", "conservation_errors", "fit_for_budget_year", "forecast_pot", "gamed",
    "historic_basis", "make_partitions", "paced_shares", "person_based_basis",
    "practice_r_squared", "predictive_power", "r_squared", "risk_table", "run_replicate",
    "run_replicates", "settle", "simulate_panel", "split_pennies",
]
