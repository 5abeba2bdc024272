"""Whole-economy reforms: a new model (in shadow form or real), budgets made real, the
PCT abolished -- the 2010 White Paper path (consortia in shadow form from 2011,
statutory with real budgets from April 2013, PCTs abolished)."""

from __future__ import annotations

from dataclasses import replace

from sim.commissioning import MODELS
from sim.commissioning.formation import form_commissioners
from sim.migration import transition


def adopt_model(model, name: str, shadow: bool) -> list:
    """Dissolve every commissioner and form the new model's bodies now."""
    system, month = model.commissioning, model.month
    for body in list(system.commissioners):
        system.dissolve(body)
    rules = MODELS[name]
    if shadow:
        rules = replace(rules, budget_at_risk=0.0, pct_control=1.0)
    system.regime = rules
    form_commissioners(model.practices, rules,
                       lambda practices: system.create(rules, practices, month,
                                                       formed_month=month))
    created = list(system.commissioners)
    transition.begin(model, created, month,
                     transition.setup_cost(model, sum(b.population for b in created)))
    return created


def make_budgets_real(model, lines: tuple[str, ...]) -> None:
    """The named lines of every budget become real; shadow bodies take control."""
    system = model.commissioning
    for body in system.commissioners:
        real = MODELS.get(body.kind, body.rules)
        body.rules = replace(body.rules, budget_at_risk=1.0,
                             pct_control=min(body.rules.pct_control, real.pct_control))
        body.budget_lines = tuple(dict.fromkeys(body.budget_lines + lines))
        body.real_lines = tuple(dict.fromkeys(body.real_lines + lines))
    regime = system.regime
    system.regime = replace(regime, budget_at_risk=1.0,
                            pct_control=min(regime.pct_control,
                                            MODELS.get(regime.name, regime).pct_control))


def abolish_pct(model) -> None:
    """The PCT goes: a national board oversees (each model's own, lighter control)."""
    system, month = model.commissioning, model.month
    for body in system.commissioners:
        own = MODELS.get(body.kind, body.rules).pct_control
        body.rules = replace(body.rules, pct_control=min(body.rules.pct_control, own))
    system.regime = replace(system.regime, pct_control=min(
        system.regime.pct_control, MODELS.get(system.regime.name, system.regime).pct_control))
    people = sum(p.list_size for p in model.practices)
    transition.begin(model, list(system.commissioners), month,
                     model.params.pct_abolition_cost_per_head * people)
