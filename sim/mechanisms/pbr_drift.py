"""Short-stay drift: the growth in emergency admissions that ageing does not explain,
and how far trusts' payment drives it.

Emergency admissions rose 11.8% from 2004-05 to 2008-09, at most 4.7 points of it from
ageing; short stays drove much of the rest (Blunt, Bardsley and Dixon, Nuffield Trust
2010). They name several causes: the four-hour A&E target and the assessment units built
to meet it, lower thresholds for admitting, better coding, and payment by results,
which pays for every admission. Each month every trust's admitting factor grows by the
month's share of ``pbr_short_stay_growth`` (calibrated under full tariff, the payment of
2004-09), split in two:

- a part no payment rule changes (1 - ``drift_payment_share``), which goes on under any
  contract;
- a payment-driven part, which follows the trust's **margin** on an extra admission
  (``AcuteTrust.margin_on_extra_admission``): marginal income (full tariff, or the
  marginal rate above the 2008-09 baseline from 2010-11, nothing for the share of its
  income on a block) less variable cost. Relative to its margin under full tariff it
  scales the payment-driven growth: full under full tariff; negative where an extra
  admission loses money, damped by ``drift_loss_response`` (trusts "had walked away from
  demand management", seed 002: how fast they return to it when admissions lose money
  is not known).

How the growth works is a structural choice (``[structure] drift_driver``): ``margin``
(above, the default); ``payment_rule`` (all of it payment-driven, full under payment by
results whatever the margin and none on a block: the model before the behaviour work);
``independent`` (no payment rule changes it). Emergency admissions kept rising after
the 30% marginal rate came in in 2010-11, which is why the default puts most of the
growth outside payment.
"""

from __future__ import annotations

from pydantic import BaseModel

from sim.declarations import param, uniform
from sim.mechanisms.unit import Mechanism, Phase
from sim.people.rates import MONTHS_PER_YEAR


class DriftParameters(BaseModel):
    """How much of the unexplained growth payment drives, and how trusts respond."""

    drift_payment_share: float = param(
        0.3, "share of the growth in short-stay admissions beyond ageing that trusts' "
        "payment drives (at full tariff)",
        "assumption: Blunt et al. (Nuffield Trust 2010) name the four-hour target, "
        "assessment units, thresholds and coding beside payment by results; emergency "
        "admissions kept growing by 2-3% a year after the 30% marginal rate of 2010-11 "
        "(HES), so payment cannot be most of it", ge=0, le=1,
        prior=uniform(0, 0.6, basis="assumption: from none of the growth to a little "
                      "more than half; the growth that continued after 2010-11 bounds it"))
    drift_loss_response: float = param(
        0.5, "strength of trusts' response to a negative margin (demand management), as a "
        "share of their response to a positive one",
        "assumption: trusts under payment by results had walked away from demand "
        "management (seed 002); how fast they return to it when admissions lose money is "
        "not known", ge=0, le=1,
        prior=uniform(0, 1, basis="assumption: from no response to losses to one as "
                      "strong as to gains"))


def drift_trusts(model, month: int) -> None:
    """The behaviour hook: every trust's admitting drifts, by the scenario's structure."""
    driver = model.spec.structure.drift_driver
    financial_year = model.clock.financial_year(month)
    for trust in model.trusts:
        income = trust.marginal_income_share(model.pct.marginal_rate(financial_year),
                                             month - model.plan_start)
        drift(trust, driver, income)


def drift(trust, driver: str = "margin", marginal_income: float = 1.0) -> None:
    """A month's growth in short-stay admitting (``marginal_income``: the share of tariff
    an extra admission on payment by results earns now)."""
    trust.admitting_factor *= (1.0 + yearly_growth(trust, driver, marginal_income)) ** (
        1.0 / MONTHS_PER_YEAR)


def yearly_growth(trust, driver: str, marginal_income: float) -> float:
    """This year's rate of growth in the trust's short-stay admitting."""
    p = trust.params
    total = p.pbr_short_stay_growth
    if driver == "independent":
        return total
    if driver == "payment_rule":
        return total * (1.0 - trust.block_share)
    full = full_tariff_margin(p)
    if full <= 0:  # no fixed costs: no admission ever earns a margin, so no response
        return total * (1.0 - p.drift_payment_share)
    response = trust.margin_on_extra_admission(marginal_income) / full
    if response < 0:
        response *= p.drift_loss_response
    return total * ((1.0 - p.drift_payment_share) + p.drift_payment_share * response)


def full_tariff_margin(params) -> float:
    """A trust's margin on an extra admission paid full tariff (share of tariff): the
    fixed-cost share, since variable costs are the rest."""
    return params.trust_fixed_cost_share


MECHANISM = Mechanism(
    "pbr_drift",
    "trusts' short-stay emergency admitting grows beyond ageing, the payment-driven part "
    "following their margin on an extra admission",
    DriftParameters, {Phase.BEHAVIOUR: drift_trusts})
