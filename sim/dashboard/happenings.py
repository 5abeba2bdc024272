"""What happened in a month, in words: the events behind the lines' turns.

A room watching a line bend asks why. Most bends follow a few visible events: a policy
event on the timeline, commissioners forming, trusts moving to block contracts,
consultants joining, care plans starting, a year closing in surplus or deficit, a body
failing. This module notes them by comparing the model before and after each step. It
reads the model and never changes it; it is a log, not a decomposition (that is
``healthsim explain``).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

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
        when = self.model.clock.label(month)
        for text in describe(self.model, month, self._before, marks(self.model)):
            self.recent.appendleft((when, text))


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
        texts.append(f"{after.specialist_share:.0%} of consultants now work in the community")
    if after.care_plans != before.care_plans:
        texts.append(f"{after.care_plans:,} patients have a care plan "
                     f"({after.care_plans - before.care_plans:+,})")
    if after.failures > before.failures:
        texts.append("a commissioner failed after years in deficit: taken over, its GPs' "
                     "engagement halved")
    texts += _year_end(model.accounts[before.accounts:after.accounts])
    return texts


def _payment_words(block_share: float) -> str:
    """How a trust is now paid, in words for the room."""
    if block_share <= 0:
        return "is now paid by results (tariff)"
    if block_share >= 1:
        return "is now paid by a block contract"
    return f"now has {block_share:.0%} of its income on a block contract"


def _event_text(event) -> str:
    """The event's own description: the first sentence of its class's docstring."""
    doc = " ".join((type(event).__doc__ or "").split("\n\n")[0].split())
    what = doc.replace("``", "").split(". ")[0].rstrip(".")
    return f"timeline: {what or event.event.replace('_', ' ')}"


def _formed(model, before: Marks, after: Marks) -> list[str]:
    new = sorted(after.commissioners - before.commissioners)
    gone = sorted(before.commissioners - after.commissioners)
    texts = []
    if new:
        bodies = [c for c in model.commissioning.commissioners if c.name in new]
        people = sum(c.population for c in bodies)
        texts.append(f"{len(new)} commissioner{'s' * (len(new) > 1)} formed "
                     f"({', '.join(new)}) covering {people:,} people")
    if gone:
        texts.append(f"{', '.join(gone)} dissolved")
    return texts


def _year_end(accounts: list[dict]) -> list[str]:
    texts = []
    for account in accounts:
        if account.get("org_type") != "commissioner":
            continue
        surplus, paid = account["surplus"], account.get("savings_paid", 0.0)
        result = (f"GBP {surplus / 1e6:,.1f}m under budget" if surplus >= 0
                  else f"GBP {-surplus / 1e6:,.1f}m over budget")
        shared = f"; GBP {paid / 1e6:,.1f}m savings paid to practices" if paid > 0 else ""
        year = int(account["financial_year"])
        texts.append(f"{account['org_id']} closed {year}-{(year + 1) % 100:02d} "
                     f"{result}{shared}")
    return texts
