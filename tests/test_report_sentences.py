"""Every generated sentence a researcher might paste, checked for sign, tense and
repetition (issue 16 item 0).

The reports are generated from small, fast runs (the migration report, compare's printed
table, explain's table, decide's report, the sweep summary) and read by checkers, each a
plain function of text. Each checker is first shown to catch the faults a reader found in
earlier reports ("+0.0 (-0.0 to +0.0)", "2.5 organisations", "half ... from Apr 2011 and
90% from Apr 2011", "the largest part comes from X (-17,514)" of a +14,227 difference, an
underspend called "best off", the worst year before any migration, raw model codes), so
a checker that passes on a report has been seen to fail on the fault it looks for.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from helpers import SCENARIOS

from sim.compare import MEASURES as COMPARE_MEASURES
from sim.compare import compare_scenarios, format_table
from sim.labels import model_name, signed, signed_range
from sim.mechanisms import MECHANISM_NAMES, PRECONDITION_NAMES
from sim.scenario import load_scenario

PATHS = ("big_bang", "slow_burn", "white_paper_2013")
MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}")
COUNTED = r"(?:organisations?|practices?|people|persons?|commissioners?|trusts?|PCTs?)"
RAW_CODES = re.compile(r"\b(pct|pbc|lcp|big_bang|slow_burn|white_paper_2013)\b")
PRESENT = re.compile(r"\b(spends|ends|is most|are most|covers?|reach(?:es)?|leads)\b")
"""Present-tense verbs that once told what the runs did ("spends least", "GPs are most
engaged", "the new bodies cover 90%"); the runs are over, so their results are past."""


# --- the checkers ----------------------------------------------------------------------------
def prose(text: str) -> str:
    """The text a reader reads as sentences: no Markdown tables, no code spans."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("|")]
    return re.sub(r"`[^`]*`", "`code`", "\n".join(lines))


def sentences(text: str) -> list[str]:
    """Sentences of the prose (a line's sentences; a list item or heading is one)."""
    found = []
    for line in prose(text).splitlines():
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*(])", line) if s.strip()]
    return found


def signed_zeros(text: str) -> list[str]:
    """``+0``, ``-0.0``, ``−0.0``: a zero printed with a direction it does not have."""
    return re.findall(r"(?<![\w.,])[+\-\u2212]0(?:\.0+)?(?!\d|\.\d|,\d)", text)


def fractional_counts(text: str) -> list[str]:
    """A count of organisations, practices or people with a fraction ("2.5
    organisations"), unless said as an average ("on average 1.4 organisations")."""
    bad = []
    for found in re.finditer(rf"\d+\.\d+\s+{COUNTED}\b", text):
        before = text[max(0, found.start() - 25):found.start()]
        if not re.search(r"average|mean", before):
            bad.append(found.group(0))
    return bad


def repeated_clauses(sentence: str) -> list[str]:
    """A date said twice after the same word ("from Apr 2011 and 90% from Apr 2011"), or
    a clause of three or more words said twice in one sentence."""
    dated = re.findall(rf"\b(from|since|in|to|until) ({MONTH})", sentence)
    repeats = sorted({" ".join(d) for d in dated if dated.count(d) > 1})
    named_twice = re.match(r"\W*\*\*([^*]+)\*\*:\s+\1:", sentence, re.I)
    repeats += [named_twice.group(1)] if named_twice else []
    clauses = [c.strip(" .()*").lower() for c in re.split(r"[;,:]| and ", sentence)]
    clauses = [c for c in clauses if len(c.split()) >= 3]
    return repeats + sorted({c for c in clauses if clauses.count(c) > 1})


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ""))


