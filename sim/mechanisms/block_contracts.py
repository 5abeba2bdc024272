"""Block contracts: trusts' income moves from payment by results to blocks in proportion
to the partnerships that want them.

A partnership whose rules pay trusts by block (the LCP, and an outside organisation)
wants its trusts on block or capitated sub-contracts once it holds emergency care
(LCP stage 3 and up). At the start of each financial year each trust puts on a block
the share of its income that comes from such bodies' patients (their share of its
catchment): fixed monthly sums at this year's expected value of that activity. On that
share extra admissions earn nothing (``sim.money.payments``), so the payment-driven part
of the short-stay drift turns into demand management (``sim.mechanisms.pbr_drift``).

A block has costs as well as benefits: it pays nothing for extra elective work, which
is why payment by results was brought in (Farrar et al., BMJ 2009, found activity and
day cases rose faster under it), so a trust plans less elective capacity on the blocked
share (``block_elective_throughput_loss``) and waits lengthen. The blocks' weaker data
(no activity-level invoices to challenge) is not modelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from sim.commissioning.stages import STAGES
from sim.declarations import param, uniform
from sim.mechanisms.unit import Mechanism, Phase

if TYPE_CHECKING:
    from sim.agents import Commissioner


class BlockContractParameters(BaseModel):
    """What a block costs in elective work."""

    block_elective_throughput_loss: float = param(
        0.05, "share of planned elective capacity a trust loses on the share of its "
        "income on a block",
        "assumption: under blocks extra elective work earns nothing; payment by results "
        "raised elective activity and day cases relative to Scotland's blocks (Farrar et "
        "al., BMJ 2009;339:b3047, of the order of a few per cent); range 0-0.1",
        ge=0, le=1,
        prior=uniform(0, 0.1, basis="Farrar et al. 2009: elective and day-case activity "
                      "grew a few per cent faster under payment by results than under "
                      "Scotland's blocks; none to twice that"))


def agree_blocks(model, month: int, expected) -> None:
    """The contracts hook: each trust's block share is the share of its catchment
    covered by bodies that want a block (``expected`` prices the block: this month's
    expected care). In an era whose district holds every trust on a block (the 1990s,
    ``sim.eras.contracts``) the district's contract stands."""
    if getattr(model.commissioning, "district", None) is not None:
        return
    loss = model.params.block_elective_throughput_loss
    for trust in model.trusts:
        share = block_coverage(model.practices, trust.index)
        if share <= 0:
            trust.leave_block()
            continue
        trust.move_to_block(expected.value_by_category(model.params, trust.index), share)
        trust.elective_capacity = int(round(trust.elective_capacity * (1.0 - loss * share)))


def wants_block(body: Commissioner) -> bool:
    """Whether this body wants its trusts on block or capitated sub-contracts."""
    return body.rules.trust_payment == "block" and (
        not body.stage or STAGES[body.stage].block_contracts)


def block_coverage(practices, trust_index: int) -> float:
    """Share of a trust's catchment covered by bodies that want a block contract."""
    catchment = [p for p in practices if p.main_trust == trust_index]
    total = sum(p.list_size for p in catchment)
    covered = sum(p.list_size for p in catchment
                  if p.commissioner is not None and wants_block(p.commissioner))
    return covered / total if total else 0.0


MECHANISM = Mechanism(
    "block_contracts",
    "trusts' income moves from payment by results to blocks in proportion to the "
    "partnerships that want them",
    BlockContractParameters, {Phase.CONTRACTS: agree_blocks})
