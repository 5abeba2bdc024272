"""The four LCP models of seed 002 as stages a partnership climbs.

1. ring-fenced GMS plus a capitated locality budget for an increased range of services:
   real budget for the low-risk line (prescribing), services made or bought;
2. joining with foundation trusts along clinical pathways: elective care becomes real
   too, and consultants are offered a place (outpatient clinics, advice);
3. an integrated care organisation making make-or-buy decisions for a whole population:
   emergency care becomes real and the trusts move to block or capitated sub-contracts;
4. the whole local budget including the practices' own GMS/PMS contracts.

Each April a partnership moves up one stage when it meets the next stage's conditions:
enough organisational maturity, enough engaged members, a clean track record (no
deficit last year) and, for emergency care, the population to carry the risk. The
thresholds are assumptions (seed 002 names the conditions, not their levels): each
step asks for a little more of what the previous one built.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.commissioning.lines import BudgetLine
from sim.declarations import rule


@dataclass(frozen=True)
class Stage:
    """One LCP model: what it holds and what it takes to get there."""

    number: int
    label: str
    real_lines: tuple[BudgetLine, ...]
    specialists: bool  # consultants are offered a place
    block_contracts: bool  # trusts move to block or capitated sub-contracts
    min_maturity: float = rule(
        "organisational maturity (0-1) needed to enter", "assumption: seed 002 names the "
        "conditions, not their levels; each step asks a little more", 0, 1, "assumption")
    min_engagement: float = rule(
        "list-weighted engagement of members (0-1) needed to enter", "assumption: as "
        "min_maturity", 0, 1, "assumption")
    min_population: int = rule(
        "people covered, to carry the stage's risk", "seed 002: 100,000 is enough for "
        "outcome measures and bargaining power for emergency care", 0, 10_000_000,
        "lever")


STAGES: dict[int, Stage] = {
    1: Stage(1, "capitated locality budget", ("prescribing",), specialists=False,
             block_contracts=False, min_maturity=0.0, min_engagement=0.0, min_population=0),
    2: Stage(2, "clinical pathways with trusts", ("prescribing", "elective"),
             specialists=True, block_contracts=False, min_maturity=0.35,
             min_engagement=0.4, min_population=0),
    # 100,000 people is "enough for outcome measures and bargaining power for emergency
    # care" (seed 002), the size the LCP model is built around (seed 000).
    3: Stage(3, "integrated care organisation", ("prescribing", "elective", "emergency"),
             specialists=True, block_contracts=True, min_maturity=0.5,
             min_engagement=0.45, min_population=100_000),
    4: Stage(4, "whole local budget incl. GMS/PMS",
             ("prescribing", "elective", "emergency", "primary_care"), specialists=True,
             block_contracts=True, min_maturity=0.65, min_engagement=0.5,
             min_population=100_000),
}
TOP_STAGE = max(STAGES)


def ready_for(stage: Stage, maturity: float, engagement: float, population: int,
              deficit_last_year: bool) -> bool:
    """Whether a partnership meets the conditions to enter ``stage``."""
    return (maturity >= stage.min_maturity and engagement >= stage.min_engagement
            and population >= stage.min_population and not deficit_last_year)
