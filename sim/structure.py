"""Structural alternatives: where the evidence does not settle how something works.

Each field is one open question about the economy's workings, and each option one
answer, named (``sim.declarations.choice``). A scenario picks among them under
``[structure]``; the defaults are the answers the evidence leans to. The uncertainty
analysis treats the choice as uncertain like a parameter, so a ranking that rests on
one answer shows up. The code that acts on each choice says so where it reads it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from sim.declarations import choice


class Structure(BaseModel):
    """The structural choices of one scenario (``[structure]``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drift_driver: Literal["margin", "payment_rule", "independent"] = choice(
        "margin",
        {"margin": "trusts' payment-driven short-stay admitting follows their margin on "
                   "an extra admission (marginal income less variable cost); the rest "
                   "of the growth ageing does not explain goes on whatever the payment",
         "payment_rule": "all the unexplained growth is payment-driven: full under "
                         "payment by results whatever the margin, none on a block "
                         "contract (the model before the behaviour work)",
         "independent": "no payment rule changes the growth: it goes on under any "
                        "contract (the four-hour target, assessment units, coding)"},
        "open question: emergency admissions kept rising after the 30% marginal rate "
        "of 2010-11 (Blunt et al. 2010 name the four-hour target, assessment units and "
        "coding as well as tariff incentives)")
    engagement_driver: Literal["incentives_and_ownership", "incentives", "ownership"] = (
        choice(
            "incentives_and_ownership",
            {"incentives_and_ownership": "GPs engage for money and for control over "
                                         "services (seed 002)",
             "incentives": "only the financial deal moves engagement",
             "ownership": "only ownership and autonomy move engagement; money does not"},
            "open question: seed 004 finds GPs engaging from commitment rather than the "
            "PCT's incentives; fundholding's personal incentives drew half of practices "
            "in seven years (seed 003)"))

    def chosen(self) -> dict[str, str]:
        """Each choice and its option (for manifests and reports)."""
        return dict(self)
