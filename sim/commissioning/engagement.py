"""GP engagement, GPs' interest in joining, and what engaged practices change.

GPs respond to their own deal. Each GP has a persistent attitude to commissioning
(``GP.attitude``); with no deal they head for the engagement it leads to. A model's
incentives act on its members only (``target_engagement``): the savings they would
share, less the risk of a real budget weighed with loss aversion (in per cent of
budget, larger for small bodies), ownership less the evening meetings, trust in the
PCT where it still decides, and last year's result. Each month engagement moves part of
the way towards that target and part of the way towards peers' along the professional
network, where leaders weigh more.

GPs outside a voluntary model's bodies decide whether to join from the deal on offer as
far as they can see it (``joining_interest``: what is known at launch plus the results
of those already in); a practice joins when its GPs' mean interest reaches the model's
threshold (``sim.commissioning.formation.willing``). Under PCT commissioning there is
no deal and engagement stays near where attitudes put it.

Engaged practices, inside a commissioner that has matured, refer less and closer to
their peers, prescribe more efficiently and manage long-term conditions better — each
on the budget lines their commissioner holds (``line_weight``).
"""

from __future__ import annotations

import math
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

PER_CENT = 100  # the money term is in per cent of budget
ENGAGEMENT_FLOOR = float(np.finfo(float).eps)  # engagement kept off 0 and 1 for its logit


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


def baseline_logit(gps: list[GP], params: WorldParameters) -> np.ndarray:
    """Each GP's engagement with no deal at all, on the logit scale: the starting mean
    shifted by the GP's own persistent attitude (``GP.attitude``)."""
    base = np.log(params.gp_engagement_mean / (1 - params.gp_engagement_mean))
    return base + np.array([gp.attitude for gp in gps])


def expected_shortfall(population: np.ndarray, risk_cap: np.ndarray,
                       params: WorldParameters) -> np.ndarray:
    """Expected overspend, as a share of budget, of a body covering ``population``.

    Outturn against budget varies by chance, more for small bodies: its spread falls
    with the square root of the population (``budget_outturn_sd_5000`` at 5,000 people).
    For a normal spread the expected shortfall is the spread over sqrt(2 pi); the body
    bears no more than its ``risk_cap``.
    """
    spread = params.budget_outturn_sd_5000 * np.sqrt(
        params.budget_outturn_reference_population / np.maximum(population, 1.0))
    return np.minimum(spread / np.sqrt(math.tau), risk_cap)


def deal_logit(gps: list[GP], rules: list[ModelRules], realness: np.ndarray,
               population: np.ndarray, params: WorldParameters,
               driver: str = "incentives_and_ownership",
               pct_trust: float | None = None) -> np.ndarray:
    """How much the deal of ``rules`` moves each GP's engagement (logit points).

    - money: the GP's share of expected savings on the real part of the budget, less
      the expected overspend weighed with loss aversion (a pound lost weighs
      ``loss_aversion`` pounds gained; Tversky and Kahneman 1992), in per cent of
      budget, times the GP's motivation by money (notional savings are worth less);
    - ownership and autonomy, less the evening meetings it costs;
    - trust in the PCT, where the PCT still decides;
    ``driver`` (``sim.structure.Structure.engagement_driver``) keeps the money, the
    ownership, or both. ``realness`` is how real the budget is (budget at risk x real
    share); ``population`` the size of the body, which sets its risk; ``pct_trust``
    GPs' trust in the PCT now (``CommissioningSystem.update_pct_trust``; default its
    starting value).
    """
    trust_now = params.pct_trust if pct_trust is None else pct_trust
    def each(attribute: str) -> np.ndarray:
        return np.array([getattr(r, attribute) for r in rules], dtype=float)

    grouped = np.array([r.grouping != "none" for r in rules])
    motivation = np.array([gp.financial_motivation for gp in gps])
    notional = params.notional_savings_worth  # notional savings are worth less
    worth = notional + (1 - notional) * realness
    gain = each("savings_share") * worth * params.expected_saving_share
    loss = (params.loss_aversion * each("budget_at_risk") * realness
            * expected_shortfall(population, each("risk_cap"), params))
    money = params.engagement_weight_financial * motivation * PER_CENT * (gain - loss)
    ownership = (params.engagement_weight_ownership * each("ownership")
                 - params.engagement_weight_time * each("meeting_burden"))
    trust = (params.engagement_weight_trust * each("pct_control")
             * (trust_now - params.pct_trust_neutral))
    if driver == "incentives":
        ownership = np.zeros_like(ownership)
    elif driver == "ownership":
        money = np.zeros_like(money)
    return grouped * (money + ownership + trust)


