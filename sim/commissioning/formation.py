"""Which practices form which commissioners, at the start and each April.

- ``practice`` (fundholding): each practice engaged enough becomes its own fundholder;
- ``locality`` (PBC): one cluster per locality, every practice;
- ``consortium``: neighbouring localities merge until the group covers the model's
  minimum population (in a smaller area, one consortium covers it); every practice
  belongs (statutory);
- ``partnership`` (LCP): within each area (neighbouring localities merged to the minimum
  population) the practices engaged enough form a partnership if together they cover
  the minimum population; later-engaged practices join. Members do not leave.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.agents import Commissioner, GPPractice
from sim.commissioning.presets import ModelRules

NewCommissioner = Callable[[list[GPPractice]], Commissioner]


def form_commissioners(practices: list[GPPractice], rules: ModelRules,
                       commissioners: list[Commissioner], create: NewCommissioner) -> None:
    """Create or extend commissioners for this year (mutates ``commissioners``)."""
    if rules.grouping == "none":
        return
    if rules.grouping == "practice":
        for practice in practices:
            if practice.commissioner is None and _willing(practice, rules):
                commissioners.append(create([practice]))
        return
    for area in _areas(practices, rules):
        members = area if not rules.voluntary else [
            p for p in area if p.commissioner is not None or _willing(p, rules)]
        existing = next((p.commissioner for p in members if p.commissioner), None)
        if existing is not None:
            for practice in members:
                if practice.commissioner is None:
                    existing.practices.append(practice)
                    practice.commissioner = existing
        elif members and (not rules.voluntary
                          or sum(p.list_size for p in members) >= rules.min_population):
            commissioners.append(create(members))  # statutory bodies form whatever size


def _willing(practice: GPPractice, rules: ModelRules) -> bool:
    return practice.engagement >= rules.join_engagement


def _areas(practices: list[GPPractice], rules: ModelRules) -> list[list[GPPractice]]:
    """Localities, merged in order until each covers the model's minimum population."""
    localities: dict[int, list[GPPractice]] = {}
    for practice in practices:
        localities.setdefault(practice.locality, []).append(practice)
    if rules.grouping == "locality":
        return list(localities.values())
    areas: list[list[GPPractice]] = [[]]
    for members in localities.values():
        if sum(p.list_size for p in areas[-1]) >= rules.min_population:
            areas.append([])
        areas[-1].extend(members)
    if len(areas) > 1 and sum(p.list_size for p in areas[-1]) < rules.min_population:
        areas[-2].extend(areas.pop())  # a small remainder joins its neighbour
    return [area for area in areas if area]
