"""Budget risk by holder size in one simulated economy: from a panel to holder-years.

For every budget year (after a warm-up year and two years of history), every view of
the data (with and without gaming, with and without the high-cost exclusion) and every
method, each person gets a basis (``sim.risk.methods``); holders of each size take
their share of the PCT's pot in proportion to the sum of their people's bases; their
outturn is the year's hospital cost of the people between their cuts
(``sim.risk.holders``). The holder-years are then settled under each risk
arrangement (``sim.risk.arrangements``).

Randomness: which practices game, the keys and the partitions come from streams
``SeedSequence(seed, spawn_key=(replicate, 100 + i))``, apart from the model's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim.risk.accuracy import practice_r_squared, r_squared
from sim.risk.arrangements import (
    Arrangement,
    conservation_errors,
    named_arrangements,
    settle,
)
from sim.risk.holders import KeyLine, Partitions, make_partitions
from sim.risk.methods import (
    Basis,
    CapitationWeights,
    capitation_basis,
    forecast_pot,
    historic_basis,
    paced_shares,
    pounds_to_pennies,
    split_pennies,
)
from sim.risk.panel import Panel
from sim.risk.person_based import fit_models, person_based_bases
from sim.risk.settings import BudgetSettings
from sim.risk.views import BudgetData, budget_data, choose_gamers

METHODS: tuple[str, ...] = ("historic", "capitation", "person_based", "paced")
RISK_STREAMS: tuple[str, ...] = ("gaming", "keys", "partitions")
VIEWS = tuple((gaming, capped) for capped in (False, True) for gaming in (False, True))


@dataclass(frozen=True)
class AnalysisOptions:
    """What to analyse in each simulated economy."""

    sizes: tuple[int, ...]
    groupings: tuple[str, ...] = ("practices", "random")
    holder_years_target: int = 2000  # per size, grouping and replicate (before settling)
    max_partitions: int = 200
    settings: BudgetSettings = field(default_factory=BudgetSettings)


@dataclass(frozen=True)
class Cell:
    """Holder-years of one size, grouping, view, method and arrangement.

    Arrays are (years, holders); holders are ``partitions`` areas of ``holders_per_area``.
    """

    line: str  # the budget line (sim.risk.panel.LINES)
    grouping: str
    size: int
    gaming: bool
    method: str
    arrangement: str
    holders_per_area: int
    partitions: int
    position_pct: np.ndarray  # outturn against budget after the arrangement, + = over
    list_size: np.ndarray
    failed: np.ndarray
    pct_support_per_head: np.ndarray  # GBP the PCT paid (risk share, write-offs, exclusions)


@dataclass(frozen=True)
class PanelAnalysis:
    cells: list[Cell]
    accuracy: list[dict]  # predictive power by year, level, method and gaming
    area: list[dict]  # the pot against the area's outturn by year


def risk_streams(seed: int, replicate: int) -> dict[str, np.random.Generator]:
    return {name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replicate,
                                                                                 100 + i)))
            for i, name in enumerate(RISK_STREAMS)}


def budget_years(panel: Panel, settings: BudgetSettings) -> list[int]:
    """Years that can be budgeted: two years of history after the warm-up."""
    return panel.years[settings.warmup_years + 2:]


def analyse_panel(panel: Panel, options: AnalysisOptions, seed: int, replicate: int = 0,
                  progress: Callable[[], None] | None = None,
                  line: str = "hospital") -> PanelAnalysis:
    """Every holder-year of every size, view, method and arrangement in one economy, with
    budgets and outturns on one budget ``line`` (``sim.risk.panel.LINES``).

    The random streams do not depend on the line, so each line is cut into the same
    holders with the same gaming practices.
    """
    s = options.settings
    panel = panel.on_line(line)
    years = budget_years(panel, s)
    if not years:
        raise ValueError(f"the panel has {len(panel.years)} years; budgets need "
                         f"{s.warmup_years + 3} (warm-up, two years of history, one outturn)")
    rng = risk_streams(seed, replicate)
    gamers = choose_gamers(panel.n_practices, s.gaming_share, rng["gaming"])
    uniform = rng["keys"].random(max(int(r.person_id.max()) for r in panel.records) + 1)
    lines = _key_lines(panel, uniform, options.groupings)
    partitions = _partitions(panel, years, lines, options, rng["partitions"])
    shares: dict = defaultdict(list)  # (gaming, capped, grouping, size, what) -> [by year]
    practice_shares: dict = defaultdict(list)  # (gaming, method) -> [by year]
    accuracy, area, pots = [], [], defaultdict(list)
    for t in years:
        views = _views(panel, t, gamers, s)
        bases = _bases(views)
        sums = _interval_sums(views[(False, False)], lines)
        for (gaming, capped), data in views.items():
            if not gaming:
                pots[capped].append(forecast_pot(data))
            for grouping in options.groupings:
                _holder_shares(shares, (gaming, capped, grouping), data,
                               bases[(gaming, capped)], sums[grouping],
                               {size: partitions[(grouping, size)] for size in options.sizes})
            if not capped:
                accuracy += _accuracy(t, gaming, data, bases[(gaming, capped)],
                                      panel.n_practices, practice_shares)
        outturn = views[(False, False)].outturn.cost.sum()
        area.append({"line": line, "year": t, "pot_gbp": pots[False][-1],
                     "outturn_gbp": float(outturn),
                     "error_pct": 100.0 * (outturn - pots[False][-1]) / pots[False][-1]})
        if progress is not None:
            progress()
    accuracy += _paced_accuracy(years, practice_shares, s.pace_years)
    cells = _settle_all(shares, pots, partitions, options, len(years), line)
    return PanelAnalysis(cells, [{"line": line, **row} for row in accuracy], area)


def _key_lines(panel: Panel, uniform: np.ndarray, groupings) -> dict[str, KeyLine]:
    """Each grouping's key line over everyone in the panel (practice as last recorded)."""
    person_id = np.concatenate([r.person_id for r in panel.records])
    practice = np.concatenate([r.practice for r in panel.records])
    return {g: KeyLine(g, panel.n_practices, person_id, practice, uniform) for g in groupings}


