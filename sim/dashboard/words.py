"""The dashboard's words for its controls: what a room of GPs and managers reads.

The controls are read from the declarations (``sim.dashboard.controls``), whose
descriptions are written for scenario files (``"commissioning model (rule set, ...)"``,
``"0 = notional budget, 1 = fully real"``) and whose menu values are codes (``lcp``,
``pbr``, ``big_bang``). The names of models, paths, spending and sources come from
``sim.labels`` (one home for them, shared with the plots and reports); this module only
adds the few control names and menu entries that exist on the dashboard alone.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sim.dashboard.controls import Path
from sim.labels import model_name, source_name

CONTROL_NAMES: dict[Path, str] = {
    ("commissioning", "model"): "Commissioning model",
    ("commissioning", "savings_share"): "Savings share: part of a commissioner's savings "
                                        "paid to its practices",
    ("commissioning", "pooled_share"): "Pooled share: part of its savings a commissioner "
                                       "keeps for services next year",
    ("commissioning", "budget_at_risk"): "Budget at risk: 0 = notional (the PCT carries "
                                         "the risk), 1 = fully real",
    ("commissioning", "specialist_offer"): "Offer to consultants: how strong (0-1)",
    ("commissioning", "trust_payment"): "How hospitals are paid once commissioners form",
    ("commissioning", "handcuffs"): "Handcuffs: the PCT approves only "
                                    "emergency-admission schemes, and faster",
    ("commissioning", "budget_method"): "How budgets are shared out",
    ("population", "size"): "People registered at the start",
    ("population", "practices"): "GP practices",
    ("seed",): "Seed (another number gives another run of chance)",
    ("months",): "Months to simulate",
}
"""A control's name where the declared description is written for files, not a room."""

OPTION_NAMES: dict[str, str] = {
    "pbr": "Payment by results (a tariff per admission)",
    "block": "Block contract (a fixed sum)",
    "person_based": "Person-based (age, sex, conditions, deprivation, last year's use)",
    "capitation": "Capitation (age, sex, deprivation)",
    "historic": "Historic (each practice's own spending)",
    "none": "None: the model below from the first month",
}
"""Menu entries that are not a model or a path (those come from ``sim.labels``)."""

MIGRATION_LABEL = "Migration path: dated policy events added to the scenario"


def control_name(path: Path, declared: str) -> str:
    """The control's name on the page: a plain name if it has one, else the declared text
    with any "seed 00N" named by its publisher."""
    return CONTROL_NAMES.get(tuple(path), source_name(declared))


def option_name(value: Any) -> str:
    """A menu entry in words: ``"lcp"`` -> ``"Local clinical partnership"``."""
    text = str(value)
    return OPTION_NAMES.get(text) or model_name(text)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 dated event``, ``3 dated events``: the count with the right form of ``word``."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


SHARE_WORDS = {Fraction(0): "none", Fraction(1, 4): "a quarter", Fraction(1, 2): "half",
               Fraction(3, 4): "three quarters", Fraction(1): "all"}


def share_words(share: float) -> str:
    """0.5 -> "half"; a share with no everyday word as a percentage."""
    fraction = Fraction(share).limit_denominator(100)
    return SHARE_WORDS.get(fraction, f"{share:.0%}")
