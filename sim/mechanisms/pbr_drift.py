"""PbR drift: trusts paid by results admit more short-stay emergencies year on year.

Each month a trust on payment by results raises its admitting factor by the month's
share of ``pbr_short_stay_growth`` (calibrated to 2004-09 growth in emergency
admissions that ageing does not explain). Under a block contract extra admissions
earn nothing, so there is no drift. (How far this growth is payment-driven is an open
question: the behaviour issue splits it; today it is all payment-driven.)
"""

from __future__ import annotations

from sim.mechanisms.unit import Mechanism, Phase
from sim.people.rates import MONTHS_PER_YEAR


def drift_trusts(model, month: int) -> None:
    """The behaviour hook: every trust paid by results drifts."""
    for trust in model.trusts:
        drift(trust)


def drift(trust) -> None:
    """A month's growth in short-stay admitting, for a trust paid by results."""
    if trust.payment != "pbr":
        return
    trust.admitting_factor *= (1.0 + trust.params.pbr_short_stay_growth) ** (
        1.0 / MONTHS_PER_YEAR)


MECHANISM = Mechanism(
    "pbr_drift", "trusts paid by results drift towards more short-stay emergency admissions",
    hooks={Phase.BEHAVIOUR: drift_trusts})
