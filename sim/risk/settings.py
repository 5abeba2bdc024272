"""Every default of budget setting and risk arrangements, with its unit and source.

Declared once here (as ``sim/parameters.py`` does for the model), so the command line,
the notebook and the tests read the same values. Words in the sources follow
``sim/parameters.py``: "assumption" is our judgement, with the reasoning and the range a
sweep should explore.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from sim.declarations import param


class BudgetSettings(BaseModel):
    """How budgets are set and how their risk is carried (immutable)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    # --- Gaming historic budgets ---------------------------------------------------------
    gaming_uplift: float = param(
        0.05, "share by which a gaming practice's elective and outpatient activity rises "
        "in the year its budget is based on",
        "assumption on the size; the response itself is documented: practices inflated "
        "hospital activity in the year before fundholding, which set their budgets "
        "(Croxson, Propper and Perkins, J Public Econ 2001). Range 0-0.15", ge=0, le=1)
    gaming_share: float = param(
        0.5, "share of practices that game when budgets are set from their past activity",
        "assumption: not every practice responds to the incentive (fundholding reached "
        "only half of practices, seed 003); range 0-1. If every practice gamed alike, "
        "shares of a fixed pot would not move", ge=0, le=1)

    # --- Pace of change ------------------------------------------------------------------
    pace_years: int = param(
        3, "years to move a holder from its current (historic) share to its target "
        "(person-based) share",
        "assumption: NHS allocations move towards target over several years rather than "
        "at once, so no holder loses too much in one year; range 1-10", ge=1, le=20)

    # --- Risk arrangements ---------------------------------------------------------------
    pool_share: float = param(
        0.02, "share of each holder's budget paid into the risk pool",
        "assumption: a reserve of 1-3% of budget, like the PCT's own contingency and 1% "
        "planned surplus; the pool pays members' deficits pro rata and refunds the rest",
        ge=0, le=0.5)
    high_cost_threshold: float = param(
        5000, "GBP a year per person, above which the PCT pays the person's hospital cost",
        "assumption: the order of the GP fundholding stop-loss on one patient's costs in a "
        "year (a few thousand pounds in the 1990s; not inflated); in the model about 1 "
        "person in 150 costs more than this in a year", ge=0, le=1e7)
    corridor_width: float = param(
        0.02, "share of budget within which the holder keeps all of its over- or "
        "underspend",
        "assumption: risk-sharing agreements leave small variances with the holder; "
        "range 0-0.1", ge=0, le=1)
    corridor_pct_share: float = param(
        0.5, "share of the over- or underspend beyond the corridor taken by the PCT",
        "assumption: an even split of large variances; 1 would cap the holder's risk at "
        "the corridor", ge=0, le=1)
    failure_deficit_share: float = param(
        0.02, "carried deficit, as a share of the year's budget, that counts as a deficit "
        "year for the failure regime",
        "assumption: a deficit beyond what a year's 1% planned surplus and contingency "
        "could absorb; range 0.01-0.05", ge=0, le=1)
    failure_years: int = param(
        2, "consecutive deficit years after which a holder fails (the PCT writes off its "
        "deficit and takes over its management)",
        "assumption: the failure regime for GP commissioners (seed 003) acts when deficits "
        "persist, not on one bad year", ge=1, le=10)

    # --- The simulated history -----------------------------------------------------------
    warmup_years: int = param(
        1, "simulated years discarded before any budget data are used",
        "assumption: the first simulated year starts with no utilisation history and a "
        "seeded waiting list, so its per-head cost is not on trend", ge=0, le=5)
