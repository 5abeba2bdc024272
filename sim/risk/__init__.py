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

from __future__ import annotations

import sys
import types

from sim.lazy import lazy_names

# Each public name and the module that defines it, imported when the name is first read.
_LAZY = {
    "practice_r_squared": "sim.risk.accuracy", "r_squared": "sim.risk.accuracy",
    "METHODS": "sim.risk.analysis", "AnalysisOptions": "sim.risk.analysis",
    "Cell": "sim.risk.analysis", "analyse_panel": "sim.risk.analysis",
    "Arrangement": "sim.risk.arrangements", "Settlement": "sim.risk.arrangements",
    "conservation_errors": "sim.risk.arrangements",
    "settle": "sim.risk.arrangements",
    "GROUPINGS": "sim.risk.defaults", "IntervalSums": "sim.risk.holders",
    "Partitions": "sim.risk.holders", "make_partitions": "sim.risk.holders",
    "Basis": "sim.risk.methods", "CapitationWeights": "sim.risk.methods",
    "capitation_basis": "sim.risk.methods", "forecast_pot": "sim.risk.methods",
    "historic_basis": "sim.risk.methods", "paced_shares": "sim.risk.methods",
    "split_pennies": "sim.risk.methods",
    "Panel": "sim.risk.panel", "YearRecord": "sim.risk.panel",
    "simulate_panel": "sim.risk.panel",
    "PersonBasedModel": "sim.risk.person_based",
    "fit_for_budget_year": "sim.risk.person_based",
    "person_based_basis": "sim.risk.person_based",
    "area_forecast": "sim.risk.report", "predictive_power": "sim.risk.report",
    "risk_table": "sim.risk.report",
    "BudgetSettings": "sim.risk.settings",
    "RiskStudy": "sim.risk.study", "run_replicate": "sim.risk.study",
    "run_replicates": "sim.risk.study",
    "BudgetData": "sim.risk.views", "budget_data": "sim.risk.views",
    "capped": "sim.risk.views", "choose_gamers": "sim.risk.views",
    "gamed": "sim.risk.views",
}

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


__getattr__, __dir__ = lazy_names(__name__, _LAZY)


class _Package(types.ModuleType):
    """``sim.risk.arrangements`` is a submodule and the name of its function that this
    package exports: the name is the function, as when the package imported its names
    eagerly, even after the submodule loads (when the import system sets the package's
    attribute of that name to the submodule; ignored here)."""

    @property
    def arrangements(self):
        from sim.risk.arrangements import arrangements

        return arrangements

    @arrangements.setter
    def arrangements(self, value) -> None:
        pass


sys.modules[__name__].__class__ = _Package
