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

    def __init__(self, model: mesa.Model, trust, specialty: str) -> None:
        super().__init__(model)
        self.trust = trust
        self.specialty = specialty
        self.in_community = False
