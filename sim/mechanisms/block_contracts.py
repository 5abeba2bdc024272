"""Block contracts: trusts leave payment by results once partnerships want them to.

A partnership whose rules pay trusts by block (the LCP, and an outside organisation)
wants its trusts on block or capitated sub-contracts once it holds emergency care
(LCP stage 3 and up). At the start of each financial year, when such bodies cover
``block_contract_coverage`` of a trust's catchment, the trust moves to a block: fixed
monthly sums at this year's expected value of its activity, so extra admissions earn
it nothing (``sim.money.payments``; ``sim.mechanisms.pbr_drift`` stops).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from sim.commissioning.stages import STAGES
from sim.declarations import param
from sim.mechanisms.unit import Mechanism, Phase

if TYPE_CHECKING:
    from sim.agents import Commissioner


class BlockContractParameters(BaseModel):
    """When a trust agrees a block."""

    block_contract_coverage: float = param(
        0.5, "share of a trust's catchment that partnerships holding emergency budgets "
        "must cover before the trust moves to a block or capitated sub-contract",
        "assumption: a trust agrees a block once most of its local activity is "
        "commissioned by partnerships that want one (seed 000, 002)", ge=0, le=1)


def agree_blocks(model, month: int, expected) -> None:
    """The contracts hook: trusts whose catchment is covered enough go on block
    (``expected`` is this month's expected care, which prices the block)."""
    for trust in model.trusts:
        if trust_goes_block(model, trust.index):
            trust.move_to_block(expected.value_by_category(model.params, trust.index))


def wants_block(body: Commissioner) -> bool:
    """Whether this body wants its trusts on block or capitated sub-contracts."""
    return body.rules.trust_payment == "block" and (
        not body.stage or STAGES[body.stage].block_contracts)


def trust_goes_block(model, trust_index: int) -> bool:
    """Whether bodies wanting a block contract cover enough of the trust's catchment
    (``block_contract_coverage``; never with no such body at all)."""
    coverage = block_coverage(model.practices, trust_index)
    return coverage > 0 and coverage >= model.params.block_contract_coverage


def block_coverage(practices, trust_index: int) -> float:
    """Share of a trust's catchment covered by bodies that want a block contract."""
    catchment = [p for p in practices if p.main_trust == trust_index]
    total = sum(p.list_size for p in catchment)
    covered = sum(p.list_size for p in catchment
                  if p.commissioner is not None and wants_block(p.commissioner))
    return covered / total if total else 0.0


MECHANISM = Mechanism(
    "block_contracts",
    "trusts move from payment by results to block contracts under partnerships",
    BlockContractParameters, {Phase.CONTRACTS: agree_blocks})
