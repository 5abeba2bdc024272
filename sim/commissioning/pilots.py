"""Slow burn: partnerships grow out of willing PBC clusters (seed 002).

"In willing pilots, turn PBC budgets from virtual to real ... enable PCTs to contract
with groups over time." Pilots start at stage 1 and climb (``sim.commissioning.stages``);
each April willing practices near a partnership join it as they see its results, and
once LCP status is open any cluster meeting the entry criteria wins it.
"""

from __future__ import annotations

import math

from sim.agents import Commissioner
from sim.commissioning import transition
from sim.commissioning.formation import areas, willing
from sim.commissioning.rule_sets import MODELS
from sim.commissioning.stages import STAGES, TOP_STAGE, ready_for


def clusters(model) -> list[Commissioner]:
    return [c for c in model.commissioning.commissioners if c.kind == "pbc"]


def partnerships(model) -> list[Commissioner]:
    return [c for c in model.commissioning.commissioners if c.kind == "lcp" and c.stage]


def readiness(cluster: Commissioner, month: int, maturity_years: float) -> float:
    """How ready a cluster is to hold a real budget: engagement x maturity."""
    return cluster.engagement * cluster.maturity(month, maturity_years)


def select_pilots(model, count: int, min_engagement: float) -> list[Commissioner]:
    """The ``count`` readiest clusters (engagement at least ``min_engagement``) convert."""
    month, params = model.month, model.params
    willing = [c for c in clusters(model) if c.engagement >= min_engagement]
    chosen = sorted(willing, key=lambda c: -readiness(c, month, params.maturity_years))
    return [convert(model, cluster) for cluster in chosen[:count]]


def convert(model, cluster: Commissioner) -> Commissioner:
    """A cluster becomes a stage-1 partnership, keeping most of its experience."""
    system, month = model.commissioning, model.month
    formed = cluster.formed_month
    body = system.create(MODELS["lcp"], list(cluster.practices), month, stage=1,
                         formed_month=formed)
    if model.mechanisms.transition_costs:
        transition.keep_experience(body, month, model.params.transition_staff_turnover)
    transition.begin_new(model, [body], month)
    return body


def award_lcp_status(model, criteria) -> list[Commissioner]:
    """Clusters meeting the entry criteria win LCP status (April)."""
    month, params = model.month, model.params
    winners = [c for c in clusters(model)
               if c.engagement >= criteria.min_engagement
               and c.maturity(month, params.maturity_years) >= criteria.min_maturity
               and c.population >= criteria.min_population
               and not (criteria.track_record and c.last_result < 0)]
    return [convert(model, cluster) for cluster in winners]


def join_neighbours(model) -> int:
    """Willing practices of a PBC cluster (interest in joining the partnership deal,
    ``sim.commissioning.formation.willing``) join the partnership of their area once it
    has shown results: savings paid last year (April)."""
    grown = 0
    for area in areas(model.practices, MODELS["lcp"].min_population):
        host = next((p.commissioner for p in area if p.commissioner is not None
                     and p.commissioner.kind == "lcp" and p.commissioner.last_result > 0),
                    None)
        if host is None:
            continue
        for practice in area:
            body = practice.commissioner
            if body is not None and body.kind == "pbc" and willing(practice, MODELS["lcp"]):
                host.admit(practice)
                grown += 1
    model.commissioning.drop_empty()
    return grown


def climb_stages(model) -> list[tuple[str, int]]:
    """Each partnership that meets the next stage's conditions moves up (April).

    A partnership held back only by its size merges with the other partnerships of its
    area (the older body absorbs the others) when together they are large enough.
    Returns (name, new stage) for each move.
    """
    month, params = model.month, model.params
    moves = []
    for body in sorted(partnerships(model), key=lambda c: c.formed_month):
        if body not in model.commissioning.commissioners or body.stage >= TOP_STAGE:
            continue
        target = STAGES[body.stage + 1]
        maturity = body.maturity(month, params.maturity_years)
        deficit = body.last_result < 0
        if not ready_for(target, maturity, body.engagement, body.population, deficit):
            if not ready_for(target, maturity, body.engagement, math.inf, deficit):
                continue  # held back by more than its size
            body = _merge_for_size(model, body, target.min_population)
            if body is None:
                continue
        model.commissioning.set_stage(body, target.number)
        moves.append((body.name, target.number))
    return moves


def _merge_for_size(model, body: Commissioner, needed: int) -> Commissioner | None:
    """Merge ``body`` with its area's other partnerships if together they reach
    ``needed`` people; the merged body is at the lowest of their stages."""
    area = next(a for a in areas(model.practices, MODELS["lcp"].min_population)
                if body.practices[0] in a)
    others = [c for c in partnerships(model) if c is not body and c.stage >= body.stage
              and any(p in area for p in c.practices)]
    absorbed = sum(c.population for c in others)
    if not others or body.population + absorbed < needed:
        return None
    for other in others:
        for practice in list(other.practices):
            body.admit(practice)
    model.commissioning.drop_empty()
    transition.begin(model, [body], model.month,
                     model.params.merger_cost_share * transition.setup_cost(model, absorbed))
    return body
