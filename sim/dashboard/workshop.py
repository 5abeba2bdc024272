"""What the workshop dashboard exposes, and the economy it starts with.

Which scenario fields get a control is listed here once; what each control looks like
comes from the field's own declaration (``sim.dashboard.controls``). The starting
economy is derived from the model's declarations, so it follows them if they change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sim.commissioning import MODELS
from sim.dashboard.controls import Control, Path, control_for, controls_for
from sim.dashboard.words import control_name
from sim.labels import source_name
from sim.scenario import CommissioningConfig, PopulationConfig, Scenario

# --- the starting economy ----------------------------------------------------------------
_REAL_AREA = PopulationConfig()  # the PCT area the model is calibrated on (sim.scenario)
PEOPLE_PER_PRACTICE = _REAL_AREA.size / _REAL_AREA.practices
"""derived: 340,000 people / 53 practices = about 6,400 registered people a practice."""

LARGEST_COMMISSIONER_MINIMUM = max(rules.min_population for rules in MODELS.values())
"""derived: the largest minimum size of a commissioner (a partnership: 100,000 people)."""

SIZE_HEADROOM = 1.5
"""assumption: half as much again as the largest minimum size, so a partnership can form
without most practices willing. Measured (GPs joining on their own deal, issue 11): with
150,000 people a partnership forms in April 2010 for seeds 1-4 and April 2011 for seed
5; with 120,000 it formed within five years for one seed of five. Smaller economies
(20,000, say) step faster but never form partnerships (100,000) or consortia (60,000)."""

SIZE_ROUNDING = 10_000  # people: a round number to say in the room

WORKSHOP_SIZE = int(round(LARGEST_COMMISSIONER_MINIMUM * SIZE_HEADROOM / SIZE_ROUNDING)
                    * SIZE_ROUNDING)
"""derived: 150,000 people (step times: benchmarks/results/dashboard.json)."""

WORKSHOP_PRACTICES = int(round(WORKSHOP_SIZE / PEOPLE_PER_PRACTICE))
"""derived: 23 practices, the real area's list sizes."""

PLAY_INTERVAL_SECONDS = 0.25
"""assumption: four months a second when playing: ten years in 30 s, slow enough for a
room to follow the lines, fast enough to keep its attention."""

REPLICATE = 0  # the dashboard runs one replicate; another seed gives another draw

# --- what gets a control -----------------------------------------------------------------
ECONOMY_PATHS: tuple[Path, ...] = (("population", "size"), ("population", "practices"),
                                   ("seed",), ("months",))
"""Shared by A and B: common random numbers need the same economy and seed."""

WORKSHOP_PARAMETERS: tuple[str, ...] = (
    "approval_delay_months", "pct_trust", "maturity_years", "care_plan_effect",
    "specialist_reluctance_mean", "pbr_short_stay_growth")
"""Behavioural parameters (``sim.parameters``) a room argues about; the rest stay in
scenario files."""

MECHANISMS_FIELD = "mechanisms"  # switches for each mechanism, where the scenario has them


def economy_controls() -> list[Control]:
    """Population, practices, seed and months: one set for both scenarios."""
    return [control_for(Scenario, path) for path in ECONOMY_PATHS]


def lever_controls() -> tuple[list[Control], list[str]]:
    """Every field of ``[commissioning]``: the model and its levers."""
    return controls_for(CommissioningConfig, ("commissioning",))


def parameter_controls() -> list[Control]:
    """The behavioural parameters listed in ``WORKSHOP_PARAMETERS``."""
    return [control_for(Scenario, ("parameters", name)) for name in WORKSHOP_PARAMETERS]


def mechanism_controls() -> list[Control]:
    """One switch per mechanism, when the scenario declares ``[mechanisms]``."""
    if MECHANISMS_FIELD not in Scenario.model_fields:
        return []
    model = Scenario.model_fields[MECHANISMS_FIELD].annotation
    return controls_for(model, (MECHANISMS_FIELD,))[0]


def workshop_economy() -> dict[Path, object]:
    """The starting values of the shared controls."""
    return {("population", "size"): WORKSHOP_SIZE,
            ("population", "practices"): WORKSHOP_PRACTICES,
            ("seed",): Scenario.model_fields["seed"].default,
            ("months",): Scenario.model_fields["months"].default}


@dataclass(frozen=True)
class ControlSet:
    """The dashboard's controls, grouped as the panel shows them."""

    economy: list[Control]
    levers: list[Control]
    parameters: list[Control]
    mechanisms: list[Control]
    not_shown: list[str]  # commissioning fields with no widget (scenario files only)


def workshop_controls() -> ControlSet:
    """Every control, read from the declarations now, named in the room's words."""
    levers, not_shown = lever_controls()
    return ControlSet(*(in_words(group) for group in (
        economy_controls(), levers, parameter_controls(), mechanism_controls())), not_shown)


def in_words(controls: list[Control]) -> list[Control]:
    """The controls with plain names (``sim.dashboard.words``) and sources named by
    publisher and year rather than "seed 00N" (``sim.labels.source_name``)."""
    return [replace(c, label=control_name(c.path, c.label), note=source_name(c.note))
            for c in controls]
