"""``migration_report.md``: migration paths compared, for a policy audience.

Written by ``healthsim compare`` beside its other outputs whenever a compared scenario
has a migration timeline. Its figures are drawn from the comparison's runs and every
number in its text comes from ``sim.reports.migration_findings`` on those runs; the only fixed
text is the explanation of how to read it and what the model leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from sim.labels import model_name, signed, signed_range
from sim.reports import migration_findings as findings
from sim.reports import migration_plots as report_plots
from sim.stats import Interval, mean_interval

REPORT_FILES = ("migration_report.md", "migration_adoption.png", "migration_outcomes.png",
                "migration_organisations.png")
MIGRATION_EVENTS = frozenset({"invite_bids", "select_pilots", "open_lcp_status",
                              "adopt_model", "make_budgets_real", "abolish_pct"})
HORIZONS_YEARS = (3, 5)
ORGANISATION_KINDS = {"commissioner": "commissioners", "pct": "the PCT", "trust": "trusts"}
"""The organisation types of a deficit, as a reader says them."""


def is_migration_comparison(scenarios: Sequence) -> bool:
    """Whether any compared scenario moves between models on a timeline."""
    return any(event.event in MIGRATION_EVENTS for s in scenarios for event in s.timeline)


def write_migration_report(comparison, folder: Path, uncertainty=None) -> None:
    """Write the report and its three figures into ``folder``.

    ``uncertainty`` (optional): the comparison's draws of the uncertain inputs
    (``sim.compare.uncertainty``), for the headlines' P(better), their interval over
    draws and the assumption that would flip each ranking.
    """
    ts = comparison.timeseries
    names = [s.name for s in comparison.scenarios]
    organisations = {name: run.organisations for name, run in comparison.runs.items()}
    deficits = {name: findings.deficits_by_year(organisations[name]) for name in names}
    report_plots.plot_adoption(ts, names, folder / "migration_adoption.png")
    report_plots.plot_outcomes(ts, names, folder / "migration_outcomes.png")
    report_plots.plot_organisations(ts, deficits, names, folder / "migration_organisations.png")
    text = render(comparison, organisations, deficits, uncertainty)
    (folder / "migration_report.md").write_text(text, encoding="utf-8")


# --- the text -----------------------------------------------------------------------------
def render(comparison, organisations: dict[str, pd.DataFrame],
           deficits: dict[str, pd.DataFrame], uncertainty=None) -> str:
    """The report's Markdown. Paths are named in words (``sim.labels.model_name``) for a reader;
    sentences about what the runs did are in the past tense; ``deficits`` (the figure's
    means) is accepted for the figure's callers, the text counts whole organisations."""
    ts = comparison.timeseries
    scenarios = comparison.scenarios
    names = [s.name for s in scenarios]
    first = scenarios[0]
    end = ts["date"].max()
    parts = [
        f"# Migration paths compared: {', '.join(model_name(n) for n in names)}",
        "",
        f"{first.population.size:,} people in {first.population.practices} practices, "
        f"{_month(ts['date'].min())} to {_month(end)} ({first.months} months); "
        f"{comparison.replicates} replicates of each path with common random numbers "
        f"(seed {comparison.seed}). Every number below is computed from these runs. "
        "Intervals are 95% t-intervals of the paired differences between replicates "
        "(chance only: every replicate runs on the default values of the uncertain inputs); "
        "bands in the figures run from the 5th to the 95th percentile of replicates."
        + _draws_sentence(uncertainty),
        "",
        "## In brief",
        "",
        *_brief(ts, names, uncertainty),
        "",
        "## The paths",
        "",
        *[f"- **{model_name(s.name)}**: {_description(s)} "
          f"(starts under {model_name(s.commissioning.model)}; events: "
          f"{_events(s) or 'none'})." for s in scenarios],
        "",
        "## Adoption",
        "",
        "![Adoption curves](migration_adoption.png)",
        "",
        *_adoption(ts, names),
        "",
        "## Emergency admissions, money and health",
        "",
        "![Outcomes](migration_outcomes.png)",
        "",
        *_outcome_table(ts, names),
        "",
        *_leads(ts, names),
        "",
        *_uncertain(comparison, uncertainty),
        "## Organisations and clinicians",
        "",
        "![Organisations](migration_organisations.png)",
        "",
        *_organisations(ts, scenarios, organisations),
        "",
        "## What drives the differences",
        "",
        *_channels(ts, names, organisations),
        "",
        f"To split a path's difference from **{model_name(names[0])}** by mechanism, run "
        "`healthsim explain` on the two scenario files: a factorial design over the mechanisms "
        "(`sim/mechanisms/`) whose Shapley values add up to the difference.",
        "",
        "## How far to trust this",
        "",
        "- The model is calibrated to England 2008-10 under PCT commissioning with payment "
        "by results; how strongly GPs engage under each set of incentives, how fast new "
        "bodies mature and what reorganisation costs are assumptions with ranges "
        "(`sim/parameters.py`, `sim/commissioning/stages.py`), not measurements.",
        "- The calibration attributes the growth in emergency admissions that ageing does "
        "not explain to trusts paid by results, so a path that takes trusts off payment "
        "by results gains from it. If that growth has other causes, the advantage of "
        "block contracts shown here is overstated.",
        "- Health responds to care through acute events, the management of long-term "
        "conditions, cancer referrals and time waited (docs/outcomes.md lists the sources "
        "and what the outcome model leaves out); a short stay a trust adds changes "
        "admissions and cost, not health.",
        _trust_draws(uncertainty),
        "",
    ]
    return "\n".join(parts)


