"""Every behavioural and structural number has one home, with unit, range, prior and
source: the parameters (``sim.declarations.param``) or the rule sets
(``sim.declarations.rule``). A bare number in a behaviour or commissioning module fails
here; 0, 1 and unit conversions (12 months, 100 pence or per cent, 1,000 people) are
allowed, and so is the 2 of ``itertools.combinations(x, 2)`` (pairs)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from sim.commissioning.rule_sets import MODELS, OUTSIDE_ORGANISATION, ModelRules
from sim.commissioning.stages import STAGES, Stage
from sim.declarations import DEFAULT_PRIOR_SPREAD, default_prior, rule_prior
from sim.mechanisms import MECHANISMS, Mechanisms
from sim.parameters import Parameters

PACKAGE = Path(__file__).resolve().parent.parent / "sim"
RULE_TABLES = {"commissioning/rule_sets.py", "commissioning/stages.py"}
BEHAVIOUR_MODULES = sorted(
    path for pattern in ("commissioning/*.py", "mechanisms/*.py", "agents/*.py",
                         "care/services.py")
    for path in PACKAGE.glob(pattern)
    if str(path.relative_to(PACKAGE)) not in RULE_TABLES)
ALLOWED = {0, 1, 12, 100, 1000}
DECLARING = {"param", "rule", "Field", "dataclass_field", "uniform", "triangular", "Prior",
             "choice"}


def bare_literals(source: str) -> list[tuple[int, float]]:
    """(line, value) of each numeric literal outside declarations and allowed uses."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func).split(".")[-1]
            if name in DECLARING:
                exempt.update(id(n) for n in ast.walk(node))
            elif name == "combinations" and len(node.args) == 2 and ast.unparse(
                    node.args[1]) == "2":
                exempt.add(id(node.args[1]))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float)
            and node.value not in ALLOWED and id(node) not in exempt]


@pytest.mark.parametrize("path", BEHAVIOUR_MODULES,
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_bare_numbers_in_behaviour_and_commissioning(path):
    assert bare_literals(path.read_text()) == [], (
        f"declare these numbers as parameters (sim.declarations.param) in {path.name}")


def test_the_scan_finds_a_planted_number():
    assert bare_literals("x = y * 0.3 + 12\nz = param(0.7, 'u', 's')\n") == [(1, 0.3)]
    assert bare_literals("import itertools\nitertools.combinations(a, 2)\n") == []
    assert bare_literals("itertools.combinations(a, 3)\nb[2]\n") == [(1, 3), (2, 2)]


@pytest.mark.parametrize("name", list(Parameters.model_fields))
def test_every_parameter_has_unit_range_prior_and_source(name):
    field = Parameters.model_fields[name]
    extra = field.json_schema_extra or {}
    assert extra.get("unit") and field.description
    bounds = {type(m).__name__: m for m in field.metadata}
    assert "Ge" in bounds and "Le" in bounds, f"{name} has no allowed range"
    prior = extra["prior"]
    assert bounds["Ge"].ge <= prior["low"] <= prior["high"] <= bounds["Le"].le
    assert prior["low"] <= field.default <= prior["high"] or prior["distribution"] == "uniform"


def test_pinned_sources_have_fixed_priors_and_assumptions_do_not():
    assert default_prior(0.3, "calibrated to target x", 0, 1).distribution == "fixed"
    prior = default_prior(0.4, "assumption: because", 0, 1)
    assert prior.distribution == "triangular" and prior.mode == 0.4
    assert prior.low == pytest.approx(0.4 * (1 - DEFAULT_PRIOR_SPREAD))
    assert default_prior(0.9, "assumption: because", 0, 1).high == 1  # kept in range


RULE_TABLE_ROWS = [*MODELS.values(), OUTSIDE_ORGANISATION, *STAGES.values()]


@pytest.mark.parametrize("rules", RULE_TABLE_ROWS, ids=lambda r: getattr(r, "name", None)
                         or getattr(r, "label", ""))
def test_every_number_in_the_rule_sets_is_declared_and_in_range(rules):
    for field in dataclasses.fields(rules):
        value = getattr(rules, field.name)
        if type(value) not in (int, float) or field.name == "number":  # an identifier
            continue
        meta = field.metadata
        assert meta.get("unit") and meta.get("source"), f"{field.name} is not declared"
        assert meta["ge"] <= value <= meta["le"], f"{field.name}={value} out of range"
        assert rule_prior(value, meta).low <= value <= rule_prior(value, meta).high


def test_rule_classes_declare_every_numeric_field():
    for cls in (ModelRules, Stage):
        numeric = [f for f in dataclasses.fields(cls) if f.type in ("float", "int")
                   and f.name != "number"]
        assert numeric and all("unit" in f.metadata for f in numeric), cls.__name__


def test_each_mechanism_has_a_switch_and_its_parameters_are_in_parameters():
    assert list(Mechanisms.model_fields) == [m.name for m in MECHANISMS]
    for mechanism in MECHANISMS:
        if mechanism.parameters is not None:
            assert set(mechanism.parameters.model_fields) <= set(Parameters.model_fields)


BEHAVIOURAL_EFFECTS = (
    # what engaged practices change
    "referral_reduction_max", "referral_convergence", "prescribing_saving_max",
    "ltc_management_effect", "effect_without_budget_line",
    # care plans and their targeting
    "care_plan_effect", "care_plan_share", "care_plan_cost", "risk_tool_history_weight",
    # specialists in the community
    "specialist_advice_effect", "specialist_admission_effect", "outpatient_substitution_max",
    "community_outpatient_cost_share", "specialist_reluctance_mean",
    # engagement and joining
    "engagement_adjustment", "engagement_peer_influence", "engagement_leader_weight",
    "engagement_weight_financial", "engagement_weight_ownership", "engagement_weight_time",
    "engagement_weight_trust", "engagement_weight_results", "notional_savings_worth",
    "gp_attitude_sd", "expected_saving_share", "loss_aversion", "scheme_visibility",
    "pct_trust", "pct_trust_adjustment", "gp_leader_share", "locality_tie_weight",
    # trusts and money
    "drift_payment_share", "drift_loss_response", "block_elective_throughput_loss",
    "trust_fixed_cost_share", "budget_rebasing_years", "savings_threshold",
    "maturity_years", "transition_control_loss", "transition_distraction",
)


@pytest.mark.parametrize("name", BEHAVIOURAL_EFFECTS)
def test_every_behavioural_effect_has_a_prior_with_its_basis(name):
    """Not the placeholder: a distribution with where it comes from (issue 11)."""
    prior = Parameters.model_fields[name].json_schema_extra["prior"]
    assert prior["distribution"] in ("uniform", "triangular")
    assert len(prior.get("basis", "")) > 20, f"{name}: say where the prior comes from"