def sign_mismatches(text: str) -> list[str]:
    """A "largest part comes from X (value)" whose value runs against the difference it
    is part of, without saying that it runs the other way."""
    bad = []
    for paragraph in re.split(r"\n\s*\n", text):
        total = re.search(r"difference[^.\n]*?\b(?:is|of|was)\s+([+\-\u2212]?[\d,]+(?:\.\d+)?)",
                          paragraph)
        for part in re.finditer(r"largest part[^.]*?comes? from[^(]*\(([+\-\u2212]?[\d,.]+)\)"
                                r"[^.]*", paragraph):
            if total is None or "other way" in part.group(0):
                continue
            if _number(part.group(1)) * _number(total.group(1)) < 0:
                bad.append(part.group(0))
    return bad


def best_off_spending(sentence: str) -> bool:
    """Spending against an allocation called "best off": an underspend is not a win in
    itself (it may be care not bought)."""
    return bool(re.search(r"\bbest\b", sentence)
                and re.search(r"allocation|underspend|overspend", sentence))


def tied_best(sentence: str) -> bool:
    """An arm called "most likely best" when another is as likely (the draws split)."""
    said = re.search(r"(.+?) is most likely best \(P\(best\): (.*?)\)", sentence)
    if not said:
        return False
    odds = [int(p) for p in re.findall(r"(\d+)%", said.group(2))]
    return len(odds) > 1 and sorted(odds)[-1] == sorted(odds)[-2]


def raw_codes(text: str) -> list[str]:
    """Model and path codes standing alone in prose ("pct", "big_bang")."""
    return RAW_CODES.findall(prose(text))


def section(text: str, heading: str) -> str:
    """The Markdown section under ``## heading`` (to the next ``## ``)."""
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert found, f"no section {heading!r}"
    return found.group(1)


def assert_reads_well(text: str) -> None:
    """The checks every generated text passes."""
    assert signed_zeros(text) == [], text
    assert fractional_counts(prose(text)) == []
    assert raw_codes(text) == []
    assert sign_mismatches(text) == []
    for sentence in sentences(text):
        assert repeated_clauses(sentence) == [], sentence
        assert not best_off_spending(sentence), sentence
        assert not tied_best(sentence), sentence


# --- the checkers catch what readers found ---------------------------------------------------
@pytest.mark.parametrize("text", ["+0.0 (\u22120.0 to +0.0)", "a change of -0 (n/a)",
                                  "GBP +0.0m", "(-0.00 to 1.00)"])
def test_signed_zeros_are_caught(text):
    assert signed_zeros(text)


@pytest.mark.parametrize("text", ["0.0 (-0.3 to +0.2)", "GBP -0.6m", "-0.05", "2011-04",
                                  "a 0-1 scale", "+0.4", "10 (0 to 1)", "-1,234"])
def test_zeros_without_a_sign_and_small_numbers_pass(text):
    assert signed_zeros(text) == []


def test_fractional_counts_are_caught_unless_an_average():
    old = ("on average 1.4 organisations a year ended in deficit; the worst was the year to "
           "March 2015 (2.5 organisations: 2.3 commissioner)")
    assert fractional_counts(old) == ["2.5 organisations", "2.3 commissioner"]
    assert fractional_counts("2 to 3 organisations, by replicate, ended it") == []


def test_a_clause_said_twice_is_caught():
    assert repeated_clauses("the new bodies cover half the population from Apr 2011 and "
                            "90% from Apr 2011.") == ["from Apr 2011"]
    assert repeated_clauses("the interval includes zero, the interval includes zero.")
    assert repeated_clauses("cover half the population from Apr 2011 and 90% from "
                            "Apr 2014.") == []
    assert repeated_clauses("- **Big bang**: Big bang: from PBC, bids for budgets.")
    assert repeated_clauses("- **Big bang**: from PBC, bids for budgets.") == []


def test_a_largest_part_against_the_difference_is_caught():
    old = ("The difference in emergency admissions is +14,227. The largest part of the "
           "difference comes from **specialists** (-17,514).")
    assert sign_mismatches(old)
    assert sign_mismatches(old.replace("(-17,514).", "(-17,514), which runs the other "
                                       "way.")) == []
    assert sign_mismatches(old.replace("-17,514", "+9,120")) == []


