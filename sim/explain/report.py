"""What ``healthsim explain`` prints and writes: the table, ``explain.csv``,
``explain.png`` and ``manifest.json``, all or nothing (``sim.runs.atomic``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sim.explain.decomposition import EXACT, Decomposition, interaction_name
from sim.explain.measures import MEASURES, Measure
from sim.explain.variants import description
from sim.labels import model_name, signed, signed_range

EXPLAIN_FILES = ("explain.csv", "explain.png", "manifest.json")
MAX_FOLDER_NAME = 60  # longer default folder names are shortened
LABEL_CHARACTERS = 62  # a mechanism's description in the printed table is cut here
INTERACTIONS_SHOWN = 3  # assumption: the few largest pairs a reader can take in


def default_out_dir(a: str, b: str) -> Path:
    """``results/explain_<a>_vs_<b>`` (``results/explain`` if that is too long)."""
    folder = f"explain_{a}_vs_{b}"
    return Path("results") / (folder if len(folder) <= MAX_FOLDER_NAME else "explain")


def format_table(d: Decomposition) -> str:
    """The decomposition as printed: per measure, the Shapley waterfall (A, base, each
    mechanism's Shapley value by size, remainder, B - A, B), the preconditions on their
    own, then the largest two-way interactions."""
    n = d.replicates
    exact = d.method == EXACT
    lines = [
        f"Why {_called(d.b.name)} (B) differs from {_called(d.a.name)} (A): totals over "
        f"{d.a.months} months from {d.a.start}, {d.a.population.size:,} people, mean of {n} "
        f"replicate{'s' * (n > 1)}.",
        f"Method: {'exact' if exact else 'APPROXIMATE'} Shapley values from a "
        f"{d.plan.design_text} of the {len(d.players)} mechanisms on in either file, run in "
        f"both with common random numbers (seed {d.a.seed}; replicate r of every run uses "
        f"random streams r){_seed_note(d)}. A mechanism's Shapley value is its effect on "
        "B - A averaged over every order of switching the mechanisms on; base + the "
        "Shapley values = B - A"
        + (" exactly." if exact else ", with a higher-order remainder (interactions of "
           "three or more mechanisms, which the fraction cannot separate)."),
        "Preconditions (mechanisms the others need to act at all) stay as in the files and "
        "are not credited: each is shown as the difference with it off in both arms.",
        "Interval: 95% t-interval of the mean over replicates"
        + ("." if n > 1 else " (needs at least 2 replicates)."),
    ]
    frame = d.to_frame()
    for m in MEASURES:
        lines += ["", *_block(d, frame[frame["measure"] == m.key], m)]
    return "\n".join(lines)


def _block(d: Decomposition, rows: pd.DataFrame, m: Measure) -> list[str]:
    by_step = rows.set_index("step", drop=False)
    steps = rows[rows["step"] == "shapley"]
    moving = steps[steps["value"] != 0].sort_values("value", key=abs, ascending=False,
                                                    kind="stable")
    table = [(f"A: {d.a.name}", _number(by_step.at["A", "value"], m), "", "")]
    base = by_step.loc["base"]
    table.append(("base: B - A with every mechanism off", _signed(base["value"], m),
                  _interval(base, m), _share(base)))
    for _, row in moving.iterrows():
        table.append((_cut(description(row["mechanism"])), _signed(row["value"], m),
                      _interval(row, m), _share(row)))
    if "remainder" in by_step.index:
        remainder = by_step.loc["remainder"]
        table.append(("higher-order remainder (approximate)",
                      _signed(remainder["value"], m), _interval(remainder, m),
                      _share(remainder)))
    difference = by_step.loc["difference"]
    table.append(("B - A", _signed(difference["value"], m), _interval(difference, m), ""))
    table.append((f"B: {d.b.name}", _number(by_step.at["B", "value"], m), "", ""))
    header = (f"{m.label} ({m.unit})", "value", "95% interval", "of B - A")
    out = _aligned(header, table)
    silent = [name for name in steps["mechanism"] if name not in set(moving["mechanism"])]
    if silent:
        out.append(f"no effect on {m.label.lower()}: {', '.join(silent)}")
    for _, row in rows[rows["step"] == "precondition"].iterrows():
        out.append(f"precondition, not in the sum: with {row['mechanism']} off in both arms "
                   f"B - A would be {_signed(row['value'], m)}"
                   + (f" ({_interval(row, m)})" if _interval(row, m) else ""))
    pairs = rows[(rows["step"] == "interaction") & (rows["value"].round(m.decimals) != 0)]
    pairs = pairs.sort_values("value", key=abs, ascending=False, kind="stable")
    if len(pairs):
        out.append("largest two-way interactions (Yates: half the change in one's main "
                   "effect when the other is on):")
        for _, row in pairs.head(INTERACTIONS_SHOWN).iterrows():
            name = interaction_name(row["mechanism"], row["interacting_with"])
            interval = _interval(row, m)
            out.append(f"  {name}: {_signed(row['value'], m)}"
                       + (f" ({interval})" if interval else ""))
    return out


def _aligned(header: tuple[str, ...], table: list[tuple[str, ...]]) -> list[str]:
    """Rows in columns: the first left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in (header, *table)) for i in range(len(header))]
    align = ("<", *[">"] * (len(header) - 1))

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, align, widths,
                                                          strict=True)).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in table)]


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[:LABEL_CHARACTERS - 3] + "..."


