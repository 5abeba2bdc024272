"""The professional network of practices, GPs and specialists (networkx).

Engagement in commissioning spreads along these ties: GPs are tied to their practice
and to the other GPs there; practices in a locality know each other; locality leaders
know each other; each practice refers to a few specialists at its main trust.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np

from sim.agents import GP, AcuteTrust, GPPractice, Specialist


def node(agent) -> str:
    """The graph node name of an agent."""
    if isinstance(agent, GP):
        return f"gp_{agent.unique_id}"
    if isinstance(agent, Specialist):
        return f"specialist_{agent.unique_id}"
    return agent.name


def build_network(practices: list[GPPractice], trusts: list[AcuteTrust],
                  specialists: list[Specialist], rng: np.random.Generator,
                  specialists_per_practice: int) -> nx.Graph:
    """Build the graph; nodes carry ``kind`` and ``agent`` attributes, edges ``tie``
    (each practice knows ``specialists_per_practice`` consultants at its main trust)."""
    graph = nx.Graph()
    for agent in [*practices, *trusts, *specialists]:
        graph.add_node(node(agent), kind=type(agent).__name__, agent=agent)
    for practice in practices:
        for gp in practice.gps:
            graph.add_node(node(gp), kind="GP", agent=gp)
            graph.add_edge(node(gp), practice.name, tie="member")
        for a, b in itertools.combinations(practice.gps, 2):
            graph.add_edge(node(a), node(b), tie="partner")
    _link_localities(graph, practices)
    for specialist in specialists:
        graph.add_edge(node(specialist), specialist.trust.name, tie="employed")
    _link_referrals(graph, practices, trusts, specialists, rng, specialists_per_practice)
    return graph


def _link_localities(graph: nx.Graph, practices: list[GPPractice]) -> None:
    localities: dict[int, list[GPPractice]] = {}
    for practice in practices:
        localities.setdefault(practice.locality, []).append(practice)
    leaders = []
    for members in localities.values():
        for a, b in itertools.combinations(members, 2):
            graph.add_edge(a.name, b.name, tie="locality")
        leaders += [gp for practice in members for gp in practice.gps if gp.leader]
    for a, b in itertools.combinations(leaders, 2):
        if a.practice.locality != b.practice.locality:
            graph.add_edge(node(a), node(b), tie="leaders")


def _link_referrals(graph: nx.Graph, practices: list[GPPractice], trusts: list[AcuteTrust],
                    specialists: list[Specialist], rng: np.random.Generator,
                    per_practice: int) -> None:
    by_trust = {trust.index: [s for s in specialists if s.trust is trust] for trust in trusts}
    for practice in practices:
        pool = by_trust[practice.main_trust]
        if not pool:
            continue
        chosen = rng.choice(len(pool), size=min(per_practice, len(pool)),
                            replace=False)
        for i in chosen:
            graph.add_edge(practice.name, node(pool[i]), tie="referral")
