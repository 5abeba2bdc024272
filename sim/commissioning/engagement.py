"""GP engagement and what engaged practices change.

Each month every GP's engagement moves part of the way towards a target set by the
incentives their commissioning model offers — financial (share of savings, how real
the budget is, their own motivation by money), ownership, the cost of evening
meetings, and last year's result — and part of the way towards their peers'
engagement along the professional network, where leaders weigh more. Under PCT
commissioning the incentives are nil and engagement stays near its starting level.

Engaged practices, inside a commissioner that has matured, refer less and closer to
their peers, prescribe more efficiently and manage long-term conditions better — each
on the budget lines their commissioner holds (``line_weight``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from sim.agents import GP, GPPractice
from sim.agents.network import node
from sim.commissioning import ModelRules
from sim.mechanisms import Mechanisms

if TYPE_CHECKING:
    from sim.world_parameters import WorldParameters


def influence_matrix(gps: list[GP], graph: nx.Graph, params: WorldParameters) -> np.ndarray:
    """Row-normalised weights of each GP's peers (partners, leaders, locality GPs)."""
    index = {node(gp): i for i, gp in enumerate(gps)}
    weights = np.zeros((len(gps), len(gps)))
    for i, gp in enumerate(gps):
        for neighbour in graph.neighbors(node(gp)):
            if neighbour in index:
                weights[i, index[neighbour]] = 1.0
        for practice in graph.neighbors(gp.practice.name):
            if graph.edges[gp.practice.name, practice].get("tie") == "locality":
                for other in graph.nodes[practice]["agent"].gps:
                    weights[i, index[node(other)]] = max(weights[i, index[node(other)]],
                                                         params.locality_tie_weight)
    leader = np.array([params.engagement_leader_weight if gp.leader else 1.0 for gp in gps])
    weights *= leader[np.newaxis, :]
    totals = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)


def target_engagement(gps: list[GP], rules: list[ModelRules], realness: np.ndarray,
                      params: WorldParameters, incentives: bool = True) -> np.ndarray:
    """Where each GP's engagement is heading, from the incentives they face.

    ``rules`` are the rules each GP works under (their commissioner's, else the
    regime's); ``realness`` how real their budget is (budget at risk x real share).
    With ``incentives`` off every GP heads for the baseline level.
    """
    base = np.log(params.gp_engagement_mean / (1 - params.gp_engagement_mean))
    logit = np.full(len(gps), base)
    if not incentives:
        return 1.0 / (1.0 + np.exp(-logit))

    def each(attribute: str) -> np.ndarray:
        return np.array([getattr(r, attribute) for r in rules], dtype=float)

    grouped = np.array([r.grouping != "none" for r in rules])
    motivation = np.array([gp.financial_motivation for gp in gps])
    result = np.array([gp.practice.commissioner.last_result
                       if gp.practice.commissioner else 0 for gp in gps])
    notional = params.notional_savings_worth  # notional savings are worth less
    worth = notional + (1 - notional) * realness
    logit += grouped * (params.engagement_weight_financial * each("savings_share") * worth
                        * motivation
                        + params.engagement_weight_ownership * each("ownership")
                        - params.engagement_weight_time * each("meeting_burden")
                        + params.engagement_weight_trust * each("pct_control")
                        * (params.pct_trust - params.pct_trust_neutral)
                        + params.engagement_weight_results * result)
    return 1.0 / (1.0 + np.exp(-logit))


def engagement_on_offer(gps: list[GP], rules: ModelRules, params: WorldParameters,
                        incentives: bool = True) -> np.ndarray:
    """Where each GP's engagement would head under ``rules`` with a fully real budget:
    how the deal on offer (a partnership's, say) looks to them."""
    return target_engagement(gps, [rules] * len(gps), np.ones(len(gps)), params,
                             incentives)


def update_engagement(gps: list[GP], influence: np.ndarray, target: np.ndarray,
                      params: WorldParameters) -> None:
    """One month of movement towards the incentives' ``target`` and towards peers."""
    engagement = np.array([gp.engagement for gp in gps])
    peers = influence @ engagement
    has_peers = influence.sum(axis=1) > 0
    engagement = (engagement + params.engagement_adjustment * (target - engagement)
                  + params.engagement_peer_influence * has_peers * (peers - engagement))
    for gp, value in zip(gps, np.clip(engagement, 0.0, 1.0), strict=True):
        gp.engagement = float(value)


def apply_practice_effects(practices: list[GPPractice], month: int, params: WorldParameters,
                           specialist_share: float = 0.0,
                           specialists_for: Callable[[object], bool] = lambda body: True,
                           mechanisms: Mechanisms | None = None) -> None:
    """Set each practice's rate factors from its engagement inside a commissioner.

    An effect counts in full only where the commissioner's budget covers the line it
    saves on (``line_weight``): fewer referrals on the elective line, cheaper
    prescribing on the prescribing line, better LTC management on the emergency line.
    ``specialist_share`` is the share of consultants working with the partnerships:
    their advice cuts the referrals of member practices of bodies that offer them a
    place (``specialists_for``) and their office medicine some emergency admissions
    (seed 000) — consultants' own practice, whatever the budget covers. While a
    reorganisation is under way, managers' distraction takes a share of the practice
    effects (seed 003).
    """
    mechanisms = mechanisms or Mechanisms()
    share = specialist_share if mechanisms.specialists else 0.0
    advice = 1.0 - params.specialist_advice_effect * share
    office_medicine = 1.0 - params.specialist_admission_effect * share
    for practice in practices:
        body = practice.commissioner
        effective = 0.0
        if body is not None and mechanisms.practice_effects:
            effective = practice.engagement * body.maturity(month, params.maturity_years)
            if mechanisms.transition_costs and body.in_transition(month):
                effective *= 1.0 - params.transition_distraction
        with_specialists = body is not None and specialists_for(body)
        elective, prescribing, emergency = (effective * line_weight(body, line, params)
                                            for line in ("elective", "prescribing",
                                                         "emergency"))
        converge = practice.referral_propensity ** (-params.referral_convergence * elective)
        practice.referral_factor = (converge * (1.0 - params.referral_reduction_max * elective)
                                    * (advice if with_specialists else 1.0))
        practice.prescribing_factor = 1.0 - params.prescribing_saving_max * prescribing
        practice.emergency_factor = ((1.0 - params.ltc_management_effect * emergency)
                                     * (office_medicine if with_specialists else 1.0))


def line_weight(body, line: str, params: WorldParameters) -> float:
    """How much of an effect on ``line`` a commissioner's practices make: all of it if
    its budget (real or notional) covers the line, else ``effect_without_budget_line``."""
    if body is None:
        return 0.0
    return 1.0 if line in body.budget_lines else params.effect_without_budget_line
