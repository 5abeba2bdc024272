"""Hospital specialists (consultants)."""

from __future__ import annotations

import mesa

SPECIALTIES = ("medicine", "surgery", "paediatrics", "obstetrics", "psychiatry", "other")
# assumption: consultants spread over six broad specialty groups, medicine and surgery
# the largest (NHS IC consultant census shape)
SPECIALTY_WEIGHTS = (0.30, 0.30, 0.08, 0.07, 0.12, 0.13)


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
