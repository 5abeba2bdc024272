"""Recording a month: the time-series row and the per-organisation measures.

Column names are a contract (docs/outputs.md): money in pounds, counts per month, rates
per 1,000 a year. Called by the model at the end of each month's step.
"""

from __future__ import annotations

import numpy as np

from sim.agents import GP
from sim.care.outcomes import (
    QualityOfLife,
    deprivation_gap_per_1000,
    qaly_gap_per_1000,
)
from sim.commissioning.lines import care_outturn_by_practice
from sim.money.ledger import Category
from sim.outcomes.value import net_monetary_benefit
from sim.people.age_profile import BANDS
from sim.people.rates import MONTHS_PER_YEAR
from sim.results.recorder import COVERED_NAMES

WEEKS_PER_MONTH = 52.0 / 12.0


def record_month(model, demography, care) -> None:
    """The month's time-series row, then every organisation's measures."""
    date = model.clock.date(model.month)
    model.recorder.month(month_row(model, date, demography, care))
    record_practices(model, date, care)
    record_trusts(model, date, care)
    record_age_bands(model, date, care)
    record_commissioners(model, date)


def month_row(model, date, demography, care) -> dict:
    """One row of ``timeseries.parquet``."""
    m, pop, ledger = model.month, model.population, model.ledger
    population = pop.size
    spend = ledger.month_spend(m)
    emergency = care.emergency
    covered = model.commissioning.covered()
    quality = care.quality  # summed in the month's pass over care (sim.care.month)
    row = {
        "date": date, "population_start": demography.population_start,
        "population": population, "births": demography.births,
        "registrations": demography.registrations, "deaths": demography.deaths,
        "leavers": demography.leavers, "gp_consultations": int(care.consultations_p.sum()),
        "referrals": int(care.referrals_p.sum()),
        "outpatient_first": int(care.first_outpatient_t.sum()),
        "outpatient_follow_up": int(care.follow_up_t.sum()),
        "elective_admissions": int(care.electives.by_trust.sum()),
        "elective_waiting_list": int(care.electives.list_by_trust.sum()),
        "elective_wait_weeks": care.electives.mean_wait_months * WEEKS_PER_MONTH,
        "ae_attendances": int(care.ae_t.sum()), "emergency_admissions": emergency,
        "emergency_admissions_acs": care.emergency_acs,
        "emergency_admissions_per_1000":
            emergency * MONTHS_PER_YEAR * 1000.0 / max(population, 1),
        "emergency_gap_per_1000": deprivation_gap_per_1000(care, quality),
        "prescribing_items": int(care.prescribing_items_p.sum()),
        **{f"spend_{c.value}": spend[c] for c in Category},
        "spend_total": ledger.month_pennies(m) / 100.0,
        **resource_and_transfers(model, spend, ledger.month_pennies(m) / 100.0),
        "budget_total": model.pct.plan.allocation / model.pct.plan.months,
        **health(model, demography, care, quality),
        "gp_engagement_mean": float(np.mean([gp.engagement
                                             for gp in model.agents_by_type[GP]])),
        **{f"population_covered_{name}": covered[name] for name in COVERED_NAMES},
        **{f"organisations_{kind}": count
           for kind, count in model.commissioning.organisations().items()},
    }
    row.update(net_monetary_benefit(row["qalys"], row["resource_cost"]))
    return row


def health(model, demography, care, quality: QualityOfLife) -> dict[str, float]:
    """The month's health outcomes (``sim.outcomes``, docs/outcomes.md).

    QALYs lived, less the loss of each acute event (not of a short stay a trust adds)
    and of each week someone spends on the elective waiting list; net monetary benefit
    comes after the resource cost (``resource_and_transfers``).
    """
    p = model.params
    weeks_waited = float(care.electives.list_by_trust.sum()) * WEEKS_PER_MONTH
    return {
        "deaths_after_acute_events": demography.deaths_after_events,
        "deaths_amenable": demography.deaths_amenable,
        **{f"deaths_with_{name}": count for name, count in demography.deaths_with.items()},
        **{f"new_{name}": count for name, count in demography.condition_onsets.items()},
        **{f"new_severe_{name}": count for name, count in demography.new_severe.items()},
        "deaths_from_cancer": demography.deaths_from_cancer,
        "deaths_care_affects": demography.deaths_care_affects,
        "new_cancer": care.cancer.new_cancers,
        "cancers_diagnosed_early": care.cancer.diagnosed_early,
        "cancers_diagnosed_late": care.cancer.diagnosed_late,
        "cancers_diagnosed_in_emergency": care.cancer.diagnosed_in_emergency,
        "cancer_referrals_withheld": care.cancer.referrals_withheld,
        "emergency_admissions_acute": care.emergencies.acute_admitted,
        "emergency_admissions_short_stay_added":
            care.emergency - care.emergencies.acute_admitted,
        "referrals_needed_withheld": care.referrals_needed_withheld,
        "elective_weeks_waited": weeks_waited,
        "qalys": quality.total / MONTHS_PER_YEAR
        - care.emergencies.acute_events * p.qaly_loss_per_emergency_admission
        - weeks_waited * p.qaly_loss_per_week_waiting,
        "qaly_gap_per_1000": qaly_gap_per_1000(quality),
    }


