"""The totals table as ``healthsim compare`` prints it: what was run, then per measure
and scenario the mean and the paired difference from the first with its 95% interval
(chance), with draws of the uncertain inputs also the 90% interval over draws and
P(better), each measure shown to the decimals it is worth (``MEASURES``); under it, for
the headline measures, whether the inputs' uncertainty would flip each ranking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.compare.comparison import MEASURES, Comparison
from sim.labels import model_name, signed, signed_range
from sim.stats import t_quantile

if TYPE_CHECKING:
    from sim.compare.uncertainty import Uncertainty

COLUMN_ALIGN = ("<", "<", ">", ">", ">", ">", ">")
"""measure, scenario, mean, difference, its 95% interval (chance), and with draws of the
uncertain inputs the 90% interval over draws and P(better)."""


def format_table(comparison: Comparison, uncertainty: Uncertainty | None = None) -> str:
    """The totals table as printed by ``healthsim compare`` (with the draws' columns and
    the rankings they can flip when ``uncertainty`` is given)."""
    header = ("measure", "scenario", "mean", f"vs {comparison.reference}",
              "95% interval, chance")
    if uncertainty is not None:
        header += ("90% over draws", "P(better)")
    rows = _rows(comparison, uncertainty)
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, COLUMN_ALIGN, widths,
                                                          strict=False)).rstrip()

    return "\n".join([*_preamble(comparison, uncertainty), "", line(header),
                      "  ".join("-" * w for w in widths), *(line(r) for r in rows),
                      *_flips(comparison, uncertainty)])


def _preamble(comparison: Comparison, uncertainty: Uncertainty | None) -> list[str]:
    """What was run and how the differences were taken, above the table."""
    first, n = comparison.scenarios[0], comparison.replicates
    lines = [
        f"Totals over the whole run: {first.months} months, {first.start} to "
        f"{first.clock.label(first.months - 1)}; mean of {n} replicate{'s' * (n > 1)} per "
        "scenario.",
        f"Common random numbers: every scenario ran with seed {comparison.seed}, the seed "
        f"of {_called(comparison.reference)} (the first); replicate r of each uses random "
        "streams r." + _seed_note(comparison),
    ]
    sizes = {(s.population.size, s.population.practices, s.providers.acute_trusts)
             for s in comparison.scenarios}
    if len(sizes) > 1:
        lines.append("Note: the scenarios differ in population, practices or trusts, so their "
                     "totals differ in scale (compare the per-1,000 rate) and they share "
                     "fewer random numbers.")
    if n > 1:
        lines.append(
            f"Difference from {_called(comparison.reference)}: paired by replicate; mean and 95% "
            f"t-interval over the {n} replicates (t = {t_quantile(n - 1):.3f}, "
            f"{n - 1} degrees of freedom).")
    else:
        lines.append(f"Difference from {_called(comparison.reference)}: one replicate, so no "
                     "interval (the 95% interval needs at least 2 replicates: "
                     "--replicates 2 or more).")
    lines.append("The replicates measure chance only: they all run on the default values of "
                 "the uncertain inputs.")
    if uncertainty is not None:
        per_draw = uncertainty.replicates_per_draw
        lines.append(
            f"Over draws: every scenario ran again under {uncertainty.draws} joint draws of "
            f"{uncertainty.inputs} uncertain inputs (each parameter's sourced prior and "
            f"each structural choice; {per_draw} replicate{'s' * (per_draw > 1)} per "
            "draw), paired with the same draws and random numbers: the 5th to 95th "
            "percentile of the per-draw difference (the inputs' uncertainty and chance "
            f"together), and P(better), the share of draws in which the scenario beats "
            f"{_called(comparison.reference)} (blank where more is neither better nor worse). "
            "Details: uncertainty/decision_report.md.")
    return lines


def _flips(comparison: Comparison, uncertainty: Uncertainty | None) -> list[str]:
    """Under the table: for the headline measures, how often each ranking reverses over
    the draws and the assumption that would flip it."""
    from sim.compare.uncertainty import FLIP_MEASURES, flip_sentence

    if uncertainty is None:
        return []
    labels = {m.key: m.label for m in MEASURES}
    lines = ["", "Would the inputs' uncertainty flip a ranking? (the assumption that matters "
             "most: the input with the largest EVPPI for the pair; PRIM's box of inputs where "
             "the draws flip, if found: uncertainty.csv)"]
    for key in FLIP_MEASURES:
        for name in (s.name for s in comparison.scenarios[1:]):
            row = uncertainty.row(key, name)
            if row is not None:
                lines.append(f"- {labels[key]}, {model_name(name)} vs "
                             f"{model_name(comparison.reference)}: "
                             f"{flip_sentence(row)}.")
    return lines


def _rows(comparison: Comparison, uncertainty: Uncertainty | None) -> list[tuple[str, ...]]:
    """One row per measure and scenario; the measure is named on the reference's row."""
    n, rows = comparison.replicates, []
    decimals = {m.key: m.decimals for m in MEASURES}
    for _, row in comparison.table.iterrows():
        d = decimals[row["measure"]]
        is_reference = row["scenario"] == comparison.reference
        if is_reference:
            difference = interval = ""
        else:
            difference = signed(row["difference"], d)
            interval = ("needs >= 2 replicates" if n == 1 else
                        signed_range(row["difference_low"], row["difference_high"], d))
        cells = (row["label"] if is_reference else "", row["scenario"],
                 f"{row['mean']:,.{d}f}", difference, interval)
        if uncertainty is not None:
            cells += _draw_cells(uncertainty, row["measure"], row["scenario"], d)
        rows.append(cells)
    return rows


def _draw_cells(uncertainty: Uncertainty, measure: str, scenario: str,
                decimals: int) -> tuple[str, str]:
    """The 90% interval over draws and P(better) of one row ("" for the reference)."""
    from sim.compare.uncertainty import p_better_text

    row = uncertainty.row(measure, scenario)
    if row is None:
        return "", ""
    return (signed_range(row["low"], row["high"], decimals),
            p_better_text(row))


def _called(name: str) -> str:
    """A scenario in the preamble's prose: a known model or path in words ("Big bang"),
    a user's own name in quotes ('pbr-high'), so it reads as a name."""
    plain = model_name(name)
    return plain if plain != name else f"'{name}'"


def _seed_note(comparison: Comparison) -> str:
    """The scenarios' own seeds that the common seed replaced, if any differed."""
    others = [f"'{name}' {seed}" for name, seed in comparison.original_seeds.items()
              if seed != comparison.seed]
    return f" Seeds in the files not used: {', '.join(others)}." if others else ""
