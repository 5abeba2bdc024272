"""The opening card: the incentive story in three sentences, and what to try first.

A room of GPs and managers needs the point of the simulation before its controls: who
holds the money, how the hospital is paid, and so who gains when an admission is
avoided. Every fact in the story is read from the model's own rules
(``sim.commissioning.rule_sets.MODELS``: ``budget_at_risk``, ``savings_share``,
``trust_payment``, ``min_population``), so the card cannot drift from what the model
does; the tests check it against them.
"""

from __future__ import annotations

import solara

from sim.commissioning import MODELS
from sim.commissioning.rule_sets import ModelRules
from sim.dashboard.words import CONTROL_NAMES, share_words
from sim.labels import model_name

PAYMENT_WORDS = {"pbr": "paid by results: a tariff for every admission",
                 "block": "paid a block contract: a fixed sum, whatever it admits"}
BUDGET_AT_RISK = CONTROL_NAMES[("commissioning", "budget_at_risk")].split(":")[0]
TEXT = {"font-size": "18px", "line-height": "1.45"}


def _budget_words(rules: ModelRules) -> str:
    if rules.budget_at_risk <= 0:
        return "GPs hold no budget of their own"
    real = "a real" if rules.budget_at_risk >= 1 else f"a {rules.budget_at_risk:.0%} real"
    return (f"groups of practices covering at least {rules.min_population:,} people hold "
            f"{real}, capitated budget for their patients' hospital care and prescribing "
            f"and keep {share_words(rules.savings_share)} of what they save")


def story(old: str = "pct", new: str = "lcp") -> tuple[str, str, str, str]:
    """The three sentences of the story (``old`` against ``new``) and what to try."""
    before, after = MODELS[old], MODELS[new]
    first = (f"Under {model_name(old)}, {_budget_words(before)} and the acute trust is "
             f"{PAYMENT_WORDS[before.trust_payment]}, so every emergency admission is "
             "income for the hospital and costs the practice nothing.")
    second = (f"Under a {model_name(new).lower()}, {_budget_words(after)}, while the trust "
              f"is {PAYMENT_WORDS[after.trust_payment]}.")
    third = ("So an admission avoided is money the practices keep: watch whether GPs "
             "engage, refer less and care for their sickest patients outside hospital.")
    try_this = (f"Try: switch on A/B, leave A on {model_name(old)}, set B to "
                f"{model_name(new)}, press Play and watch emergency admissions and "
                f"spending; then move B's '{BUDGET_AT_RISK}' slider towards 0 (notional) "
                "and play again.")
    return first, second, third, try_this


@solara.component
def OpeningCard(shown: solara.Reactive[bool]):  # noqa: N802
    """The story and what to try; "Got it" puts it away (it comes back on reload)."""
    if not shown.value:
        return
    *sentences, try_this = story()
    with (solara.Card("What this simulation is about", margin=0,
                      classes=["healthsim-story"]),
          solara.Column(gap="8px")):
        solara.Text(" ".join(sentences), style=TEXT)
        solara.Text(try_this, style={**TEXT, "font-weight": "600"})
        with solara.Row():
            solara.Button("Got it", on_click=lambda: shown.set(False), color="primary",
                          outlined=True)
