"""Which practices form which commissioners, at the start and each April.

- ``practice`` (fundholding): each practice engaged enough becomes its own fundholder;
- ``locality`` (PBC): one cluster per locality, every practice;
- ``consortium``: neighbouring localities merge until the group covers the model's
  minimum population (in a smaller area, one consortium covers it); every practice
  belongs (statutory);
- ``partnership`` (LCP): within each area (neighbouring localities merged to the minimum
  population) the practices engaged enough form a partnership if together they cover
  the minimum population; later-engaged practices join. Members do not leave.

Practices already in a body of another kind (a partnership grown on a migration path)
stay where they are; only free practices and bodies of the regime's own kind count.

In an era with a fundholding scheme of its own (the 1990s), fundholders form by that
scheme's rules instead: list-size thresholds and April waves after a preparatory year
(``sim.eras.fundholding``).
"""

from __future__ import annotations

from collections.abc import Callable

from sim.agents import Commissioner, GPPractice
from sim.commissioning.rule_sets import ModelRules

NewCommissioner = Callable[[list[GPPractice]], Commissioner]


def form_commissioners(practices: list[GPPractice], rules: ModelRules,
                       create: NewCommissioner) -> None:
    """Create or extend this regime's commissioners for this year."""
    if rules.grouping == "none":
        return
    if rules.grouping == "practice":
        for practice in practices:
            if practice.commissioner is None and willing(practice, rules):
                create([practice])
        return
    for area in _areas(practices, rules):
        members = [p for p in area if _free_or_own(p, rules)
                   and (not rules.voluntary or p.commissioner is not None
                        or willing(p, rules))]
        existing = next((p.commissioner for p in members if p.commissioner), None)
        if existing is not None:
            for practice in members:
                if practice.commissioner is None:
                    existing.admit(practice)
        elif members and (not rules.voluntary
                          or sum(p.list_size for p in members) >= rules.min_population):
            create(members)  # statutory bodies form whatever size


def _free_or_own(practice: GPPractice, rules: ModelRules) -> bool:
    return practice.commissioner is None or practice.commissioner.kind == rules.name


def willing(practice: GPPractice, rules: ModelRules) -> bool:
    """Whether a practice's GPs want to join a voluntary model's body: their interest in
    joining (``GPPractice.joining_interest``: engagement now moved by the deal on offer,
    ``sim.commissioning.engagement.joining_interest``) reaches the model's threshold."""
    return practice.joining_interest >= rules.join_engagement


def _areas(practices: list[GPPractice], rules: ModelRules) -> list[list[GPPractice]]:
    if rules.grouping == "locality":
        return localities(practices)
    return areas(practices, rules.min_population)


def localities(practices: list[GPPractice]) -> list[list[GPPractice]]:
    """The practices of each locality, in locality order."""
    grouped: dict[int, list[GPPractice]] = {}
    for practice in practices:
        grouped.setdefault(practice.locality, []).append(practice)
    return list(grouped.values())


def areas(practices: list[GPPractice], min_population: int) -> list[list[GPPractice]]:
    """Localities, merged in order until each covers ``min_population``."""
    merged: list[list[GPPractice]] = [[]]
    for members in localities(practices):
        if sum(p.list_size for p in merged[-1]) >= min_population:
            merged.append([])
        merged[-1].extend(members)
    if len(merged) > 1 and sum(p.list_size for p in merged[-1]) < min_population:
        remainder = merged.pop()  # a small remainder joins its neighbour
        merged[-1].extend(remainder)
    return [area for area in merged if area]