def _brief(ts: pd.DataFrame, names: list[str], uncertainty=None) -> list[str]:
    lines = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            lead = findings.lead(ts, a, b)
            lines.append(f"- {_lead_sentence(lead, a, b)}"
                         + _lead_draws(uncertainty, lead, a, b))
    lowest = min(names, key=lambda n: findings.over_allocation(ts, n).mean)
    lines.append(f"- **{model_name(lowest)}** spent least against its allocation: "
                 f"{_money(findings.over_allocation(ts, lowest).mean)} over the run "
                 f"(spend minus allocation; negative is an underspend).")
    engaged = max(names, key=lambda n: findings.mean_column(ts, n, "gp_engagement_mean"))
    lines.append(f"- GPs were most engaged at the end under **{model_name(engaged)}** "
                 f"({findings.mean_column(ts, engaged, 'gp_engagement_mean'):.2f} on a 0-1 "
                 "scale, last 12 months).")
    return lines


def _lead_sentence(lead: findings.Lead, a: str, b: str) -> str:
    """Who has had fewer emergency admissions since when, the whole-run difference said
    as leader minus other, so its sign always agrees with "fewer"."""
    total = lead.total
    if lead.leader is None:
        return f"**{model_name(a)}** and **{model_name(b)}** ended level on emergency admissions."
    other = b if lead.leader == a else a
    sign = -1 if lead.leader == b else 1  # total is a minus b; say it as leader minus other
    change = ("and has led throughout" if lead.crossings == 0 else
              "(the lead changed hands once before)" if lead.crossings == 1 else
              f"(the lead changed hands {lead.crossings} times before)")
    certainty = ("the interval excludes zero" if total.clear
                 else "the interval includes zero: not distinguishable with these replicates")
    return (f"**{model_name(lead.leader)}** has had fewer cumulative emergency admissions "
            f"than **{model_name(other)}** since {_month(lead.since)} {change}; over the whole run "
            f"{_count(sign * total.mean)} ({_interval(total, sign)}; {certainty}).")


def _adoption(ts: pd.DataFrame, names: list[str]) -> list[str]:
    lines = []
    for name in names:
        share = findings.new_body_share(ts, name)
        half, most = findings.first_date_at(share, 0.5), findings.first_date_at(share, 0.9)
        final = findings.stage_shares(ts, name)
        held = ", ".join(f"{label} {final[key]:.0%}" for key, label, _ in report_plots.COVERAGE
                         if final[key] >= 0.005)
        reach = ("never reached half the population" if half is None else
                 f"covered 90% of the population from {_month(most)}" if most == half else
                 f"covered half the population from {_month(half)}"
                 + ("" if most is None else f" and 90% from {_month(most)}"))
        lines.append(f"- **{model_name(name)}**: the new bodies {reach}. At the end: "
                     f"{held}.")
    return lines