def _number(value: float, m: Measure) -> str:
    return f"{value:,.{m.decimals}f}"


def _signed(value: float, m: Measure) -> str:
    """A difference to the measure's decimals (``sim.reports.migration_findings.signed``:
    the one formatter of differences, so no report prints ``+0`` or ``-0.0``)."""
    return signed(value, m.decimals)


def _called(name: str) -> str:
    """A scenario in prose: a known model or path in words, a user's own name quoted."""
    plain = model_name(name)
    return plain if plain != name else f"'{name}'"


def _interval(row, m: Measure) -> str:
    if row["low"] != row["low"]:  # NaN: one replicate
        return ""
    return signed_range(row["low"], row["high"], m.decimals)


def _share(row) -> str:
    share = row["share_of_difference"]
    return "" if share != share else f"{round(100 * share) + 0:.0f}%"


def _seed_note(d: Decomposition) -> str:
    seed_a, seed_b = d.own_seeds
    return "" if seed_a == seed_b else f"; the seed {seed_b} in B's file was not used"


def manifest(d: Decomposition) -> dict:
    """What is needed to reproduce and trust the decomposition."""
    from sim.runs.run import provenance

    return {
        "explain": {"a": d.a.name, "b": d.b.name, "replicates": d.replicates,
                    "common_seed": d.a.seed, "own_seeds": list(d.own_seeds),
                    "distinct_scenarios": d.distinct_scenarios,
                    "simulations": d.simulations, "workers": d.workers,
                    "runtime_seconds": round(d.seconds, 3),
                    "players": list(d.players), "preconditions": list(d.preconditions),
                    "off_in_both_files": list(d.not_players),
                    "design": d.plan.design_text, "coalitions": len(d.plan.design),
                    "shapley": d.method,
                    "method": _method_text(d)},
        "scenarios": {"a": d.a.model_dump(mode="json"), "b": d.b.model_dump(mode="json")},
        **provenance(),
    }


def _method_text(d: Decomposition) -> str:
    """The method in words, for the manifest."""
    common = ("delta(S) = B(S) - A(S) per replicate, S a coalition of players (players in "
              "S as in their file, the others off, preconditions as in the files); base = "
              "delta(no player); main effects and two-way interactions in +-1 coding "
              "(Yates); each precondition: delta with it off in both arms, not credited; "
              "means and 95% t-intervals over replicates. ")
    if d.method == EXACT:
        return common + ("exact Shapley values from the full 2^k factorial: base + sum of "
                         "Shapley values = B - A.")
    return common + ("approximate Shapley values from the main-effects-plus-two-way model "
                     "fitted to a resolution >= V fraction (phi_i = b_i + 1/2 sum_j b_ij); "
                     "higher-order remainder = (B - A) - base - sum of Shapley values.")


def write_explain(d: Decomposition, out_dir: Path) -> Path:
    """Write ``EXPLAIN_FILES`` to ``out_dir`` (replacing an older folder only when done)."""
    from sim.explain.waterfall import plot_waterfall
    from sim.runs.atomic import write_folder_atomically

    def write(folder: Path) -> None:
        d.to_frame().to_csv(folder / "explain.csv", index=False)
        plot_waterfall(d, folder / "explain.png")
        (folder / "manifest.json").write_text(json.dumps(manifest(d), indent=2) + "\n")

    return write_folder_atomically(out_dir, write, "explain")
