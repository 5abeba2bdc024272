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

from sim.lazy import lazy_names

# Each module and the public names it defines, imported when a name is first read.
_LAZY = {
    "sim.risk.accuracy": ("practice_r_squared", "r_squared"),
    "sim.risk.analysis": ("AnalysisOptions", "Cell", "METHODS", "analyse_panel"),
    "sim.risk.arrangements": (
        "Arrangement", "Settlement", "conservation_errors", "named_arrangements", "settle",
    ),
    "sim.risk.defaults": ("GROUPINGS",),
    "sim.risk.holders": ("IntervalSums", "Partitions", "make_partitions"),
    "sim.risk.methods": (
        "Basis", "CapitationWeights", "capitation_basis", "forecast_pot", "historic_basis",
        "paced_shares", "split_pennies",
    ),
    "sim.risk.panel": ("Panel", "YearRecord", "simulate_panel"),
    "sim.risk.person_based": (
        "PersonBasedModel", "fit_for_budget_year", "person_based_basis",
    ),
    "sim.risk.report": ("area_forecast", "predictive_power", "risk_table"),
    "sim.risk.settings": ("BudgetSettings",),
    "sim.risk.study": ("RiskStudy", "run_replicate", "run_replicates"),
    "sim.risk.views": ("BudgetData", "budget_data", "capped", "choose_gamers", "gamed"),
}

__getattr__, __dir__, _PUBLIC = lazy_names(__name__, _LAZY)
__all__ = list(_PUBLIC)