def _outcome_table(ts: pd.DataFrame, names: list[str]) -> list[str]:
    reference = names[0]
    lines = [f"| over the run | {' | '.join(model_name(n) for n in names)} |",
             f"| --- |{' --- |' * len(names)}"]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | {' | '.join(cells)} |")

    totals = {n: findings.by_replicate(ts, n, "emergency_admissions").sum() for n in names}
    row("emergency admissions (mean)", [f"{totals[n].mean():,.0f}" for n in names])
    row(f"difference from {model_name(reference)} (95% interval)",
        ["—"] + [f"{_count(iv.mean)} ({_interval(iv)})" for iv in
                 (mean_interval((totals[n] - totals[reference]).to_numpy(float))
                  for n in names[1:])])
    row("spend minus allocation", [_money(findings.over_allocation(ts, n).mean)
                                   for n in names])
    row("transition costs", [_amount(findings.yearly_sum(ts, n, "spend_transition").sum())
                             for n in names])
    for column, label in (("qalys", "QALYs"),
                          ("deaths_after_acute_events", "deaths within 30 days of an acute event"),
                          ("deaths_from_cancer", "deaths from cancer"),
                          ("cancers_diagnosed_late", "cancers found at a late stage"),
                          ("elective_weeks_waited", "weeks waited on the elective list"),
                          ("referrals_needed_withheld", "needed referrals withheld")):
        sums = {n: findings.by_replicate(ts, n, column).sum() for n in names}
        row(f"{label}, difference from {model_name(reference)}",
            ["—"] + [f"{_count(iv.mean)} ({_interval(iv)})" for iv in
                     (mean_interval((sums[n] - sums[reference]).to_numpy(float))
                      for n in names[1:])])
    return lines


def _leads(ts: pd.DataFrame, names: list[str]) -> list[str]:
    lines = ["Who is ahead, and over which horizon (cumulative emergency admissions, the "
             "first named minus the second; negative means the first has fewer):", ""]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            cells = []
            for years in HORIZONS_YEARS:
                if 12 * years < ts["date"].nunique():
                    iv = findings.difference_at(ts, a, b, "emergency_admissions", years)
                    cells.append(f"after {years} years {_count(iv.mean)} ({_interval(iv)})")
            whole = findings.lead(ts, a, b).total
            cells.append(f"over the run {_count(whole.mean)} ({_interval(whole)})")
            lines.append(f"- {model_name(a)} minus {model_name(b)}: " + "; ".join(cells) + ".")
    return lines


def _organisations(ts: pd.DataFrame, scenarios, organisations: dict[str, pd.DataFrame]
                   ) -> list[str]:
    """Deficits per path: the mean a year over the run, then the worst year-end after the
    path's first migration step in whole organisations per replicate (a year that ended
    before any migration says nothing about the path)."""
    lines = []
    for scenario in scenarios:
        name, own = scenario.name, organisations[scenario.name]
        counts = findings.deficit_counts(own)
        if counts.empty or counts.to_numpy().sum() == 0:
            lines.append(f"- **{model_name(name)}**: no organisation ended a year in deficit.")
            continue
        text = (f"- **{model_name(name)}**: on average {counts.mean(axis=1).mean():.1f} "
                "organisations ended each financial year in deficit")
        first = _first_step(scenario)
        worst = None if first is None else findings.worst_year_after(own, first)
        if first is None:
            text += "."
        elif worst is None:
            text += f"; none did after the first migration step ({_month(first)})."
        else:
            text += (f"; after the first migration step ({_month(first)}) the worst was "
                     f"{_year_end(worst.year_end, ts['date'].max())}: "
                     f"{_whole_range(worst.fewest, worst.most)} ended it in deficit "
                     f"({_and(ORGANISATION_KINDS.get(k, k) for k in worst.kinds)}).")
        lines.append(text)
    lines.append("")
    lines.append("GP engagement over the last 12 months: " + "; ".join(
        f"{model_name(s.name)} {findings.mean_column(ts, s.name, 'gp_engagement_mean'):.2f}"
        for s in scenarios) + ".")
    return lines