def target_engagement(gps: list[GP], rules: list[ModelRules | None], realness: np.ndarray,
                      population: np.ndarray, results: np.ndarray, params: WorldParameters,
                      incentives: bool = True, driver: str = "incentives_and_ownership",
                      pct_trust: float | None = None) -> np.ndarray:
    """Where each GP's engagement is heading.

    A model's incentives act on its members only: ``rules`` are the rules of each GP's
    commissioner, None for a GP in no body (PCT commissioning, or outside a voluntary
    model's bodies), who heads for their own baseline (``baseline_logit``). Members add
    their deal (``deal_logit``) and last year's result (``results``: +1 savings paid,
    -1 a deficit). With ``incentives`` off every GP heads for their baseline.
    """
    logit = baseline_logit(gps, params)
    member = np.array([r is not None for r in rules])
    if incentives and member.any():
        rows = np.flatnonzero(member)
        chosen = [gps[i] for i in rows]
        logit[rows] += (deal_logit(chosen, [rules[i] for i in rows], realness[rows],
                                   population[rows], params, driver, pct_trust)
                        + params.engagement_weight_results * results[rows])
    return 1.0 / (1.0 + np.exp(-logit))


def engagement_on_offer(gps: list[GP], rules: ModelRules, params: WorldParameters,
                        incentives: bool = True, population: np.ndarray | None = None,
                        driver: str = "incentives_and_ownership",
                        pct_trust: float | None = None) -> np.ndarray:
    """Where each GP's engagement would head under ``rules`` with a fully real budget,
    in a body of ``population`` people (default: the rules' minimum, or the GP's own
    practice where the model has none): how the deal on offer looks to them."""
    if population is None:
        population = np.array([max(rules.min_population, gp.practice.list_size)
                               for gp in gps], dtype=float)
    return target_engagement(gps, [rules] * len(gps), np.ones(len(gps)), population,
                             np.zeros(len(gps)), params, incentives, driver, pct_trust)


def joining_interest(gps: list[GP], rules: ModelRules, visibility: float,
                     population: np.ndarray, params: WorldParameters,
                     incentives: bool = True, driver: str = "incentives_and_ownership",
                     pct_trust: float | None = None) -> np.ndarray:
    """Each GP's interest in joining a voluntary model's body (0-1): their engagement
    now, moved by the deal on offer as far as they can see it (``visibility``, 0-1:
    what is known of the scheme at launch plus the results of those already in it).

    A practice joins when its GPs' mean interest reaches the model's
    ``join_engagement`` (``sim.commissioning.formation.willing``): what joining would
    give them (savings, control) less its costs (meetings, the risk of a real budget
    weighed with loss aversion).
    """
    now = np.clip([gp.engagement for gp in gps], ENGAGEMENT_FLOOR, 1 - ENGAGEMENT_FLOOR)
    logit = np.log(now / (1 - now))
    if incentives:
        logit += visibility * deal_logit(gps, [rules] * len(gps), np.ones(len(gps)),
                                         population, params, driver, pct_trust)
    return 1.0 / (1.0 + np.exp(-logit))


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
    prescribing on the prescribing line, better LTC management on the emergency line
    (fewer admissions now, and slower progression to severe disease:
    ``sim.people.severity``).
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
        practice.progression_factor = 1.0 - params.ltc_progression_effect * emergency


def line_weight(body, line: str, params: WorldParameters) -> float:
    """How much of an effect on ``line`` a commissioner's practices make: all of it if
    its budget (real or notional) covers the line, else ``effect_without_budget_line``."""
    if body is None:
        return 0.0
    return 1.0 if line in body.budget_lines else params.effect_without_budget_line
