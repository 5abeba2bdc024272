"""Person-based resource allocation: predict each person's next-year hospital cost.

As in person-based resource allocation for English practices (seed 003; Dixon et al.,
BMJ 2011), a linear model predicts a person's hospital cost next year from what is
known at the start of the year: age and sex, long-term conditions, area deprivation and
last year's hospital use. A practice's or group's need is the sum over its list.

No look-ahead: for budget year *t* the model is fitted on people on the list at the
start of *t-1*, with their attributes and use in *t-2* as predictors and their cost in
*t-1* as the outcome; it is then applied to the list at the start of *t* with
attributes and use in *t-1*. Year *t* is never read (``BudgetData.outturn`` is not
touched here).

The model is fitted by ordinary least squares through the normal equations, built in
chunks so a million people need only a few megabytes beyond the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.risk.methods import N_AGE_BANDS, Basis, age_band
from sim.risk.panel import YearRecord
from sim.risk.views import BudgetData

CHUNK_ROWS = 32_768  # rows per block of predictors: small enough to stay in cache
LTC_CAP = 5  # conditions beyond five add no separate term
EMERGENCY_CAP = 3
ELECTIVE_CAP = 4.0
OUTPATIENT_CAP = 6.0
AGE_GROUP_EDGES = np.array([45, 65, 75, 85])  # for conditions x age: <45, 45-64, ..., 85+
FEATURE_NAMES: tuple[str, ...] = (
    *(f"age_{5 * (b // 2)}_{'female' if b % 2 else 'male'}" for b in range(2 * N_AGE_BANDS)),
    *(f"deprivation_q{q}" for q in range(1, 5)),
    *(f"ltc_{n}" for n in range(1, LTC_CAP + 1)),
    *(f"ltc_x_age_group_{g}" for g in range(len(AGE_GROUP_EDGES) + 1)),
    *(f"emergency_{n}" for n in range(1, EMERGENCY_CAP + 1)),
    "elective", "any_elective", "outpatient", "any_outpatient",
    "cost_thousands", "sqrt_cost_thousands",
)


def design(record: YearRecord) -> np.ndarray:
    """Predictors for every row of ``record`` (one row per person, FEATURE_NAMES columns).

    Age-sex cells carry the intercept; the rest are deviations from them.
    """
    n = len(record)
    x = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    rows = np.arange(n)
    column = 0
    x[rows, age_band(record.age) * 2 + record.female.astype(np.intp)] = 1.0
    column += 2 * N_AGE_BANDS
    deprivation = record.deprivation.astype(np.intp)
    has = deprivation > 0
    x[rows[has], column + deprivation[has] - 1] = 1.0
    column += 4
    ltc = np.minimum(record.ltc, LTC_CAP).astype(np.intp)
    has = ltc > 0
    x[rows[has], column + ltc[has] - 1] = 1.0
    column += LTC_CAP
    group = np.searchsorted(AGE_GROUP_EDGES, record.age, side="right")
    x[rows, column + group] = ltc
    column += len(AGE_GROUP_EDGES) + 1
    emergency = np.minimum(np.floor(record.emergency), EMERGENCY_CAP).astype(np.intp)
    has = emergency > 0
    x[rows[has], column + emergency[has] - 1] = 1.0
    column += EMERGENCY_CAP
    x[:, column] = np.minimum(record.elective, ELECTIVE_CAP)
    x[:, column + 1] = record.elective > 0
    x[:, column + 2] = np.minimum(record.outpatient, OUTPATIENT_CAP)
    x[:, column + 3] = record.outpatient > 0
    cost = np.maximum(record.cost, 0.0) / 1000.0
    x[:, column + 4] = cost
    x[:, column + 5] = np.sqrt(cost)
    return x


@dataclass(frozen=True)
class PersonBasedModel:
    """Fitted coefficients (pounds next year per unit of each predictor)."""

    coef: np.ndarray
    outcome_year: int  # the latest year whose costs the model has seen

    @classmethod
    def fit(cls, features: YearRecord, outcome: np.ndarray, outcome_year: int
            ) -> PersonBasedModel:
        """Least squares of ``outcome`` (one per row of ``features``) on the predictors."""
        return cls(fit_coefficients(features, [outcome])[0], outcome_year)

    def predict(self, record: YearRecord) -> np.ndarray:
        """Predicted next-year cost (pounds) of every row of ``record``."""
        return predict_many(record, [self.coef])[0]


def fit_coefficients(features: YearRecord, outcomes: Sequence[np.ndarray]
                     ) -> list[np.ndarray]:
    """Least-squares coefficients for each outcome, building the predictors once."""
    xtx, xty = normal_equations(features, outcomes)
    coef = np.linalg.lstsq(xtx, xty, rcond=None)[0]
    return [coef[:, j] for j in range(len(outcomes))]


def normal_equations(features: YearRecord, outcomes: Sequence[np.ndarray]
                     ) -> tuple[np.ndarray, np.ndarray]:
    """X'X and X'y over every row of ``features`` (FEATURE_NAMES columns), one column of
    X'y per outcome, built in chunks so a million people need little memory."""
    k = len(FEATURE_NAMES)
    xtx, xty = np.zeros((k, k)), np.zeros((k, len(outcomes)))
    y = np.column_stack(outcomes) if outcomes else np.zeros((len(features), 0))
    for start in range(0, len(features), CHUNK_ROWS):
        rows = np.arange(start, min(start + CHUNK_ROWS, len(features)))
        x = design(features.select(rows))
        xtx += x.T @ x
        xty += x.T @ y[rows]
    return xtx, xty