def _first_step(scenario) -> pd.Timestamp | None:
    """The month of the scenario's first migration event (None: it has none)."""
    dates = [pd.Timestamp(e.date) for e in scenario.timeline if e.event in MIGRATION_EVENTS]
    return min(dates) if dates else None


def _year_end(date: pd.Timestamp, end: pd.Timestamp) -> str:
    """``the year to March 2013``; a run's last, shorter year as ``the months to Jul 2013``."""
    if date.month == 3:
        return f"the year to March {date.year}"
    return f"the months to {_month(date)}" + (" (the end of the run)" if date == end else "")


def _whole_range(fewest: int, most: int) -> str:
    """Whole organisations per replicate: ``3 organisations in every replicate`` or
    ``2 to 4 organisations, by replicate,``."""
    noun = "organisation" if most == 1 else "organisations"
    if fewest == most:
        return f"{most} {noun} in every replicate"
    return f"{fewest} to {most} {noun}, by replicate,"


def _and(words) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _channels(ts: pd.DataFrame, names: list[str],
              organisations: dict[str, pd.DataFrame]) -> list[str]:
    lines = ["How much each path used each channel (means over replicates):", "",
             f"| channel | {' | '.join(model_name(n) for n in names)} |",
             f"| --- |{' --- |' * len(names)}"]
    cells = {
        "trust-months on block contracts": [
            f"{findings.block_months(organisations[n]):,.0f}" for n in names],
        "transition costs": [_amount(findings.yearly_sum(ts, n, "spend_transition").sum())
                             for n in names],
        "savings paid to practices": [_amount(findings.yearly_sum(ts, n, "spend_incentives")
                                              .sum()) for n in names],
        "commissioners' management": [_amount(findings.yearly_sum(ts, n, "spend_management")
                                              .sum()) for n in names],
        "GP engagement, last 12 months": [
            f"{findings.mean_column(ts, n, 'gp_engagement_mean'):.2f}" for n in names],
    }
    lines += [f"| {label} | {' | '.join(values)} |" for label, values in cells.items()]
    blocks = {n: findings.block_months(organisations[n]) for n in names}
    most = max(names, key=blocks.get)
    lines += ["", f"Trusts spent longest on block contracts under **{model_name(most)}** "
              f"({blocks[most]:,.0f} trust-months against "
              + ", ".join(f"{blocks[n]:,.0f} under {model_name(n)}" for n in names
                          if n != most)
              + "). Trusts on block contracts earn nothing from extra admissions, so "
              "they stop drifting towards short-stay admitting."]
    return lines


# --- with the uncertain inputs varying -------------------------------------------------------
def _draws_sentence(uncertainty) -> str:
    if uncertainty is None:
        return (" The paths were not run under draws of the uncertain inputs (`healthsim "
                "compare --draws 0`), so no interval here includes what the parameters' "
                "uncertainty adds.")
    return (f" Each path also ran under {uncertainty.draws} joint draws of "
            f"{uncertainty.inputs} uncertain inputs (each behavioural parameter's sourced "
            "prior and each structural choice), so each headline also has its 90% interval "
            "over draws and P(better), the share of draws in which a path does better.")


def _lead_draws(uncertainty, lead: findings.Lead, a: str, b: str) -> str:
    """The lead's P(better) and interval over draws, and what would flip it."""
    if uncertainty is None or lead.leader is None:
        return ""
    row = uncertainty.row("emergency_admissions", b, a)  # b minus a
    if row is None:
        return ""
    leader_is_b = lead.leader == b
    p = row["p_better"] if leader_is_b else row["p_worse"]
    low, high = (row["low"], row["high"]) if leader_is_b else (-row["high"], -row["low"])
    return (f" Over {int(row['draws'])} draws of the uncertain inputs "
            f"**{model_name(lead.leader)}** has fewer in {p:.0%} of them (90% interval "
            f"{signed_range(low, high)}); "
            f"{uncertainty.sentence(row)}.")


