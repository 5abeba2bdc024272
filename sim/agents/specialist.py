"""Hospital specialists (consultants)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import mesa


@cache
def specialties() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The specialty groups and each one's share of consultants, from
    ``sim/data/specialties.csv`` (one row per group, with its source)."""
    with (resources.files("sim") / "data" / "specialties.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    return tuple(r["specialty"] for r in rows), tuple(float(r["share"]) for r in rows)


class Specialist(mesa.Agent):
    """A consultant employed by an acute trust.

    Whether they join a local clinical partnership, and what they then do in the
    community, is decided by the commissioning rules built on top of this foundation.
    """

    def __init__(self, model: mesa.Model, trust, specialty: str, reluctance: float) -> None:
        super().__init__(model)
        self.trust = trust
        self.specialty = specialty
        self.reluctance = reluctance  # 0-1: how much it takes to leave the trust
        self.in_community = False

    def consider_offer(self, offer: float) -> None:
        """Join a partnership (work in the community) when the offer beats reluctance.

        The offer (pay, portable pension, CPD, rapid diagnostics, admitting rights:
        seed 000, 002) is one 0-1 strength, scaled by how established partnerships are.
        """
        self.in_community = offer > self.reluctance
