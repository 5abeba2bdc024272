"""What organisational change costs (seed 003).

Every change a migration event makes — a body created, a cluster turned into a
partnership, the PCT abolished — starts a transition for the practices it touches:

- **set-up costs**, paid by the PCT over the transition months (category
  ``transition``, payee ``transition_costs``);
- **weaker financial control**: while managers are distracted, the affected
  practices' hospital activity is paid ``transition_control_loss`` more (invoices go
  unchallenged), to the trusts that bill it;
- **management distraction**: practice effects are cut by ``transition_distraction``
  (``sim.commissioning.engagement.apply_practice_effects``);
- **staff turnover**: a body that grows out of an older one keeps only part of its
  experience (``keep_experience``); a new body starts its development period from zero.

All of it is switched off by ``[mechanisms] transition_costs = false``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.agents import Commissioner
from sim.care.month import CareMonth
from sim.money.ledger import Category, Ledger

TRANSITION_PAYEE = "transition_costs"


@dataclass
class Transition:
    """One change under way: whom it touches, until when, what is left to pay."""

    practices: list[int]
    last_month: int
    setup_per_month: float  # pounds

    def active(self, month: int) -> bool:
        return month <= self.last_month


def begin(model, bodies: list[Commissioner], month: int, setup_cost: float) -> None:
    """Start a transition for ``bodies`` (set-up cost ``setup_cost`` pounds in all)."""
    params = model.params
    months = max(int(round(params.transition_months)), 1)
    last = month + months - 1
    for body in bodies:
        body.transition_until = max(body.transition_until, last)
    if not model.mechanisms.transition_costs:
        return
    practices = sorted({p.index for body in bodies for p in body.practices})
    model.commissioning.migration.transitions.append(
        Transition(practices, last, setup_cost / months))


def setup_cost(model, people: int) -> float:
    """One-off cost of setting up commissioning bodies covering ``people``."""
    return model.params.transition_setup_cost_per_head * people


def begin_new(model, bodies: list[Commissioner], month: int) -> None:
    """Start the transition of newly set-up ``bodies``, paying their set-up costs."""
    begin(model, bodies, month, setup_cost(model, sum(body.population for body in bodies)))


def keep_experience(body: Commissioner, month: int, turnover: float) -> None:
    """Staff turnover: the body keeps ``1 - turnover`` of its years of experience."""
    years = max(month - body.formed_month, 0)
    body.formed_month = month - (1.0 - turnover) * years


def pay(model, ledger: Ledger, month: int, care: CareMonth) -> None:
    """This month's set-up costs and the price of weaker financial control."""
    params, pct = model.params, model.pct
    unchallenged = [0.0] * len(model.trusts)
    for transition in model.commissioning.migration.transitions:
        if not transition.active(month):
            continue
        ledger.pay(month, pct.name, TRANSITION_PAYEE, Category.TRANSITION,
                   transition.setup_per_month)
        for index in transition.practices:
            unchallenged[model.practices[index].main_trust] += (
                float(care.hospital_value_p[index]) * params.transition_control_loss)
    for trust, extra in zip(model.trusts, unchallenged, strict=True):
        trust.year.income += ledger.pay(month, pct.name, trust.name, Category.TRANSITION,
                                        extra) / 100.0