def _uncertain(comparison, uncertainty) -> list[str]:
    """The headline measures with chance's interval beside the inputs' (section)."""
    if uncertainty is None:
        return []
    reference = comparison.reference
    table = comparison.table.set_index(["measure", "scenario"])
    lines = ["## With the uncertain inputs varying", "",
             f"Each path against **{model_name(reference)}**: the difference over the run with "
             f"its 95% interval over replicates (chance), then over {uncertainty.draws} draws of "
             f"the uncertain inputs ({_replicates(uncertainty.replicates_per_draw)} each) the "
             "5th to 95th percentile of the difference and P(better). Details, and the "
             "expected value of perfect information on each input: "
             "`uncertainty/decision_report.md`.", "",
             "| measure | path | difference (95%, chance) | 90% over draws | P(better) |",
             "| --- | --- | --- | --- | --- |"]
    sentences = []
    for key in uncertainty.headline_measures:
        for name in (s.name for s in comparison.scenarios[1:]):
            chance, row = table.loc[(key, name)], uncertainty.row(key, name)
            if row is None:
                continue
            decimals = uncertainty.decimals(key)
            lines.append(
                f"| {chance['label']} | {model_name(name)} | "
                f"{signed(chance['difference'], decimals)} "
                f"({_pair(chance['difference_low'], chance['difference_high'], decimals)}) | "
                f"{_pair(row['low'], row['high'], decimals)} | {uncertainty.p_better_cell(row)} |")
            sentences.append(f"- {chance['label']}, {model_name(name)} against "
                             f"{model_name(reference)}: "
                             f"{uncertainty.sentence(row)}.")
    return [*lines, "", "Would the inputs' uncertainty flip a ranking? (the assumption that "
            "matters most: the input with the largest EVPPI for the pair; PRIM's box of inputs "
            "where the draws flip, if found, is in `uncertainty.csv`)", "", *sentences, ""]


def _replicates(n: int) -> str:
    return f"{n} replicate{'s' * (n != 1)}"


def _trust_draws(uncertainty) -> str:
    if uncertainty is None:
        return ("- The intervals are chance only; `healthsim compare` with `--draws N` "
                "(or `healthsim decide`) adds the uncertainty of the inputs.")
    return (f"- The {uncertainty.draws} draws give a first view of the inputs' uncertainty, "
            "not a settled one: with so few draws the named assumptions are indicative "
            "(`healthsim decide --draws 200` for a firmer answer).")


def _pair(low: float, high: float, decimals: int) -> str:
    if low != low:  # NaN: one replicate
        return "no interval"
    return signed_range(low, high, decimals)


# --- formatting ---------------------------------------------------------------------------
def _description(scenario) -> str:
    """The scenario's description without a leading "Big bang: " that would repeat the
    name the line has just given."""
    text = scenario.description or "no description"
    name = model_name(scenario.name)
    return text[len(name) + 1:].lstrip() if text.lower().startswith(name.lower() + ":") else text


def _events(scenario) -> str:
    return ", ".join(f"`{e.event}` {e.date}" for e in scenario.timeline)


def _month(date) -> str:
    return pd.Timestamp(date).strftime("%b %Y")


def _count(value: float) -> str:
    """A difference in a count: ``+1,234``, or ``0`` when it rounds to none."""
    return signed(value)


def _money(pounds: float) -> str:
    """A signed sum (spend minus allocation): ``GBP -0.6m``; ``GBP 0.0m`` near zero."""
    return f"GBP {signed(pounds / 1e6, 1)}m"


def _amount(pounds: float) -> str:
    """A sum spent (a cost, not a difference), so with no sign: ``GBP 5.2m``."""
    return f"GBP {pounds / 1e6 + 0.0:,.1f}m"


def _interval(interval: Interval, sign: int = 1, decimals: int = 0) -> str:
    """A 95% interval, said for ``sign`` times the difference (leader minus other)."""
    if interval.low != interval.low:  # NaN: one replicate
        return "one replicate: no interval"
    low, high = sorted((sign * interval.low, sign * interval.high))
    return signed_range(low, high, decimals)