def _partitions(panel: Panel, years: list[int], lines: dict[str, KeyLine],
                options: AnalysisOptions, rng: np.random.Generator) -> dict:
    first = panel.record(years[0] - 1)
    start = first.select(first.alive)
    out = {}
    for grouping in options.groupings:
        line = lines[grouping]
        keys = line.sorted_keys(start.person_id, start.practice)
        for size in options.sizes:
            holders = len(keys) // size
            count = int(np.clip(np.ceil(options.holder_years_target
                                        / max(holders * len(years), 1)),
                                1, options.max_partitions))
            out[(grouping, size)] = make_partitions(keys, line.span, size, count, rng)
    return out


def _views(panel: Panel, year: int, gamers: np.ndarray,
           s: BudgetSettings) -> dict[tuple[bool, bool], BudgetData]:
    views = {}
    for gaming, capped in VIEWS:
        views[(gaming, capped)] = budget_data(
            panel, year, gamers if gaming else None, s.gaming_uplift,
            s.high_cost_threshold if capped else None)
    return views


def _bases(views: dict) -> dict:
    """Each view's basis per method.

    Capitation weights and the person-based model are fitted on the data without gaming
    and applied to each view's list, as national weights and a national model would be:
    one area's gaming does not move them, though gamed use still feeds a person's
    predicted cost through last year's use.
    """
    full, capped = views[(False, False)], views[(False, True)]
    models = fit_models(full, [full, capped])
    weights = {False: CapitationWeights.fit(full), True: CapitationWeights.fit(capped)}
    bases = {}
    for gaming in (False, True):
        predicted = person_based_bases(views[(gaming, False)], models)
        for capped_view, pb in zip((False, True), predicted, strict=True):
            data = views[(gaming, capped_view)]
            bases[(gaming, capped_view)] = {
                "historic": historic_basis(data),
                "capitation": capitation_basis(data, weights[capped_view]),
                "person_based": pb}
    return bases


def _interval_sums(data: BudgetData, lines: dict[str, KeyLine]) -> dict:
    """Key order of last year's people, this year's start list and this year's people
    (the same people in every view)."""
    return {grouping: {name: line.interval_sums(r.person_id, r.practice)
                       for name, r in (("previous", data.previous), ("start", data.start),
                                       ("outturn", data.outturn))}
            for grouping, line in lines.items()}


def _holder_shares(shares: dict, key: tuple, data: BudgetData, bases: dict[str, Basis],
                   sums: dict, partitions: dict[int, Partitions]) -> None:
    """Append this year's holder shares, outturns and list sizes for every size."""
    gaming, capped, grouping = key
    sized = {size: parts for size, parts in partitions.items() if parts.holders > 0}
    totals = {"outturn": (sums["outturn"], data.outturn.cost, 1.0),
              "list_size": (sums["start"], np.ones(len(data.start)), 1.0)}
    for method, basis in bases.items():
        sorter = sums["previous"] if method == "historic" else sums["start"]
        totals[method] = (sorter, basis.value, basis.value.sum())
    for what, (sorter, values, total) in totals.items():
        over = sorter.cumulative(values)
        for size, parts in sized.items():
            shares[(gaming, capped, grouping, size, what)].append(over(parts) / total)