def resource_and_transfers(model, spend: dict, total: float) -> dict[str, float]:
    """The month's spend split into resource cost (care delivered, services,
    management) and transfers (savings paid to practices; trust deficits bailed out
    from outside the local economy, counted in the month the year closes), and the
    cost to the NHS (all the PCT's spend plus the bailouts)."""
    savings = spend[Category.INCENTIVES]
    bailouts = 0.0
    if model.clock.ends_financial_year(model.month, model.spec.months):
        bailouts = sum(trust.close_year()["bailout"] for trust in model.trusts)
    return {"resource_cost": total - savings, "transfers_savings_paid": savings,
            "transfers_bailouts": bailouts, "transfers": savings + bailouts,
            "cost_to_nhs": total + bailouts}


NO_COMMISSIONER = "pct"  # a practice with no commissioning body of its own: the PCT's


def commissioner_name(practice) -> str:
    """Who commissions for the practice's patients: its commissioner's name, or "pct"."""
    return practice.commissioner.name if practice.commissioner else NO_COMMISSIONER


def commissioner_kind(practice) -> str:
    """The kind of the practice's commissioner, or "pct"."""
    return practice.commissioner.kind if practice.commissioner else NO_COMMISSIONER


def record_practices(model, date, care) -> None:
    """One row per practice of ``practices.parquet``: its care, its cost by budget line
    and who commissions for its patients this month."""
    practices = model.practices
    list_size = np.array([p.list_size for p in practices])
    bodies = [p.commissioner for p in practices]
    outturn = care_outturn_by_practice(care)
    model.recorder.practice_month(date, {
        "practice": [p.name for p in practices],
        "locality": [p.locality for p in practices],
        "commissioner": [commissioner_name(p) for p in practices],
        "commissioner_kind": [commissioner_kind(p) for p in practices],
        "real_budget_lines": ["+".join(b.real_lines) if b else "" for b in bodies],
        "list_size": list_size,
        "gp_consultations": care.consultations_p,
        "referrals": care.referrals_p,
        "outpatient_first": care.first_outpatient_p,
        "outpatient_follow_up": care.follow_up_p,
        "elective_admissions": care.electives_p,
        "emergency_admissions": care.emergency_p,
        "prescribing_items": care.prescribing_items_p,
        **{f"cost_{line}": values for line, values in outturn.items()},
        "cost_primary_care": list_size * model.params.primary_care_per_head / MONTHS_PER_YEAR,
        "gp_engagement": [p.engagement for p in practices],
    })


def record_trusts(model, date, care) -> None:
    trusts = model.trusts
    ids = [t.name for t in trusts]
    for measure, values in (
        ("income", [model.ledger.received(model.month, t.name) for t in trusts]),
        ("emergency_admissions", care.emergency_t),
        ("elective_admissions", care.electives.by_trust),
        ("elective_waiting_list", care.electives.list_by_trust),
        ("admitting_factor", [t.admitting_factor for t in trusts]),
        ("on_block_contract", [t.block_share for t in trusts]),
    ):
        model.recorder.organisations_measure(date, "trust", ids, measure, values)


def record_age_bands(model, date, care) -> None:
    living = care.quality.living_by_band  # after demography
    for b, band in enumerate(BANDS):
        model.recorder.organisations_measure(
            date, "pct", ["pct"], f"emergency_admissions_age_{band}", [care.emergency_b[b]])
        model.recorder.organisations_measure(
            date, "pct", ["pct"], f"population_age_{band}", [living[b]])


def record_commissioners(model, date) -> None:
    system, rec = model.commissioning, model.recorder
    rec.organisations_measure(date, "pct", ["pct"], "specialists_in_community_share",
                              [system.specialist_share])
    bodies = system.commissioners
    if not bodies:
        return
    for measure, values in (
        ("population", [c.population for c in bodies]),
        ("member_practices", [len(c.practices) for c in bodies]),
        ("engagement", [c.engagement for c in bodies]),
        ("maturity", [c.maturity(model.month, model.params.maturity_years) for c in bodies]),
        ("care_plans", [system.care_plans.get(c.name, 0) for c in bodies]),
        ("services_running", [c.services_from is not None and c.services_from <= model.month
                              for c in bodies]),
        ("makes_services", [c.makes_services for c in bodies]),
        ("budget", [c.year.budget_total for c in bodies]),
        ("outturn_to_date", [c.year.outturn_total for c in bodies]),
        ("real_budget_share", [c.real_share() for c in bodies]),
        ("stage", [c.stage for c in bodies]),
    ):
        rec.organisations_measure(date, "commissioner", [c.name for c in bodies], measure,
                                  values)
