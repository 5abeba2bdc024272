"""What each commissioning model is: who joins, what budget, what incentives, what powers.

The five models differ only in these settings; the behaviour they produce comes from
the agents' responses (``sim.commissioning.engagement``, ``sim.care.services``), not
from effect sizes typed per model. A scenario may override the levers marked (lever)
under ``[commissioning]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Literal

from sim.declarations import rule

Grouping = Literal["none", "practice", "locality", "consortium", "partnership"]

NO_CAP = 1e9
"""A risk cap no overspend reaches (finite, so that a zero budget caps at zero)."""


@dataclass(frozen=True)
class ModelRules:
    """The settings of one commissioning model.

    Every commissioner's budget covers its patients' hospital care and prescribing.

    Attributes:
        name: the model's name (pct, fundholding, pbc, consortia, lcp).
        grouping: how practices form commissioners.
        voluntary: practices join only if engaged enough (else all join).
        join_engagement: practice engagement needed to join when voluntary.
        savings_share: (lever) share of a commissioner's savings paid to its practices.
        pooled_share: (lever) share of its savings a commissioner keeps to spend on
            services the next year (the rest of what is not paid to practices returns to
            the PCT; ``sim.commissioning.settlement``).
        budget_at_risk: (lever) 0 = notional budget (PCT keeps the risk), 1 = real.
        ownership: how much control clinicians have over services (0-1).
        meeting_burden: evenings spent in meetings (0-1), a cost to engagement.
        services: how care plans are provided: none, business_case (PCT approves after
            a delay), buy (contract a provider), make_or_buy (make once mature enough
            to run services, buy until then).
        risk_cap: largest overspend, as a share of budget, the holder bears (the PCT
            absorbs the rest).
        pct_control: how much the PCT still decides (approvals, performance
            management), which engages GPs less the less they trust it.
        specialist_offer: (lever) strength of the offer to consultants (0-1).
        trust_payment: (lever) how acute trusts are paid once commissioners form.
        formed_years_ago: age of the commissioning bodies at the start (years).
        min_population: smallest population a commissioner may cover.
        budget_lines: which lines (``sim.commissioning.lines``) the budget covers; they
            are real when ``budget_at_risk`` > 0, notional otherwise.
        entry_stage: for partnerships, the LCP stage (1-4, ``sim.commissioning.stages``) a
            new body starts at, which then sets its budget lines; 0 = not staged.
    """

    name: str
    grouping: Grouping
    voluntary: bool
    join_engagement: float = rule(
        "engagement (0-1)", "assumption: fundholding's 50% take-up over seven years "
        "(seed 003) and LCPs' voluntary start (seed 000)", 0, 1, "assumption")
    savings_share: float = rule(
        "share of savings", "the model's terms: PBC 25% to practices (seed 004); "
        "fundholders kept savings; others assumption", 0, 1, "lever")
    pooled_share: float = rule(
        "share of savings", "the model's terms: PBC 75% pooled for services (seed 004); "
        "others assumption", 0, 1, "lever")
    budget_at_risk: float = rule(
        "share of the budget at risk (0 notional, 1 real)", "the model's terms (seed 001: "
        "notional vs real budgets)", 0, 1, "lever")
    ownership: float = rule(
        "clinicians' control over services (0-1)", "assumption: ownership and autonomy "
        "engage clinicians (seed 002)", 0, 1, "assumption")
    meeting_burden: float = rule(
        "evening meetings (0-1)", "assumption: meetings at 7-8 pm are a real cost "
        "(seed 002)", 0, 1, "assumption")
    services: Literal["none", "business_case", "buy", "make_or_buy"]
    risk_cap: float = rule(
        "largest overspend borne, as a share of budget", "the model's terms (fundholding "
        "capped liability; others uncapped: NO_CAP)", 0, NO_CAP, "lever")
    pct_control: float = rule(
        "how much the PCT still decides (0-1)", "assumption: approvals and performance "
        "management (seed 004: ideas 'get lost for months')", 0, 1, "assumption")
    specialist_offer: float = rule(
        "strength of the offer to consultants (0-1)", "assumption: specialists inside "
        "the LCP (seed 000); outside bodies offer less", 0, 1, "assumption")
    trust_payment: Literal["pbr", "block"]
    formed_years_ago: float = rule(
        "years", "structure: PBC began in 2005 (DH 2004 guidance); new bodies are new",
        0, 50, "structure")
    min_population: int = rule(
        "people", "the model's terms: LCPs of at least 100,000 (seed 000); consortia "
        "assumption", 0, 10_000_000, "lever")
    budget_lines: tuple[str, ...] = ("prescribing", "elective", "emergency")
    entry_stage: int = dataclass_field(default=0, metadata={
        "unit": "LCP stage (0 = not staged)", "source": "structure: seed 002's four "
        "models as stages", "ge": 0, "le": 4, "prior": "structure"})


MODELS: dict[str, ModelRules] = {
    # The PCT commissions everything; practices hold no budget.
    "pct": ModelRules(
        "pct", grouping="none", voluntary=False, join_engagement=0.0, savings_share=0.0,
        pooled_share=0.0, budget_at_risk=0.0, ownership=0.0, meeting_burden=0.0, services="none",
        risk_cap=NO_CAP, pct_control=1.0, specialist_offer=0.0, trust_payment="pbr",
        formed_years_ago=0.0, min_population=0),
    # Volunteer practices hold real budgets for elective care, outpatients and
    # prescribing, keep their savings and carry capped risk (5% of budget: assumption;
    # the 1990s scheme capped fundholders' liability). Seed 003: 50% take-up in 7 years.
    "fundholding": ModelRules(
        "fundholding", grouping="practice", voluntary=True, join_engagement=0.45,
        savings_share=1.0, pooled_share=0.0, budget_at_risk=1.0, ownership=0.8,
        meeting_burden=0.2,
        services="none", risk_cap=0.05, pct_control=0.2, specialist_offer=0.0,
        trust_payment="pbr", formed_years_ago=0.0, min_population=0,
        budget_lines=("prescribing", "elective")),
    # Notional budgets for locality clusters; the PCT keeps the risk; savings only
    # through business cases it approves; 25% of savings to practices and 75% pooled
    # for services (seed 004);
    # PBC began in 2005, so clusters are five years old in 2010.
    "pbc": ModelRules(
        "pbc", grouping="locality", voluntary=False, join_engagement=0.0, savings_share=0.25,
        pooled_share=0.75, budget_at_risk=0.0, ownership=0.3, meeting_burden=0.4,
        services="business_case",
        risk_cap=NO_CAP, pct_control=1.0, specialist_offer=0.0, trust_payment="pbr",
        formed_years_ago=5.0, min_population=0),
    # Statutory consortia with real budgets and a failure regime; commissioning only,
    # so services are bought; a quality premium links a fifth of savings to practices
    # and the rest is reinvested in services (assumption); a national board
    # performance-manages them.
    "consortia": ModelRules(
        "consortia", grouping="consortium", voluntary=False, join_engagement=0.0,
        savings_share=0.2, pooled_share=0.8, budget_at_risk=1.0, ownership=0.5,
        meeting_burden=0.5,
        services="buy", risk_cap=NO_CAP, pct_control=0.3, specialist_offer=0.0,
        trust_payment="pbr", formed_years_ago=0.0, min_population=60_000),
    # Local clinical partnerships of at least 100,000 people (seed 000): real, capitated,
    # risk-adjusted budgets, make-or-buy, specialists inside, trusts on capitated
    # sub-contracts; savings shared half with practices, the rest reinvested in services
    # (assumption).
    # Partnerships formed under this model start at stage 3 (the whole hospital and
    # prescribing budget, make-or-buy for the whole population: seed 002's third model).
    "lcp": ModelRules(
        "lcp", grouping="partnership", voluntary=True, join_engagement=0.35,
        savings_share=0.5, pooled_share=0.5, budget_at_risk=1.0, ownership=1.0,
        meeting_burden=0.5,
        services="make_or_buy", risk_cap=NO_CAP, pct_control=0.1, specialist_offer=0.6,
        trust_payment="block", formed_years_ago=0.0, min_population=100_000,
        entry_stage=3),
}

# Where no local group bids in a big bang, the PCT contracts with another NHS or private
# organisation for the area (seed 002). It holds the same real budget and can make or
# buy, but GPs neither own it nor share its savings (assumption: its surplus is its
# margin), and consultants find its offer less attractive (assumption: 0.4 against 0.6).
OUTSIDE_ORGANISATION = ModelRules(
    "outside", grouping="partnership", voluntary=False, join_engagement=0.0,
    savings_share=0.0, pooled_share=0.0, budget_at_risk=1.0, ownership=0.1,
    meeting_burden=0.2, services="make_or_buy", risk_cap=NO_CAP, pct_control=0.1,
    specialist_offer=0.4, trust_payment="block", formed_years_ago=0.0, min_population=0,
    entry_stage=3)

ORGANISATION_KINDS: tuple[str, ...] = ("fundholding", "pbc", "consortia", "lcp", "outside")


def rules_for(name: str, **levers) -> ModelRules:
    """The rules of a model with any scenario levers applied (None = model default)."""
    return replace(MODELS[name], **{k: v for k, v in levers.items() if v is not None})
