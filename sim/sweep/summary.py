"""``report/summary.md``: what a reader should take from a sweep, in a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from sim.labels import signed, signed_range
from sim.sweep.analysis import OUTCOMES

if TYPE_CHECKING:
    from sim.sweep.tables import Tables

SHOWN_DIFFERENCES = 12
OUTCOME_UNITS = {"emergency_admissions_total": ("emergency admissions", 1.0, ",.0f"),
                 "spend_total_gbp": ("spend (GBP m)", 1e-6, ",.2f"),
                 "qalys_total": ("QALYs", 1.0, ",.0f")}


def summary_markdown(tables: Tables) -> str:
    """The summary page: design, outcomes by arm, paired differences, sensitivity."""
    parts = [_header(tables), _outcomes(tables.outcomes), _differences(tables.differences),
             _sensitivity(tables.indices), _files()]
    if tables.notes:
        parts.insert(1, "\n".join(f"> Note: {note}" for note in tables.notes) + "\n")
    return "\n".join(part for part in parts if part)


def _header(tables: Tables) -> str:
    m = tables.manifest
    sweep, design = m["sweep"], m["design"]
    ranges = ", ".join(_range(name, spec) for name, spec in sweep["parameters"].items())
    arms = ", ".join(f"`{a['name']}` ({a['scenario']['population']['size']:,} people, "
                     f"{a['scenario']['months']} months)" for a in m["arms"])
    rows = len(design["matrix"])
    return (f"# Sweep `{sweep['name']}`\n\n{sweep['description']}\n\n"
            f"- **Design:** {design['method']} over {ranges}: {rows} rows x "
            f"{len(m['arms'])} arms = {len(design['points'])} points, "
            f"{_count(sweep['replicates'], 'replicate')}, {m['runs']['total']} runs.\n"
            f"- **Arms:** {arms}.\n"
            f"- **Common random numbers:** every run uses root seed {sweep['seed']}; "
            "replicate r uses random streams r, so points differ only in their parameters "
            "and differences are paired by replicate.\n")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _range(name: str, spec: dict) -> str:
    if spec.get("levels") is not None:
        return f"`{name}` {{{', '.join(f'{v:g}' for v in spec['levels'])}}}"
    return f"`{name}` {spec['low']:g}-{spec['high']:g}"


def _outcomes(outcomes: pd.DataFrame) -> str:
    lines = ["## Whole-run outcomes by arm", "",
             "Mean over points and replicates (5th-95th percentile across runs).", "",
             "| arm | runs | " + " | ".join(OUTCOME_UNITS[o][0] for o in OUTCOMES) + " |",
             "|---|---:|" + "---:|" * len(OUTCOMES)]
    for arm, frame in outcomes.groupby("arm", sort=False):
        cells = []
        for outcome in OUTCOMES:
            _, scale, fmt = OUTCOME_UNITS[outcome]
            values = frame[outcome] * scale
            cells.append(f"{values.mean():{fmt}} ({values.quantile(0.05):{fmt}}-"
                         f"{values.quantile(0.95):{fmt}})")
        lines.append(f"| {arm} | {len(frame)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _differences(differences: pd.DataFrame) -> str:
    if not len(differences):
        return ""
    lines = ["## Paired differences", "",
             "Point minus reference point, mean over replicates with a 95% t-interval of "
             "the paired differences (all in `differences.csv`).", "",
             "| point - reference | kind | " + " | ".join(
                 OUTCOME_UNITS[o][0] for o in OUTCOMES) + " |",
             "|---|---|" + "---:|" * len(OUTCOMES)]
    wide = differences.set_index(["point", "reference_point", "kind", "outcome"])
    pairs = differences[["point", "reference_point", "kind"]].drop_duplicates()
    for pair in pairs.head(SHOWN_DIFFERENCES).itertuples(index=False):
        cells = []
        for outcome in OUTCOMES:
            row = wide.loc[(*pair, outcome)]
            _, scale, fmt = OUTCOME_UNITS[outcome]
            decimals = int(fmt[-2])  # ",.2f" -> 2
            low, high = row["ci95_low"] * scale, row["ci95_high"] * scale
            interval = ("(one replicate: no interval)" if row["replicates"] < 2 else
                        f"({signed_range(low, high, decimals)})")
            cells.append(f"{signed(row['mean_difference'] * scale, decimals)} {interval}")
        lines.append(f"| {pair[0]} - {pair[1]} | {pair[2]} | " + " | ".join(cells) + " |")
    if len(pairs) > SHOWN_DIFFERENCES:
        lines.append(f"\n... and {len(pairs) - SHOWN_DIFFERENCES} more comparisons.")
    return "\n".join(lines) + "\n"


def _sensitivity(indices: pd.DataFrame) -> str:
    if not len(indices):
        return ""
    sobol = "ST" in indices.columns
    key = "ST" if sobol else "mu_star"
    what = ("total Sobol index ST (share of output variance involving the parameter)"
            if sobol else "Morris mu* (mean absolute elementary effect)")
    lines = ["## Sensitivity", "", f"Parameters ranked by {what}; all indices in "
             "`sensitivity.csv`.", ""]
    for (arm, outcome), frame in indices.groupby(["arm", "outcome"], sort=False):
        ranked = frame.sort_values(key, ascending=False)
        scale = 1.0 if sobol else OUTCOME_UNITS[outcome][1]  # Morris effects carry units
        text = ", ".join(f"`{r.parameter}` {getattr(r, key) * scale:.3g}"
                         for r in ranked.itertuples())
        lines.append(f"- **{arm}, {OUTCOME_UNITS[outcome][0]}:** {text}")
    return "\n".join(lines) + "\n"


def _files() -> str:
    return ("## Files\n\n"
            "- `bands.csv`, `bands.png`: mean and 5/25/50/75/95% quantiles across "
            "replicates of emergency admissions per 1,000, spend and QALYs, per point and "
            "month\n"
            "- `outcomes.csv`: whole-run totals per run\n"
            "- `differences.csv`, `differences.png`: paired differences with 95% intervals\n"
            "- `sensitivity.csv`, `sensitivity.png`: Sobol or Morris indices per arm and "
            "outcome\n")
