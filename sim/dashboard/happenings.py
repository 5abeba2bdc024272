"""What happened in a month, in words: the events behind the lines' turns.

A room watching a line bend asks why. Most bends follow a few visible events: a policy
event on the timeline, commissioners forming, trusts moving to block contracts,
consultants joining, care plans starting, a year closing in surplus or deficit, a body
failing. This module notes them by comparing the model before and after each step, and
says in the same sentence which mechanism the change sets going (``sim.mechanisms``), so
a facilitator can answer "why did the line turn?": a partnership holding a real budget
whose GPs keep half of savings, so avoiding admissions pays; a trust on a block, so an
extra admission no longer pays it. It reads the model and never changes it; it is a
log, not a decomposition (that is ``healthsim explain``).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from sim.dashboard.words import plural, share_words
from sim.labels import model_name, signed

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

KEEP = 12  # assumption: the last dozen happenings fit the panel and cover a year or more


@dataclass(frozen=True)
class Marks:
    """The things whose change is worth saying, read before a step."""

    commissioners: frozenset[str]
    trust_payment: tuple[float, ...]  # each trust's share of income on a block
    specialist_share: float
    care_plans: int
    accounts: int
    failures: int


class Happenings:
    """The recent happenings of one model, newest first."""

    def __init__(self, model) -> None:
        self.model = model
        self.recent: deque[tuple[str, str]] = deque(maxlen=KEEP)
        self._before: Marks | None = None

    def before_step(self) -> None:
        self._before = marks(self.model)

    def after_step(self) -> None:
        month = self.model.month - 1
        when = month_words(self.model.clock.label(month))
        for text in describe(self.model, month, self._before, marks(self.model)):
            self.recent.appendleft((when, text))


def month_words(label: str) -> str:
    """``"2011-04"`` -> ``"April 2011"``: how a room says a month."""
    year, month = label.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def marks(model) -> Marks:
    system = model.commissioning
    return Marks(
        commissioners=frozenset(c.name for c in system.commissioners),
        trust_payment=tuple(round(t.block_share, 2) for t in model.trusts),
        specialist_share=float(system.specialist_share),
        care_plans=int(sum(system.care_plans.values())),
        accounts=len(model.accounts),
        failures=sum(c.failures for c in system.commissioners))


def describe(model, month: int, before: Marks, after: Marks) -> list[str]:
    """Sentences for what changed between ``before`` and ``after`` in ``month``."""
    texts = [_event_text(event) for event in model.events_by_month.get(month, [])]
    texts += _formed(model, before, after)
    for trust, old, new in zip(model.trusts, before.trust_payment, after.trust_payment,
                               strict=True):
        if old != new:
            texts.append(f"{trust.name} {_payment_words(new)}")
    if round(after.specialist_share, 2) != round(before.specialist_share, 2):
        texts.append(f"{after.specialist_share:.0%} of consultants now work in the community: "
                     "their clinics and advice to GPs treat patients outside hospital, so "
                     "fewer are referred to outpatients")
    if after.care_plans != before.care_plans:
        texts.append(f"{plural(after.care_plans, 'patient')} now have a care plan "
                     f"({signed(after.care_plans - before.care_plans)}): the sickest are looked "
                     "after before a crisis, so fewer are admitted in an emergency")
    if after.failures > before.failures:
        texts.append("a commissioner failed after years in deficit: taken over, its GPs' "
                     "engagement halved, so they do less to avoid admissions")
    texts += _year_end(model.accounts[before.accounts:after.accounts])
    return texts


def _payment_words(block_share: float) -> str:
    """How a trust is now paid, and what that does to its reason to admit."""
    if block_share <= 0:
        return ("is now paid by results (a tariff per admission): each extra admission "
                "pays it, so its short-stay admitting grows")
    if block_share >= 1:
        return ("is now paid by a block contract: an extra admission brings it no income, "
                "so it stops growing its short-stay admitting")
    return (f"now has {block_share:.0%} of its income on a block contract: an extra "
            "admission pays it less, so its short-stay admitting grows more slowly")


def _event_text(event) -> str:
    """The event's own description: the first sentence of its class's docstring."""
    doc = " ".join((type(event).__doc__ or "").split("\n\n")[0].split())
    what = doc.replace("``", "").split(". ")[0].rstrip(".")
    return f"Policy: {what or event.event.replace('_', ' ')}"


def _formed(model, before: Marks, after: Marks) -> list[str]:
    new = sorted(after.commissioners - before.commissioners)
    gone = sorted(before.commissioners - after.commissioners)
    texts = []
    if new:
        bodies = [c for c in model.commissioning.commissioners if c.name in new]
        people = sum(c.population for c in bodies)
        practices = sum(len(c.practices) for c in bodies)
        texts.append(f"{plural(len(new), 'commissioner')} formed ({', '.join(new)}): "
                     f"{plural(practices, 'practice')} covering {people:,} people"
                     f"{_incentive_words(bodies[0].rules)}")
    if gone:
        texts.append(f"{', '.join(gone)} dissolved")
    return texts


def _incentive_words(rules) -> str:
    """What a new commissioner's rules give its GPs, and so what they now do."""
    kind = f"({model_name(rules.name)})"
    if rules.budget_at_risk <= 0:
        return (f" {kind}: a notional budget (the PCT keeps the risk); savings reach "
                "practices only through schemes the PCT approves, so referrals move little")
    real = "a real" if rules.budget_at_risk >= 1 else f"a {rules.budget_at_risk:.0%} real"
    if rules.savings_share <= 0:
        return (f" {kind}: {real} budget, but its GPs keep none of the savings, so they "
                "have little reason to refer less")
    return (f" {kind}: {real} budget, and its GPs keep {share_words(rules.savings_share)} "
            "of the savings, so referrals and admissions they avoid now pay")


def _year_end(accounts: list[dict]) -> list[str]:
    texts = []
    for account in accounts:
        if account.get("org_type") != "commissioner":
            continue
        surplus, paid = account["surplus"], account.get("savings_paid", 0.0)
        result = (f"GBP {surplus / 1e6:,.1f}m under budget" if surplus >= 0
                  else f"GBP {-surplus / 1e6:,.1f}m over budget")
        shared = (f"; GBP {paid / 1e6:,.1f}m savings paid to practices, the reward that "
                  "keeps their GPs engaged" if paid > 0 else "")
        year = int(account["financial_year"])
        texts.append(f"{account['org_id']} closed {year}-{(year + 1) % 100:02d} "
                     f"{result}{shared}")
    return texts