def _accuracy(year: int, gaming: bool, data: BudgetData, bases: dict[str, Basis],
              n_practices: int, practice_shares: dict) -> list[dict]:
    start, outturn = data.start, data.outturn
    actual_person = outturn.cost[outturn.rows_of(start.person_id)]
    actual_practice = np.bincount(outturn.practice, weights=outturn.cost, minlength=n_practices)
    heads = np.bincount(start.practice, minlength=n_practices)
    practice_shares[(gaming, "actual")].append((actual_practice, heads))
    rows = []
    for method, basis in bases.items():
        person = start.cost if method == "historic" else basis.value
        by_practice = np.bincount(basis.practice, weights=basis.value, minlength=n_practices)
        practice_shares[(gaming, method)].append(by_practice / by_practice.sum())
        rows.append(_row(year, gaming, "person", method, r_squared(actual_person, person)))
        rows.append(_row(year, gaming, "practice", method,
                         practice_r_squared(actual_practice, by_practice, heads)))
    return rows


def _paced_accuracy(years: list[int], practice_shares: dict, pace_years: int) -> list[dict]:
    rows = []
    for gaming in (False, True):
        historic = np.array(practice_shares[(gaming, "historic")])
        target = np.array(practice_shares[(gaming, "person_based")])
        paced = paced_shares(historic[0], target, pace_years)
        actual = practice_shares[(gaming, "actual")]
        for k, year in enumerate(years):
            cost, heads = actual[k]
            rows.append(_row(year, gaming, "practice", "paced",
                             practice_r_squared(cost, paced[k], heads)))
    return rows


def _row(year: int, gaming: bool, level: str, method: str, value: float) -> dict:
    return {"year": year, "gaming": gaming, "level": level, "method": method, "r2": value}


def _check_money(result, group: np.ndarray, full_bill: np.ndarray | None, method: str,
                 key: tuple, arrangement: Arrangement) -> None:
    """Every settled study is checked: money conserved to the penny (not an assert, so it
    also runs under ``python -O``)."""
    bill = None if full_bill is None else full_bill.reshape(result.budget.shape)
    errors = conservation_errors(result, group, bill)
    if any(errors.values()):
        raise RuntimeError(f"money not conserved for {method}, {arrangement.name}, {key}: "
                           f"{errors} pennies")


def _settle_all(shares: dict, pots: dict, partitions: dict, options: AnalysisOptions,
                n_years: int, line: str) -> list[Cell]:
    cells = []
    for grouping in options.groupings:
        for size in options.sizes:
            parts = partitions[(grouping, size)]
            if parts.holders == 0:
                continue
            for gaming in (False, True):
                for arrangement in named_arrangements(options.settings):
                    capped = arrangement.high_cost_exclusion
                    key = (gaming, capped, grouping, size)
                    cells += _settle_methods(shares, key, pots[capped], parts, arrangement,
                                             options.settings, n_years, line)
    return cells


def _settle_methods(shares: dict, key: tuple, pots: list[float], parts: Partitions,
                    arrangement: Arrangement, s: BudgetSettings, n_years: int,
                    line: str) -> list[Cell]:
    gaming, capped, grouping, size = key
    outturn_p = pounds_to_pennies(np.array(shares[(*key, "outturn")]))  # (Y, P, g)
    excluded_p = None
    if capped:
        full = pounds_to_pennies(np.array(shares[(gaming, False, grouping, size, "outturn")]))
        excluded_p = (full - outturn_p).reshape(n_years, -1)
    list_size = np.array(shares[(*key, "list_size")])
    pot_p = pounds_to_pennies(np.array(pots))
    group = np.repeat(np.arange(parts.count), parts.holders)
    method_shares = {m: np.array(shares[(*key, m)]) for m in METHODS if m != "paced"}
    method_shares["paced"] = paced_shares(method_shares["historic"][0],
                                          method_shares["person_based"], s.pace_years)
    cells = []
    for method in METHODS:
        share = method_shares[method]
        rest = np.clip(1.0 - share.sum(axis=-1, keepdims=True), 0.0, None)
        budget = split_pennies(np.broadcast_to(pot_p[:, None], share.shape[:2]),
                               np.concatenate([share, rest], axis=-1))[..., :-1]
        result = settle(budget.reshape(n_years, -1), outturn_p.reshape(n_years, -1), group,
                        arrangement, excluded_p)
        _check_money(result, group, full if capped else None, method, key, arrangement)
        support = (result.pct_share + result.write_off + result.excluded) / 100.0
        heads = list_size.reshape(n_years, -1)
        cells.append(Cell(line, grouping, size, gaming, method, arrangement.name, parts.holders,
                          parts.count, result.position_pct.astype(np.float32),
                          heads.astype(np.float32), result.failed,
                          support / np.maximum(heads, 1)))
    return cells
