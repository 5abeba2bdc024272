"""Whole-economy reforms: a new model (in shadow form or real), budgets made real, the
PCT abolished -- the 2010 White Paper path (consortia in shadow form from 2011,
statutory with real budgets from April 2013, PCTs abolished)."""

from __future__ import annotations

from dataclasses import replace

from sim.commissioning import MODELS, transition
from sim.commissioning.formation import form_commissioners


def adopt_model(model, name: str, shadow: bool) -> list:
    """Dissolve every commissioner and form the new model's bodies now."""
    system, month = model.commissioning, model.month
    system.dissolve_all()
    rules = MODELS[name]
    if shadow:
        rules = replace(rules, budget_at_risk=0.0, pct_control=1.0)
    system.regime = rules
    form_commissioners(model.practices, rules,
                       lambda practices: system.create(rules, practices, month,
                                                       formed_month=month))
    created = list(system.commissioners)
    transition.begin_new(model, created, month)
    return created


def make_budgets_real(model, lines: tuple[str, ...]) -> None:
    """The named lines of every budget become real; shadow bodies take control."""
    system = model.commissioning
    for body in system.commissioners:
        body.rules = replace(_own_control(body.rules), budget_at_risk=1.0)
        body.budget_lines = tuple(dict.fromkeys(body.budget_lines + lines))
        body.real_lines = tuple(dict.fromkeys(body.real_lines + lines))
    system.regime = replace(_own_control(system.regime), budget_at_risk=1.0)


def abolish_pct(model) -> None:
    """The PCT goes: a national board oversees (each model's own, lighter control)."""
    system, month = model.commissioning, model.month
    for body in system.commissioners:
        body.rules = _own_control(body.rules)
    system.regime = _own_control(system.regime)
    people = sum(p.list_size for p in model.practices)
    transition.begin(model, list(system.commissioners), month,
                     model.params.pct_abolition_cost_per_head * people)


def _own_control(rules):
    """``rules`` with the PCT's control no tighter than the model's own (a shadow body
    was held at full PCT control)."""
    own = MODELS.get(rules.name, rules).pct_control
    return replace(rules, pct_control=min(rules.pct_control, own))
