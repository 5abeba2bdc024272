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

OUTSIDE_HEAD_START_YEARS = 1.0  # assumption: an established organisation brings some
# infrastructure, but is new to the area's practices and trusts


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
                                 formed_month=month - 12 * OUTSIDE_HEAD_START_YEARS)
        created.append(body)
    transition.begin_new(model, created, month)
    return created


def appetite(model) -> np.ndarray:
    """Per practice, how keen its GPs are to bid: half their engagement now and half the
    engagement the partnership's incentives would bring them (assumption: GPs judge an
    offer both by its terms and by their goodwill after PBC)."""
    gps = model.commissioning.gps
    offered = engagement_on_offer(gps, MODELS["lcp"], model.params,
                                  model.mechanisms.engagement_incentives)
    keen = np.zeros(len(model.practices))
    counts = np.zeros(len(model.practices))
    for gp, prospect in zip(gps, offered, strict=True):
        keen[gp.practice.index] += 0.5 * gp.engagement + 0.5 * prospect
        counts[gp.practice.index] += 1
    return np.divide(keen, counts, out=np.zeros_like(keen), where=counts > 0)