def test_an_underspend_called_best_off_is_caught():
    assert best_off_spending("Against its allocation, **slow_burn** ends best off: GBP "
                             "-91.3m over the run (negative is an underspend).")
    assert not best_off_spending("**Slow burn** spent least against its allocation.")


def test_a_tie_called_most_likely_best_is_caught():
    assert tied_best("- At GBP 20,000 per QALY: pct is most likely best (P(best): pct 50%, "
                     "lcp 50%).")
    assert not tied_best("- At GBP 20,000 per QALY: pct is most likely best (P(best): pct "
                         "70%, lcp 30%).")


def test_raw_codes_are_caught_in_prose_not_in_tables_or_code():
    assert raw_codes("- **big_bang** has had fewer admissions than pct") == ["big_bang", "pct"]
    assert raw_codes("| slow_burn | 3 |\nrun `healthsim compare scenarios/lcp.toml`") == []


# --- the one formatter of signed numbers ------------------------------------------------------
@pytest.mark.parametrize(("value", "decimals", "shown"), [
    (-0.04, 1, "0.0"), (0.04, 1, "0.0"), (-0.0, 0, "0"), (-0.4, 0, "0"), (0.49, 0, "0"),
    (-0.6, 0, "-1"), (0.06, 1, "+0.1"), (1234.4, 0, "+1,234"), (-17514.2, 0, "-17,514"),
    (-0.004, 2, "0.00"), (float("nan"), 0, "n/a")])
def test_signed_numbers_round_to_an_unsigned_zero(value, decimals, shown):
    assert signed(value, decimals) == shown


def test_an_interval_around_zero_has_no_signed_zero():
    assert signed_range(-0.04, 0.03, 1) == "0.0 to 0.0"
    assert signed_range(-0.3, 0.04, 1) == "-0.3 to 0.0"


def test_plain_names_are_the_labels_words_and_users_names_stay():
    assert model_name("big_bang") == "Big bang"
    assert model_name("lcp") == "Local clinical partnership"
    assert model_name("pbr-high") == "pbr-high"


# --- the reports, from small runs ------------------------------------------------------------
def shrunk(name: str):
    return load_scenario(SCENARIOS / f"{name}.toml").with_overrides(
        "test", months=40, population={"size": 6000, "practices": 8})


@pytest.fixture(scope="module")
def comparison():
    """The three migration paths, 40 months from Apr 2010 (the first step is Apr 2011,
    so the year to March 2011 ends before any migration)."""
    return compare_scenarios([shrunk(name) for name in PATHS], replicates=2)


@pytest.fixture(scope="module")
def uncertainty(comparison):
    """Draws of three inputs with planted totals: Slow burn's resource cost is Big bang's
    to within a few pounds, so its interval over draws rounds to zero at both ends."""
    from sim.compare.uncertainty import Uncertainty, summarise
    from sim.decide.inputs import draw_inputs, select_inputs

    inputs = select_inputs(only=("care_plan_effect", "gp_attitude_sd", "care_plan_share"))
    draws = draw_inputs(inputs, 12, seed=3)
    rng = np.random.default_rng(5)
    keys = [m.key for m in COMPARE_MEASURES]
    base = pd.DataFrame(rng.normal(1000, 10, (12, len(keys))), columns=keys)
    slow = base + rng.normal(0, 5, base.shape)
    slow["resource_cost_gbp_m"] = base["resource_cost_gbp_m"] + rng.normal(0, 0.001, 12)
    paper = base + rng.normal(3, 5, base.shape)
    totals = pd.concat({"big_bang": base, "slow_burn": slow, "white_paper_2013": paper},
                       names=["scenario", "draw"])
    table = summarise(totals, list(PATHS), inputs, draws)
    return Uncertainty(table, list(PATHS), 12, len(inputs), 1, {}, 0.0)


@pytest.fixture(scope="module")
def migration_text(comparison, uncertainty):
    from sim.reports.migration import render

    organisations = {name: run.organisations for name, run in comparison.runs.items()}
    return render(comparison, organisations, {}, uncertainty)


