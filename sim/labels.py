"""Plain words for what the code calls by short names: models, paths, columns, sources.

Plots, the dashboard and the reports show these rather than codes (``pct``,
``big_bang``, ``spend_total``, "seed 002"), so a room of GPs and managers reads
"PCT commissioning", "Big bang", "Total spending" and "Nuffield Trust 2009". One home
for the words, so every surface says the same thing.
"""

from __future__ import annotations

import re

MODEL_NAMES: dict[str, str] = {
    "pct": "PCT commissioning",
    "fundholding": "GP fundholding",
    "pbc": "Practice-based commissioning",
    "consortia": "GP consortia",
    "lcp": "Local clinical partnership",
    "outside": "Outside organisations",
}
"""Each commissioning model (``sim.commissioning.rule_sets``), as a room would say it."""

PATH_NAMES: dict[str, str] = {
    "big_bang": "Big bang",
    "slow_burn": "Slow burn",
    "white_paper_2013": "White Paper 2013",
}
"""The migration paths of ``scenarios/`` (seed 002's big bang and slow burn; the 2010
White Paper's consortia by 2013)."""

SOURCE_NAMES: dict[str, str] = {
    "seed 000": "Nuffield Trust and NHS Alliance 2009",
    "seed 001": "Article by an LCP report author, 2009",
    "seed 002": "Nuffield Trust LCP launch notes 2009",
    "seed 003": "Nuffield Trust 2010",
    "seed 004": "NHS Confederation 2010",
}
"""The policy documents the model comes from (docs/sources.md), by publisher and year."""

SPEND_NAMES: dict[str, str] = {
    "acute_emergency": "Emergency admissions",
    "acute_elective": "Planned (elective) admissions",
    "outpatient": "Outpatients",
    "ae": "A&E",
    "community": "Community services",
    "prescribing": "Prescribing",
    "primary_care": "Primary care",
    "other": "Other hospital care (block)",
    "management": "Management",
    "incentives": "Savings paid to practices",
    "transition": "Cost of reorganising",
    "total": "Total spending",
}
"""Each spending category of ``sim.money.ledger.Category`` (``spend_<category>``)."""

COLUMN_NAMES: dict[str, str] = {
    "population": "Registered population",
    "deaths": "Deaths",
    "deaths_care_affects": "Deaths care acts on",
    "deaths_amenable": "Deaths avoidable by care",
    "referrals": "GP referrals",
    "referrals_needed_withheld": "Needed referrals withheld",
    "elective_admissions": "Planned (elective) admissions",
    "elective_waiting_list": "People waiting for planned care",
    "elective_wait_weeks": "Mean weeks waited",
    "elective_weeks_waited": "Weeks waited",
    "ae_attendances": "A&E attendances",
    "emergency_admissions": "Emergency admissions",
    "emergency_admissions_per_1000": "Emergency admissions per 1,000 a year",
    "emergency_gap_per_1000": "Deprivation gap in emergency admissions per 1,000",
    "gp_consultations": "GP consultations",
    "budget_total": "Budget (allocation)",
    "resource_cost": "Cost of care",
    "transfers": "Transfers (savings paid, bailouts)",
    "cost_to_nhs": "Cost to the NHS",
    "qalys": "Health (QALYs)",
    "qaly_gap_per_1000": "Deprivation gap in QALYs per 1,000",
    "nmb_20k": "Net monetary benefit at £20,000 per QALY",
    "nmb_30k": "Net monetary benefit at £30,000 per QALY",
    "gp_engagement_mean": "GP engagement",
}
"""The time-series columns a plot or table shows most (docs/outputs.md has them all)."""


def model_name(name: str) -> str:
    """A model or migration path in plain words (``lcp`` -> "Local clinical
    partnership", ``big_bang`` -> "Big bang"); any other scenario name as its author wrote
    it (a user's "pbr-high" is theirs to spell, and rewording it would hide which file it
    is)."""
    return MODEL_NAMES.get(name) or PATH_NAMES.get(name) or name


def source_name(text: str) -> str:
    """Every "seed 00N" in ``text`` replaced by its publisher and year."""
    return re.sub(r"seed 00\d", lambda found: SOURCE_NAMES.get(found.group(0), found.group(0)),
                  text)


def column_label(column: str) -> str:
    """A time-series column in plain words: ``spend_ae`` -> ``"A&E"``,
    ``population_covered_lcp`` -> ``"People covered: Local clinical partnership"``."""
    if column in COLUMN_NAMES:
        return COLUMN_NAMES[column]
    if column.startswith("spend_") and column[6:] in SPEND_NAMES:
        return SPEND_NAMES[column[6:]]
    covered = re.fullmatch(r"population_covered_(\w+?)(?:_stage_(\d))?", column)
    if covered:
        stage = f", stage {covered.group(2)}" if covered.group(2) else ""
        return f"People covered: {model_name(covered.group(1))}{stage}"
    if column.startswith("organisations_"):
        return f"Organisations: {model_name(column[len('organisations_'):])}"
    return column.replace("_", " ").capitalize()


def signed(value: float, decimals: int = 0) -> str:
    """A difference as every report prints it: ``+1,234``, ``-0.5``, and ``0`` (``0.0``
    ...) for one that rounds to zero, never ``+0`` or ``-0.0``, which read as a direction
    the numbers do not have. The one formatter of signed numbers for every report and table."""
    if value != value:  # NaN
        return "n/a"
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:,.{decimals}f}" if rounded == 0 else f"{rounded:+,.{decimals}f}"


def signed_range(low: float, high: float, decimals: int = 0) -> str:
    """``-1,234 to +56``: an interval's two ends, each by ``signed``."""
    return f"{signed(low, decimals)} to {signed(high, decimals)}"
