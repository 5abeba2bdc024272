"""What each commissioning model is: who joins, what budget, what incentives, what powers.

The five models differ only in these settings; the behaviour they produce comes from
the agents' responses (``sim.behaviour``, ``sim.services``), not from effect sizes typed
per model. A scenario may override the levers marked (lever) under ``[commissioning]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Grouping = Literal["none", "practice", "locality", "consortium", "partnership"]


@dataclass(frozen=True)
class ModelRules:
    """The settings of one commissioning model.

    Attributes:
        name: the model's name (pct, fundholding, pbc, consortia, lcp).
        grouping: how practices form commissioners.
        voluntary: practices join only if engaged enough (else all join).
        join_engagement: practice engagement needed to join when voluntary.
        savings_share: (lever) share of a commissioner's savings paid to its practices.
        budget_at_risk: (lever) 0 = notional budget (PCT keeps the risk), 1 = real.
        ownership: how much control clinicians have over services (0-1).
        meeting_burden: evenings spent in meetings (0-1), a cost to engagement.
        services: how care plans are provided: none, business_case (PCT approves after
            a delay), buy (contract a provider), make (provide them itself).
        specialist_offer: (lever) strength of the offer to consultants (0-1).
        trust_payment: (lever) how acute trusts are paid once commissioners form.
        formed_years_ago: age of the commissioning bodies at the start (years).
        min_population: smallest population a commissioner may cover.
        lines: budget lines held (hospital, prescribing).
    """

    name: str
    grouping: Grouping
    voluntary: bool
    join_engagement: float
    savings_share: float
    budget_at_risk: float
    ownership: float
    meeting_burden: float
    services: Literal["none", "business_case", "buy", "make"]
    specialist_offer: float
    trust_payment: Literal["pbr", "block"]
    formed_years_ago: float
    min_population: int
    lines: tuple[str, ...]


HOSPITAL_AND_PRESCRIBING = ("hospital", "prescribing")

MODELS: dict[str, ModelRules] = {
    # The PCT commissions everything; practices hold no budget.
    "pct": ModelRules("pct", "none", False, 0.0, 0.0, 0.0, 0.0, 0.0, "none", 0.0, "pbr",
                      0.0, 0, ()),
    # Volunteer practices hold real budgets for elective care, outpatients and
    # prescribing and keep their savings (seed 003: 50% take-up after seven years).
    "fundholding": ModelRules("fundholding", "practice", True, 0.45, 1.0, 1.0, 0.8, 0.2,
                              "none", 0.0, "pbr", 0.0, 0, HOSPITAL_AND_PRESCRIBING),
    # Notional budgets for locality clusters; savings only through business cases the
    # PCT approves; 25% of savings to practices (seed 004); PBC began in 2005.
    "pbc": ModelRules("pbc", "locality", False, 0.0, 0.25, 0.0, 0.3, 0.4, "business_case",
                      0.0, "pbr", 5.0, 0, HOSPITAL_AND_PRESCRIBING),
    # Statutory consortia with real budgets; commissioning only, so services are
    # bought; a quality premium links a fifth of savings to practices (assumption).
    "consortia": ModelRules("consortia", "consortium", False, 0.0, 0.2, 1.0, 0.5, 0.5, "buy",
                            0.0, "pbr", 0.0, 60_000, HOSPITAL_AND_PRESCRIBING),
    # Local clinical partnerships of at least 100,000 people (seed 000): real, capitated
    # budgets, make-or-buy, specialists inside, trusts on capitated sub-contracts.
    "lcp": ModelRules("lcp", "partnership", True, 0.35, 0.5, 1.0, 1.0, 0.5, "make", 0.6,
                      "block", 0.0, 100_000, HOSPITAL_AND_PRESCRIBING),
}


def rules_for(name: str, **levers) -> ModelRules:
    """The rules of a model with any scenario levers applied (None = model default)."""
    return replace(MODELS[name], **{k: v for k, v in levers.items() if v is not None})