def test_the_migration_report_reads_well(migration_text):
    assert_reads_well(migration_text)
    for name in PATHS:
        assert f"**{model_name(name)}**" in migration_text


def test_the_migration_reports_zero_interval_is_unsigned(migration_text):
    """The planted resource cost: its interval over draws prints as zeros, unsigned."""
    line = next(x for x in migration_text.splitlines()
                if x.startswith("| Resource cost") and "| Slow burn |" in x)
    assert "| 0.0 to 0.0 |" in line, line


def test_the_migration_reports_results_are_in_the_past_tense(migration_text):
    for heading in ("In brief", "Adoption", "Organisations and clinicians"):
        for sentence in sentences(section(migration_text, heading)):
            assert not PRESENT.search(sentence), sentence


def test_the_worst_year_comes_after_the_first_migration_step(comparison, migration_text):
    """Each path's worst year-end is on or after its first event; the year to March 2011,
    before any migration, is never named."""
    text = section(migration_text, "Organisations and clinicians")
    for scenario in comparison.scenarios:
        first = min(pd.Timestamp(e.date) for e in scenario.timeline)
        line = next(x for x in text.splitlines()
                    if x.startswith(f"- **{model_name(scenario.name)}**"))
        worst = re.search(r"the worst was the (?:year to March (\d{4})|months to (" + MONTH
                          + r"))", line)
        assert worst, line
        end = (pd.Timestamp(f"{worst.group(1)}-03-01") if worst.group(1)
               else pd.Timestamp(worst.group(2)))
        assert end >= first, line


def test_the_leads_sign_agrees_with_who_has_fewer(migration_text):
    """"X has had fewer ... over the whole run N": N is X minus the other, so negative."""
    for found in re.finditer(r"has had fewer cumulative emergency admissions than .*? over "
                             r"the whole run ([+\-]?[\d,]+)", migration_text):
        assert _number(found.group(1)) <= 0, found.group(0)


def test_compares_printed_table_reads_well(comparison, uncertainty):
    text = format_table(comparison, uncertainty)
    table_start = next(i for i, x in enumerate(text.splitlines()) if x.startswith("measure"))
    lines = text.splitlines()
    readable = [*lines[:table_start], *(x for x in lines[table_start:] if x.startswith("- "))]
    assert signed_zeros(text) == [], text
    assert_reads_well("\n".join(readable))
    row = next(x for x in lines if x.lstrip().startswith("slow_burn") and "0.0 to 0.0" in x)
    assert signed_zeros(row) == []


# --- explain ---------------------------------------------------------------------------------
PLAYING = ("care_plans", "block_contracts")


def explain_scenario(name: str):
    off = {n: False for n in MECHANISM_NAMES if n not in PLAYING and n not in PRECONDITION_NAMES}
    return load_scenario(SCENARIOS / f"{name}.toml").with_overrides(
        population={"size": 4000, "practices": 4}, months=24, mechanisms=off)


@pytest.fixture(scope="module")
def explained():
    from sim.explain import decompose

    return decompose(explain_scenario("pbc"), explain_scenario("big_bang"), 2, workers=1,
                     progress=False)


def explain_prose(text: str) -> str:
    """explain's sentences: the paragraph above the tables and the lines under each (the
    tables' rows name the scenarios as their files do, like compare's scenario column)."""
    head, *blocks = text.split("\n\n")
    notes = [line for block in blocks for line in block.splitlines()
             if line.startswith(("no effect", "precondition", "largest", "  "))]
    return "\n".join([head, *notes])


def test_explains_table_reads_well(explained):
    from sim.explain.report import format_table as explain_table

    text = explain_table(explained)
    assert signed_zeros(text) == [], text
    prose_text = explain_prose(text)
    assert "precondition, not in the sum" in prose_text
    assert_reads_well(prose_text)
    assert "Why Big bang (B) differs from Practice-based commissioning (A)" in text


