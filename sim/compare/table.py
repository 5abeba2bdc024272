"""The totals table as ``healthsim compare`` prints it: what was run, then per measure
and scenario the mean and the paired difference from the first with its 95% interval,
each measure shown to the decimals it is worth (``MEASURES``).
"""

from __future__ import annotations

from sim.compare.comparison import MEASURES, Comparison
from sim.stats import t_quantile

COLUMN_ALIGN = ("<", "<", ">", ">", ">")  # measure, scenario, mean, difference, interval


def format_table(comparison: Comparison) -> str:
    """The totals table as printed by ``healthsim compare``."""
    header = ("measure", "scenario", "mean", f"vs {comparison.reference}", "95% interval")
    rows = _rows(comparison)
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, COLUMN_ALIGN, widths,
                                                          strict=True)).rstrip()

    return "\n".join([*_preamble(comparison), "", line(header),
                      "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def _preamble(comparison: Comparison) -> list[str]:
    """What was run and how the differences were taken, above the table."""
    first, n = comparison.scenarios[0], comparison.replicates
    lines = [
        f"Totals over the whole run: {first.months} months, {first.start} to "
        f"{first.clock.label(first.months - 1)}; mean of {n} replicate{'s' * (n > 1)} per "
        "scenario.",
        f"Common random numbers: every scenario ran with seed {comparison.seed}, the seed "
        f"of '{comparison.reference}' (the first); replicate r of each uses random "
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
            f"Difference from '{comparison.reference}': paired by replicate; mean and 95% "
            f"t-interval over the {n} replicates (t = {t_quantile(n - 1):.3f}, "
            f"{n - 1} degrees of freedom).")
    else:
        lines.append(f"Difference from '{comparison.reference}': one replicate, so no "
                     "interval (the 95% interval needs at least 2 replicates: "
                     "--replicates 2 or more).")
    return lines


def _rows(comparison: Comparison) -> list[tuple[str, ...]]:
    """One row per measure and scenario; the measure is named on the reference's row."""
    n, rows = comparison.replicates, []
    decimals = {m.key: m.decimals for m in MEASURES}
    for _, row in comparison.table.iterrows():
        d = decimals[row["measure"]]
        is_reference = row["scenario"] == comparison.reference
        if is_reference:
            difference = interval = ""
        else:
            difference = _signed(row["difference"], d)
            interval = ("needs >= 2 replicates" if n == 1 else
                        f"{_signed(row['difference_low'], d)} to "
                        f"{_signed(row['difference_high'], d)}")
        rows.append((row["label"] if is_reference else "", row["scenario"],
                     f"{row['mean']:,.{d}f}", difference, interval))
    return rows


def _signed(value: float, decimals: int) -> str:
    """``+1,234`` / ``-0.5``; a value that rounds to zero is shown as ``0``."""
    rounded = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:,.{decimals}f}" if rounded == 0 else f"{rounded:+,.{decimals}f}"


def _seed_note(comparison: Comparison) -> str:
    """The scenarios' own seeds that the common seed replaced, if any differed."""
    others = [f"'{name}' {seed}" for name, seed in comparison.original_seeds.items()
              if seed != comparison.seed]
    return f" Seeds in the files not used: {', '.join(others)}." if others else ""
