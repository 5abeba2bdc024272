"""The professional network on screen: who influences whom, coloured by engagement.

Engagement in commissioning spreads along the ties of ``model.network`` (GPs to their
practice and partners, practices in a locality, locality leaders, practices to the
consultants they refer to). Laid out once per economy, the picture then changes only in
colour as engagement moves, so a room can watch it spread. The layout is the same for
A and B (same economy), so the two pictures can be compared node by node.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

LAYOUT_SEED = 7  # any fixed number: the same economy is always drawn the same way
LAYOUT_ITERATIONS = 60  # networkx default 50; a little more settles localities apart

# Engagement 0 -> 1: viridis stops (perceptually uniform, colour-blind safe).
ENGAGEMENT_STOPS = ("#440154", "#3B528B", "#21908C", "#5DC963", "#FDE725")
NOT_ENGAGED_COLOUR = "#9E9E9E"  # trusts; consultants still in hospital
IN_COMMUNITY_COLOUR = "#E8458B"
"""Consultants working with a partnership: a pink no stop of viridis comes near (its
greens are engagement; the Okabe-Ito green did), so a category never reads as a level."""
OUTLINE = {"borderColor": "#FFFFFF", "borderWidth": 1}  # separates touching nodes

ENGAGEMENT_STEP = 0.05
"""assumption: engagement is drawn in 20 shades, as many as a room tells apart on a
projector; so most months change no colour, and the network is then not sent again
(``sim.dashboard.view``): the largest message and redraw of a month."""

SYMBOLS = {"GP": "circle", "GPPractice": "rect", "Specialist": "triangle",
           "AcuteTrust": "diamond"}
# px; assumption: organisations drawn larger than people so the structure reads at a glance,
# people large enough (14 px) that their colour reads from the back of a room
SIZES = {"GP": 14, "GPPractice": 24, "Specialist": 14, "AcuteTrust": 34}


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions (pixels in a 0-1000 box), fixed for a given graph."""
    positions = nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS)
    xy = np.array(list(positions.values()))
    low, span = xy.min(axis=0), np.ptp(xy, axis=0)
    span[span == 0] = 1.0
    scaled = (xy - low) / span * 1000.0
    return {name: (round(float(x), 1), round(float(y), 1))
            for name, (x, y) in zip(positions, scaled, strict=True)}


def engagement_colour(value: float) -> str:
    """The colour of an engagement level (0-1) on the viridis scale."""
    position = min(max(value, 0.0), 1.0) * (len(ENGAGEMENT_STOPS) - 1)
    low = int(np.floor(position))
    high = min(low + 1, len(ENGAGEMENT_STOPS) - 1)
    weight = position - low
    rgb = [(1 - weight) * int(ENGAGEMENT_STOPS[low][k:k + 2], 16)
           + weight * int(ENGAGEMENT_STOPS[high][k:k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


def network_option(graph: nx.Graph, positions: dict[str, tuple[float, float]],
                   title: str) -> dict:
    """The ECharts option of the network as it is now."""
    nodes = [_node(name, data, positions[name]) for name, data in graph.nodes(data=True)]
    index = {name: i for i, name in enumerate(graph.nodes)}
    # links by node position, not name: ECharts then need not look the names up (about a
    # third of the network's redraw in Chromium, 23 -> 17 ms for 544 links)
    links = [{"source": index[a], "target": index[b]} for a, b in graph.edges()]
    return {
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 18}},
        "tooltip": {"textStyle": {"fontSize": 16}},
        "series": [{
            "type": "graph", "layout": "none", "roam": True, "data": nodes,
            "links": links, "top": 40, "bottom": 10, "left": 10, "right": 10,
            "lineStyle": {"color": "#B0B0B0", "width": 0.6, "opacity": 0.5},
            "emphasis": {"focus": "adjacency"},
        }],
    }


def _node(name: str, data: dict, position: tuple[float, float]) -> dict:
    kind, agent = data["kind"], data["agent"]
    colour, text = _colour_and_text(kind, agent)
    x, y = position
    return {"name": name, "x": x, "y": y, "symbol": SYMBOLS.get(kind, "circle"),
            "symbolSize": SIZES.get(kind, 8), "itemStyle": {"color": colour, **OUTLINE},
            "tooltip": {"formatter": f"{name}: {text}"}}


def _colour_and_text(kind: str, agent) -> tuple[str, str]:
    if kind in ("GP", "GPPractice"):
        engagement = round(float(agent.engagement) / ENGAGEMENT_STEP) * ENGAGEMENT_STEP
        return engagement_colour(engagement), f"engagement about {engagement:.2f}"
    if kind == "Specialist":
        joined = bool(agent.in_community)
        return ((IN_COMMUNITY_COLOUR, "works in the community") if joined
                else (NOT_ENGAGED_COLOUR, "in hospital"))
    return NOT_ENGAGED_COLOUR, kind