def predict_many(record: YearRecord, coefs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Predictions of several fitted models for every row of ``record``."""
    out = [np.empty(len(record)) for _ in coefs]
    for start in range(0, len(record), CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, len(record)))
        x = design(record.select(np.arange(len(record))[rows]))
        for prediction, coef in zip(out, coefs, strict=True):
            prediction[rows] = x @ coef  # one matrix-vector product per model: faster
    return out


def fit_for_budget_year(data: BudgetData) -> PersonBasedModel:
    """Fit on use in t-2 predicting cost in t-1, for the list at the start of t-1."""
    people = data.before.select(data.before.alive)
    outcome = data.previous.cost[data.previous.rows_of(people.person_id)]
    return PersonBasedModel.fit(people, outcome, outcome_year=data.previous.year)


def fit_models(data: BudgetData, outcomes: Sequence[BudgetData]) -> list[PersonBasedModel]:
    """One model per outcome view (e.g. full and capped costs), sharing the predictors of
    ``data``: use in t-2 predicting cost in t-1, for the list at the start of t-1."""
    people = data.before.select(data.before.alive)
    ys = [o.previous.cost[o.previous.rows_of(people.person_id)] for o in outcomes]
    coefs = fit_coefficients(people, ys)
    return [PersonBasedModel(c, data.previous.year) for c in coefs]


def person_based_bases(data: BudgetData, models: Sequence[PersonBasedModel]) -> list[Basis]:
    """Each model's predicted budget-year cost of everyone on ``data``'s starting list.

    Predictions below zero (possible with a linear model) count as zero need.
    """
    start = data.start
    predictions = predict_many(start, [m.coef for m in models])
    return [Basis(start.person_id, start.practice, np.maximum(p, 0.0)) for p in predictions]


def person_based_basis(data: BudgetData, model: PersonBasedModel | None = None) -> Basis:
    """Predicted cost in the budget year of everyone on the list at its start.

    ``model`` defaults to one fitted on ``data``'s own history; pass a model fitted
    elsewhere (a national one) to apply it to this list.
    """
    model = model or fit_for_budget_year(data)
    return person_based_bases(data, [model])[0]
