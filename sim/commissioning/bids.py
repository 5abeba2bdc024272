"""Big bang: a bid round for global risk-adjusted budgets (seed 002).

"Invite medical groups to bid for contracts to assume a global risk-adjusted budget
for the local population; if local groups don't bid, the PCT will contract with another
NHS or private organisation."
"""

from __future__ import annotations

import numpy as np

from sim.commissioning import transition
from sim.commissioning.engagement import engagement_on_offer
from sim.commissioning.formation import areas
from sim.commissioning.rule_sets import MODELS, OUTSIDE_ORGANISATION


def invite_bids(model, event) -> list:
    """Dissolve every commissioner, then in each area a local group bids or an outside
    organisation takes the contract. Returns the new bodies."""
    system, month = model.commissioning, model.month
    keen = appetite(model)
    system.dissolve_all()
    system.regime = MODELS["lcp"]
    created = []
    for area in areas(model.practices, event.min_population):
        people = sum(p.list_size for p in area)
        willing = sum(p.list_size for p in area if keen[p.index] >= event.min_engagement)
        if people and willing >= event.min_willing_share * people:
            body = system.create(MODELS["lcp"], area, month, stage=event.stage)
        else:
            body = system.create(OUTSIDE_ORGANISATION, area, month, stage=event.stage,
                                 formed_month=month - 12 * model.params.outside_head_start_years)
        created.append(body)
    transition.begin_new(model, created, month)
    return created


def appetite(model) -> np.ndarray:
    """Per practice, how keen its GPs are to bid: their engagement now and the engagement
    the partnership's incentives would bring them, weighed by ``bid_prospect_weight``."""
    gps = model.commissioning.gps
    offered = engagement_on_offer(gps, MODELS["lcp"], model.params,
                                  model.mechanisms.engagement_incentives,
                                  driver=model.spec.structure.engagement_driver,
                                  pct_trust=model.commissioning.pct_trust)
    weight = model.params.bid_prospect_weight
    keen = np.zeros(len(model.practices))
    counts = np.zeros(len(model.practices))
    for gp, prospect in zip(gps, offered, strict=True):
        keen[gp.practice.index] += ((1 - weight) * gp.engagement + weight * prospect)
        counts[gp.practice.index] += 1
    return np.divide(keen, counts, out=np.zeros_like(keen), where=counts > 0)
