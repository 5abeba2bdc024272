"""Carrying budget risk: pools, high-cost exclusions, corridors, carry-forward, failure.

Each holder-year is settled in whole pennies, in this order:

1. the holder's budget, plus any balance brought forward, less its hospital outturn;
2. **pool**: every holder pays ``pool_share`` of its budget into a pool shared by the
   holders of the same area (partition); the pool pays members' deficits pro rata, up
   to what it holds, and refunds what is left pro rata to contributions;
3. **corridor** (risk sharing with the PCT): beyond +/-``corridor_width`` of budget, the
   PCT pays ``corridor_pct_share`` of an overspend and takes that share of an
   underspend;
4. **failure** (only with carry-forward): a holder whose carried deficit exceeds
   ``failure_deficit_share`` of budget for ``failure_years`` year-ends running fails:
   the PCT writes the deficit off and takes over its management (the holder continues
   with a clean balance);
5. **carry-forward**: the year-end balance is brought forward into next year; without
   it, a surplus is kept and a deficit is the holder's to meet, each year on its own.

The **high-cost exclusion** is not a settlement step: the costs of a person above the
threshold are paid by the PCT, so budgets and outturns are both set on capped costs
(``sim.risk.views.capped``); ``excluded`` records what the PCT paid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.risk.methods import split_pennies
from sim.risk.settings import BudgetSettings


@dataclass(frozen=True)
class Arrangement:
    """One way of carrying risk (the zero values switch a step off)."""

    name: str
    pool_share: float = 0.0
    corridor_width: float | None = None
    corridor_pct_share: float = 0.0
    carry_forward: bool = False
    failure_deficit_share: float | None = None
    failure_years: int = 2
    high_cost_exclusion: bool = False


def named_arrangements(settings: BudgetSettings) -> tuple[Arrangement, ...]:
    """The arrangements compared by ``healthsim risk``, each on its own."""
    s = settings
    return (
        Arrangement("none"),
        Arrangement("pool", pool_share=s.pool_share),
        Arrangement("exclusion", high_cost_exclusion=True),
        Arrangement("corridor", corridor_width=s.corridor_width,
                    corridor_pct_share=s.corridor_pct_share),
        Arrangement("carry_forward", carry_forward=True),
        Arrangement("failure", carry_forward=True,
                    failure_deficit_share=s.failure_deficit_share,
                    failure_years=s.failure_years),
    )


FLOWS = ("budget", "brought_forward", "contribution", "payout", "refund", "pct_share",
         "write_off", "outturn", "excluded", "balance")


@dataclass(frozen=True)
class Settlement:
    """Every flow of every holder-year, (years, holders) whole pennies.

    ``balance`` is the year-end surplus (positive) or deficit (negative) after the
    arrangement, including anything brought forward; ``failed`` marks failures.
    """

    budget: np.ndarray
    brought_forward: np.ndarray
    contribution: np.ndarray
    payout: np.ndarray
    refund: np.ndarray
    pct_share: np.ndarray
    write_off: np.ndarray
    outturn: np.ndarray
    excluded: np.ndarray
    balance: np.ndarray
    failed: np.ndarray
    carry_forward: bool

    @property
    def position_pct(self) -> np.ndarray:
        """Outturn against budget after the arrangement: percent, overspend positive."""
        return -100.0 * self.balance / np.maximum(self.budget, 1)


def settle(budget: np.ndarray, outturn: np.ndarray, pool_group: np.ndarray,
           arrangement: Arrangement, excluded: np.ndarray | None = None) -> Settlement:
    """Settle (years, holders) budgets and outturns in pennies under ``arrangement``.

    ``pool_group`` (holders,) says which holders share a pool (one area each).
    """
    a = arrangement
    budget, outturn = np.asarray(budget, np.int64), np.asarray(outturn, np.int64)
    years, holders = budget.shape
    flows = {name: np.zeros((years, holders), np.int64) for name in FLOWS}
    flows["budget"][:], flows["outturn"][:] = budget, outturn
    if excluded is not None:
        flows["excluded"][:] = excluded
    failed = np.zeros((years, holders), bool)
    carried = np.zeros(holders, np.int64)
    deficit_years = np.zeros(holders, np.int64)
    for y in range(years):
        flows["brought_forward"][y] = carried
        position = budget[y] + carried - outturn[y]
        if a.pool_share > 0:
            position = _pool(position, budget[y], pool_group, a.pool_share, flows, y)
        if a.corridor_width is not None:
            share = _corridor_share(position, budget[y], a.corridor_width,
                                    a.corridor_pct_share)
            flows["pct_share"][y] = share
            position = position + share
        if a.failure_deficit_share is not None:
            in_deficit = -position > np.round(a.failure_deficit_share * budget[y])
            deficit_years = np.where(in_deficit, deficit_years + 1, 0)
            fails = deficit_years >= a.failure_years
            failed[y] = fails
            flows["write_off"][y] = np.where(fails, -position, 0)
            position = np.where(fails, 0, position)
            deficit_years[fails] = 0
        flows["balance"][y] = position
        carried = position if a.carry_forward else np.zeros(holders, np.int64)
    return Settlement(**flows, failed=failed, carry_forward=a.carry_forward)


def _pool(position: np.ndarray, budget: np.ndarray, group: np.ndarray, share: float,
          flows: dict, y: int) -> np.ndarray:
    contribution = np.round(share * budget).astype(np.int64)
    position = position - contribution
    deficit = np.maximum(-position, 0)
    n_groups = int(group.max()) + 1 if len(group) else 0
    funds = np.bincount(group, weights=contribution, minlength=n_groups).astype(np.int64)
    deficits = np.bincount(group, weights=deficit, minlength=n_groups).astype(np.int64)
    paid = np.minimum(funds, deficits)
    payout = _split_by_group(paid, deficit, group, n_groups)
    refund = _split_by_group(funds - paid, contribution, group, n_groups)
    flows["contribution"][y], flows["payout"][y], flows["refund"][y] = (
        contribution, payout, refund)
    return position + payout + refund


def _split_by_group(totals: np.ndarray, weights: np.ndarray, group: np.ndarray,
                    n_groups: int) -> np.ndarray:
    """Split each group's total over its members in proportion to ``weights``."""
    size = len(group) // max(n_groups, 1)
    if size * n_groups == len(group) and np.array_equal(group, np.repeat(np.arange(n_groups),
                                                                        size)):
        return split_pennies(totals, weights.reshape(n_groups, size)).ravel()
    out = np.zeros(len(group), np.int64)  # groups of unequal size or out of order
    for g in range(n_groups):
        members = np.flatnonzero(group == g)
        out[members] = split_pennies(totals[g], weights[members])
    return out