def test_explains_shares_have_the_sign_of_their_part_of_the_difference(explained):
    """A part that runs against B - A shows a negative share of it, never a positive one
    (the table's form of "the largest part comes from X": its sign is checked here)."""
    from sim.explain.report import format_table as explain_table

    checked = 0
    for block in explain_table(explained).split("\n\n")[1:]:
        total = re.search(r"^B - A\s+([+\-]?[\d,.]+)", block, re.M)
        for row in re.finditer(r"^(?!B - A)(.+?)\s{2,}([+\-][\d,.]+)\s.*?\s(-?\d+)%$", block,
                               re.M):
            assert total, block
            value, share = _number(row.group(2)), int(row.group(3))
            if share and value and _number(total.group(1)):  # a shown zero has no sign
                assert np.sign(value) * np.sign(_number(total.group(1))) == np.sign(share), row
                checked += 1
    assert checked >= 2


# --- decide ----------------------------------------------------------------------------------
def decision_text(share_lcp_wins: float):
    """A decision report on planted monthly runs: LCP beats PCT on net benefit in
    ``share_lcp_wins`` of the draws (those with the lowest care-plan effect); the other
    measures barely differ, so their differences round to zero."""
    from sim.decide.analysis import MEASURES
    from sim.decide.inputs import draw_inputs, select_inputs
    from sim.decide.report import compute_tables, markdown

    inputs = select_inputs(only=("care_plan_effect", "gp_attitude_sd", "care_plan_share"))
    draws = draw_inputs(inputs, 30, seed=3)
    rng = np.random.default_rng(7)
    months = pd.date_range("2010-04-01", periods=3, freq="MS")
    effect = draws["care_plan_effect"].to_numpy()
    high = effect > np.quantile(effect, share_lcp_wins)
    frames = []
    for arm in ("pct", "lcp"):
        for row in range(len(draws)):
            for replicate in range(2):
                frame = pd.DataFrame({"arm": arm, "row": row, "replicate": replicate,
                                      "date": months})
                for m in MEASURES:
                    frame[m.key] = 1000.0 + rng.normal(0, 0.001, len(months))
                gain = (-50.0 if high[row] else 50.0) if arm == "lcp" else 0.0
                frame["nmb_20k"] += gain
                frame["nmb_30k"] += gain
                frames.append(frame)
    tables = compute_tables(pd.concat(frames, ignore_index=True), inputs, draws,
                            ["pct", "lcp"], 0.035, 2 * len(draws) * 2)
    return markdown(tables, inputs, "pct vs lcp")


def test_decides_report_reads_well():
    body = decision_text(0.7).split("\n", 1)[1]  # the title is the user's own words
    assert_reads_well(body)
    assert "Local clinical partnership is most likely best" in body


def test_decides_report_says_a_tie_is_a_tie():
    """Draws split evenly: neither arm is "most likely best"."""
    body = decision_text(0.5).split("\n", 1)[1]
    assert_reads_well(body)
    assert "no arm is more likely best than another" in body


# --- sweep-report ----------------------------------------------------------------------------
def test_the_sweep_summary_reads_well(tmp_path):
    """Two identical arms: every paired difference is exactly zero."""
    from sweep_helpers import write_sweep
    from test_sweep_report import MORRIS_TWO_ARMS

    from sim.cli import EXIT_OK, main

    arms = ('[[arms]]\nscenario = "tiny.toml"\nname = "a"\n'
            '[[arms]]\nscenario = "tiny.toml"\nname = "same-as-a"\n')
    sweep_file = write_sweep(tmp_path / "in", arms=arms, body=MORRIS_TWO_ARMS, replicates=2)
    out = tmp_path / "out"
    assert main(["sweep", str(sweep_file), "--out", str(out), "--quiet"]) == EXIT_OK
    assert main(["sweep-report", str(out)]) == EXIT_OK
    assert_reads_well((out / "report" / "summary.md").read_text())
