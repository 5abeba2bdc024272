"""Recording a run: the monthly time series and the per-organisation long table.

Column names are a contract (docs/outputs.md): money in pounds, counts
per month, rates per 1,000 a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.commissioning.rule_sets import ORGANISATION_KINDS
from sim.commissioning.stages import STAGES
from sim.money.ledger import Category
from sim.people.conditions import CONDITIONS
from sim.results.organisations import kind_of, period_of

COMMISSIONING_MODEL_NAMES: tuple[str, ...] = ("pct", "fundholding", "pbc", "consortia", "lcp")
# people covered by each model, by outside organisations (big bang fallback), and by
# partnerships at each LCP stage (sim.commissioning.stages)
COVERED_NAMES: tuple[str, ...] = (*COMMISSIONING_MODEL_NAMES, "outside",
                                  *(f"lcp_stage_{s}" for s in STAGES))
SPEND_COLUMNS: tuple[str, ...] = tuple(f"spend_{c.value}" for c in Category)

TIMESERIES_COLUMNS: tuple[str, ...] = (
    "date", "replicate", "population_start", "population", "births", "registrations",
    "deaths", "deaths_after_acute_events", "deaths_amenable",
    *(f"deaths_with_{name}" for name in CONDITIONS), *(f"new_{name}" for name in CONDITIONS),
    *(f"new_severe_{name}" for name in CONDITIONS),
    "deaths_from_cancer", "deaths_care_affects", "new_cancer", "cancers_diagnosed_early",
    "cancers_diagnosed_late",
    "cancers_diagnosed_in_emergency", "cancer_referrals_withheld",
    "leavers", "gp_consultations", "referrals",
    "referrals_needed_withheld", "outpatient_first",
    "outpatient_follow_up", "elective_admissions", "elective_waiting_list",
    "elective_wait_weeks", "elective_weeks_waited", "ae_attendances", "emergency_admissions",
    "emergency_admissions_acute", "emergency_admissions_short_stay_added",
    "emergency_admissions_acs", "emergency_admissions_per_1000",
    "emergency_gap_per_1000", "prescribing_items", *SPEND_COLUMNS, "spend_total",
    "resource_cost", "transfers_savings_paid", "transfers_bailouts", "transfers",
    "cost_to_nhs", "budget_total", "qalys", "qaly_gap_per_1000", "nmb_20k", "nmb_30k",
    "gp_engagement_mean",
    *(f"population_covered_{name}" for name in COVERED_NAMES),
    *(f"organisations_{kind}" for kind in ORGANISATION_KINDS),
)
ORGANISATION_COLUMNS: tuple[str, ...] = ("date", "replicate", "period", "org_type", "org_id",
                                         "measure", "kind", "value")
PRACTICE_LABELS: tuple[str, ...] = ("practice", "commissioner", "commissioner_kind",
                                    "real_budget_lines")
PRACTICE_COLUMNS: tuple[str, ...] = (
    "date", "replicate", "practice", "locality", "commissioner", "commissioner_kind",
    "holds_real_funds", "real_budget_lines", "list_size", "gp_consultations", "referrals",
    "outpatient_first", "outpatient_follow_up", "elective_admissions",
    "emergency_admissions", "prescribing_items", "cost_prescribing", "cost_elective",
    "cost_emergency", "cost_primary_care", "gp_engagement",
)


@dataclass
class Recorder:
    """Collects one run's rows; ``timeseries()``, ``organisations()`` and
    ``practices()`` build the tables."""

    replicate: int
    _months: list[dict] = field(default_factory=list)
    _org_parts: list[tuple] = field(default_factory=list)
    _practice_parts: list[tuple] = field(default_factory=list)

    def month(self, row: dict) -> None:
        """Record the month's headline figures (keys: TIMESERIES_COLUMNS less replicate)."""
        self._months.append(row)

    def latest_month(self) -> dict:
        """The last recorded month's row (keys: TIMESERIES_COLUMNS less replicate), as
        recorded: what the model's Mesa ``datacollector`` copies each month."""
        return self._months[-1]

    def month_rows(self) -> tuple[dict, ...]:
        """Every recorded month's row so far, as recorded (the dashboard's charts read
        their columns without building a DataFrame each month)."""
        return tuple(self._months)

    def organisations_measure(self, date: pd.Timestamp, org_type: str, org_ids: list[str],
                              measure: str, values) -> None:
        """Record one measure for several organisations of one type."""
        self._org_parts.append((date, org_type, org_ids, measure,
                                np.asarray(values, dtype=np.float64)))

    def practice_month(self, date: pd.Timestamp, columns: dict[str, object]) -> None:
        """Record one month's row per practice (keys: PRACTICE_COLUMNS less date,
        replicate and holds_real_funds, which follows from ``real_budget_lines``)."""
        self._practice_parts.append((date, columns))

    def timeseries(self) -> pd.DataFrame:
        frame = pd.DataFrame(self._months)
        frame["replicate"] = self.replicate
        return frame[list(TIMESERIES_COLUMNS)]

    def organisations(self) -> pd.DataFrame:
        """``organisations.parquet`` in long form (written by
        ``sim.results.organisations.write_organisations``), text columns as strings."""
        if not self._org_parts:
            return pd.DataFrame(columns=list(ORGANISATION_COLUMNS))
        sizes = [len(part[2]) for part in self._org_parts]
        return pd.DataFrame({
            "date": np.repeat([part[0] for part in self._org_parts], sizes),
            "replicate": self.replicate,
            "period": np.repeat([period_of(part[3]) for part in self._org_parts], sizes),
            "org_type": np.repeat([part[1] for part in self._org_parts], sizes),
            "org_id": np.concatenate([part[2] for part in self._org_parts]),
            "measure": np.repeat([part[3] for part in self._org_parts], sizes),
            "kind": np.repeat([kind_of(part[3]) for part in self._org_parts], sizes),
            "value": np.concatenate([part[4] for part in self._org_parts]),
        })

    def practices(self) -> pd.DataFrame:
        """``practices.parquet``: one row per practice per month."""
        if not self._practice_parts:
            return pd.DataFrame(columns=list(PRACTICE_COLUMNS))
        sizes = [len(columns["practice"]) for _, columns in self._practice_parts]
        data = {"date": np.repeat([date for date, _ in self._practice_parts], sizes),
                "replicate": self.replicate}
        for name in self._practice_parts[0][1]:
            data[name] = np.concatenate([np.asarray(columns[name])
                                         for _, columns in self._practice_parts])
        frame = pd.DataFrame(data)
        frame["holds_real_funds"] = frame["real_budget_lines"] != ""
        for name in PRACTICE_LABELS:
            frame[name] = frame[name].astype("category")
        return frame[list(PRACTICE_COLUMNS)]