def _corridor_share(position: np.ndarray, budget: np.ndarray, width: float,
                    pct_share: float) -> np.ndarray:
    """The PCT's share: positive when it pays towards an overspend, negative when it
    takes part of an underspend."""
    band = np.round(width * budget).astype(np.int64)
    over = np.maximum(-position - band, 0)
    under = np.maximum(position - band, 0)
    return np.round(pct_share * over).astype(np.int64) - np.round(
        pct_share * under).astype(np.int64)


def conservation_errors(settlement: Settlement, pool_group: np.ndarray,
                        hospital_cost: np.ndarray | None = None) -> dict[str, int]:
    """Pennies by which each money identity fails (all zero when money is conserved).

    - ``holders``: every year, what holders received (budgets, money brought forward,
      pool payouts and refunds, the PCT's risk share and write-offs) equals what they
      paid (outturn, pool contributions) plus surpluses less deficits;
    - ``pool``: every year and area, contributions equal payouts plus refunds;
    - ``pct``: over the horizon, the PCT's money (budgets, risk share, write-offs,
      excluded costs) equals the hospital bill plus what holders keep or owe at the end
      (each year's balance without carry-forward, the last year's with it);
    - ``hospital``: if the full bill is given, outturn plus excluded costs equal it.
    """
    s = settlement
    received = s.budget + s.brought_forward + s.payout + s.refund + s.pct_share + s.write_off
    surplus, deficit = np.maximum(s.balance, 0), np.maximum(-s.balance, 0)
    holders = received - s.outturn - s.contribution - (surplus - deficit)
    n_groups = int(pool_group.max()) + 1 if len(pool_group) else 0
    pool = sum(np.abs(np.bincount(pool_group, weights=(s.contribution - s.payout - s.refund)[y],
                                  minlength=n_groups)).sum() for y in range(len(s.budget)))
    kept = s.balance[-1].sum() if s.carry_forward else s.balance.sum()
    pct = ((s.budget + s.pct_share + s.write_off + s.excluded).sum()
           - (s.outturn + s.excluded).sum() - kept)
    errors = {"holders": int(np.abs(holders).sum()), "pool": int(round(pool)),
              "pct": int(pct)}
    if hospital_cost is not None:
        errors["hospital"] = int((s.outturn + s.excluded).sum() - np.sum(hospital_cost))
    return errors
