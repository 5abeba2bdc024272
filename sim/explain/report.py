"""What ``healthsim explain`` prints and writes: the table, ``explain.csv``,
``explain.png`` and ``manifest.json``, all or nothing (``sim.runs.atomic``)."""

from __future__ import annotations

import json
from pathlib import Path

from sim.explain.decomposition import Decomposition
from sim.explain.measures import MEASURES, Measure
from sim.explain.variants import description

EXPLAIN_FILES = ("explain.csv", "explain.png", "manifest.json")
MAX_FOLDER_NAME = 60  # longer default folder names are shortened
LABEL_CHARACTERS = 62  # a mechanism's description in the printed table is cut here


def default_out_dir(a: str, b: str) -> Path:
    """``results/explain_<a>_vs_<b>`` (``results/explain`` if that is too long)."""
    folder = f"explain_{a}_vs_{b}"
    return Path("results") / (folder if len(folder) <= MAX_FOLDER_NAME else "explain")


def format_table(d: Decomposition) -> str:
    """The decomposition as printed: per measure, A, the steps by size, residual, B."""
    n = d.replicates
    lines = [
        f"Why '{d.b.name}' (B) differs from '{d.a.name}' (A): totals over {d.a.months} months "
        f"from {d.a.start}, {d.a.population.size:,} people, mean of {n} "
        f"replicate{'s' * (n > 1)}.",
        f"Each mechanism was switched off in both with common random numbers (seed "
        f"{d.a.seed}; replicate r of every run uses random streams r){_seed_note(d)}. "
        "Its contribution is the part of B - A that goes away without it; the residual is "
        "what the contributions do not add up to (mechanisms overlap).",
        "Interval: 95% t-interval of the mean over replicates"
        + ("." if n > 1 else " (needs at least 2 replicates)."),
    ]
    for m in MEASURES:
        lines += ["", *_block(d, m)]
    return "\n".join(lines)


def _block(d: Decomposition, m: Measure) -> list[str]:
    frame = d.to_frame()
    rows = frame[frame["measure"] == m.key].set_index("step", drop=False)
    steps = rows[rows["step"] == "mechanism"]
    moving = steps[steps["value"] != 0].sort_values("value", key=abs, ascending=False,
                                                    kind="stable")
    table = [(f"A: {d.a.name}", _number(rows.at["A", "value"], m), "", "")]
    for _, row in moving.iterrows():
        table.append((_cut(description(row["mechanism"])), _signed(row["value"], m),
                      _interval(row, m), _share(row)))
    residual = rows.loc["residual"]
    table.append(("interaction residual", _signed(residual["value"], m),
                  _interval(residual, m), _share(residual)))
    difference = rows.loc["difference"]
    table.append(("B - A", _signed(difference["value"], m), _interval(difference, m), ""))
    table.append((f"B: {d.b.name}", _number(rows.at["B", "value"], m), "", ""))
    header = (f"{m.label} ({m.unit})", "value", "95% interval", "of B - A")
    widths = [max(len(r[i]) for r in (header, *table)) for i in range(4)]
    align = ("<", ">", ">", ">")

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, align, widths,
                                                          strict=True)).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in table)]
    silent = [name for name in steps["mechanism"] if name not in set(moving["mechanism"])]
    if silent:
        out.append(f"no effect on {m.label.lower()}: {', '.join(silent)}")
    return out


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[:LABEL_CHARACTERS - 3] + "..."


def _number(value: float, m: Measure) -> str:
    return f"{value:,.{m.decimals}f}"


def _signed(value: float, m: Measure) -> str:
    rounded = round(value, m.decimals) + 0.0
    return "0" if rounded == 0 else f"{rounded:+,.{m.decimals}f}"


def _interval(row, m: Measure) -> str:
    if row["low"] != row["low"]:  # NaN: one replicate
        return ""
    return f"{_signed(row['low'], m)} to {_signed(row['high'], m)}"


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
                    "method": "contribution of m = (B - A) - (B with m off - A with m off), "
                              "per replicate, then the mean; residual = (B - A) - sum of "
                              "contributions"},
        "scenarios": {"a": d.a.model_dump(mode="json"), "b": d.b.model_dump(mode="json")},
        **provenance(),
    }


def write_explain(d: Decomposition, out_dir: Path) -> Path:
    """Write ``EXPLAIN_FILES`` to ``out_dir`` (replacing an older folder only when done)."""
    from sim.explain.waterfall import plot_waterfall
    from sim.runs.atomic import write_folder_atomically

    def write(folder: Path) -> None:
        d.to_frame().to_csv(folder / "explain.csv", index=False)
        plot_waterfall(d, folder / "explain.png")
        (folder / "manifest.json").write_text(json.dumps(manifest(d), indent=2) + "\n")

    return write_folder_atomically(out_dir, write, "explain")
