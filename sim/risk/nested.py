"""How much each set of predictors explains: nested person-based models, by budget line.

Person-based allocation in England (Dixon et al., BMJ 2011, Table 1) reported the
R-squared of nested models: age and sex alone (0.037 at person level, 0.344 at practice
level), then with diagnoses (0.122 and 0.608). The same nesting here, for each budget
line (``sim.risk.panel.LINES``):

- ``age_sex``: the age-sex cells only;
- ``age_sex_diagnoses``: plus long-term conditions (and conditions by age) and area
  deprivation — the model's stand-in for diagnoses: it has a count of conditions, not
  ICD-10 codes, and no diagnoses recorded at past admissions;
- ``age_sex_diagnoses_prior_use``: plus last year's emergency, elective and outpatient
  use and cost (the full person-based model of ``sim.risk.person_based``).

As there, without look-ahead: for budget year *t* each model is fitted on the people on
the list at the start of *t-1* (attributes and use in *t-2*, cost in *t-1*) and applied
to the list at the start of *t*; R-squared at person and practice level is computed as
for the budget methods (``sim.risk.accuracy``).
"""

from __future__ import annotations

import numpy as np

from sim.risk.accuracy import practice_r_squared, r_squared
from sim.risk.methods import N_AGE_BANDS
from sim.risk.panel import LINES, Panel, YearRecord
from sim.risk.person_based import (
    AGE_GROUP_EDGES,
    FEATURE_NAMES,
    LTC_CAP,
    normal_equations,
    predict_many,
)

AGE_SEX_COLUMNS = 2 * N_AGE_BANDS
DEPRIVATION_COLUMNS = 4  # quintiles 2-5 against the least deprived
DIAGNOSIS_COLUMNS = DEPRIVATION_COLUMNS + LTC_CAP + len(AGE_GROUP_EDGES) + 1
PREDICTOR_SETS: dict[str, int] = {  # predictor set -> the first columns of FEATURE_NAMES
    "age_sex": AGE_SEX_COLUMNS,
    "age_sex_diagnoses": AGE_SEX_COLUMNS + DIAGNOSIS_COLUMNS,
    "age_sex_diagnoses_prior_use": len(FEATURE_NAMES),
}
# Dixon et al., BMJ 2011;343:d6608, Table 1 (validation samples; all hospital care):
# person level, then practice level. No published figure for the prior-use set.
PUBLISHED_R_SQUARED: dict[tuple[str, str], float] = {
    ("age_sex", "person"): 0.0366, ("age_sex_diagnoses", "person"): 0.1223,
    ("age_sex", "practice"): 0.3444, ("age_sex_diagnoses", "practice"): 0.6084,
}


def nested_r_squared(panel: Panel, years: list[int], lines: tuple[str, ...] = LINES
                     ) -> list[dict]:
    """One row per budget year, line, predictor set and level: the out-of-sample R²."""
    rows = []
    for year in years:
        before, previous, outturn = (panel.record(year - k) for k in (2, 1, 0))
        fitted = before.select(before.alive)
        start = previous.select(previous.alive)
        later = previous.rows_of(fitted.person_id)
        outcomes = [_line_cost(previous, line)[later] for line in lines]
        xtx, xty = normal_equations(fitted, outcomes)
        coefs = {(line, name): _solve(xtx, xty[:, j], columns)
                 for j, line in enumerate(lines) for name, columns in PREDICTOR_SETS.items()}
        predictions = dict(zip(coefs, predict_many(start, list(coefs.values())), strict=True))
        for (line, name), predicted in predictions.items():
            rows += _rows(year, line, name, start, outturn, np.maximum(predicted, 0.0),
                          panel.n_practices)
    return rows


def _line_cost(record: YearRecord, line: str) -> np.ndarray:
    return record.elective_cost if line == "elective" else record.cost


def _solve(xtx: np.ndarray, xty: np.ndarray, columns: int) -> np.ndarray:
    """Least-squares coefficients on the first ``columns`` predictors (zeros after)."""
    coef = np.zeros(len(xty))
    coef[:columns] = np.linalg.lstsq(xtx[:columns, :columns], xty[:columns], rcond=None)[0]
    return coef


def _rows(year: int, line: str, predictors: str, start: YearRecord, outturn: YearRecord,
          predicted: np.ndarray, n_practices: int) -> list[dict]:
    actual = _line_cost(outturn, line)
    person = r_squared(actual[outturn.rows_of(start.person_id)], predicted)
    practice = practice_r_squared(
        np.bincount(outturn.practice, weights=actual, minlength=n_practices),
        np.bincount(start.practice, weights=predicted, minlength=n_practices),
        np.bincount(start.practice, minlength=n_practices))
    return [{"year": year, "line": line, "predictors": predictors, "level": level,
             "r2": value} for level, value in (("person", person), ("practice", practice))]
