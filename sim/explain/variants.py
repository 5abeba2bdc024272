"""The scenarios a decomposition runs: each arm as given and with each mechanism off.

For a pair (A, B) and the mechanisms of ``sim.mechanisms``, that is 2 x (1 + n)
variants. Both arms take A's seed, so replicate r of every variant shares random
streams r (common random numbers, ``sim/streams.py``): where two variants' rules agree
they draw the same numbers. A mechanism already off in a scenario file gives a variant
identical to the scenario itself, and identical scenarios are run once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.errors import UserError
from sim.mechanisms import MECHANISM_NAMES, Mechanisms
from sim.scenario import Scenario

ARMS: tuple[str, str] = ("A", "B")
AS_GIVEN = ""  # ``switched_off`` of a variant that is the scenario itself


@dataclass(frozen=True)
class Variant:
    """One scenario to run: an arm as given, or with one mechanism switched off."""

    arm: str
    switched_off: str  # a name in MECHANISM_NAMES, or AS_GIVEN
    scenario: Scenario

    @property
    def key(self) -> str:
        """Identical scenarios have the same key (and are run once)."""
        return self.scenario.model_dump_json()


def description(mechanism: str) -> str:
    """The switch's description (``sim.mechanisms``): the mechanism's label."""
    return Mechanisms.model_fields[mechanism].description or mechanism


def prepare_pair(a: Scenario, b: Scenario, *, population: int | None = None,
                 months: int | None = None,
                 sources: tuple[str, str] | None = None) -> tuple[Scenario, Scenario]:
    """The two scenarios as they will run: overrides applied, B on A's seed.

    Raises ``UserError`` (naming ``sources``, e.g. the file names) if they cannot be
    compared run for run: a different start, length or economy.
    """
    sources = sources or (f"scenario '{a.name}'", f"scenario '{b.name}'")
    options = ", ".join(f"{name} {value}" for name, value in
                        (("--population", population), ("--months", months)) if value)
    pair = []
    for scenario, source, seed in ((a, sources[0], a.seed), (b, sources[1], a.seed)):
        pair.append(scenario.with_overrides(
            f"{source} with {options}" if options else source, seed=seed, months=months,
            population={"size": population} if population else None))
    check_pair(*pair, sources)
    return pair[0], pair[1]


def check_pair(a: Scenario, b: Scenario, sources: tuple[str, str]) -> None:
    """Refuse a pair whose runs cannot be matched month by month and person by person."""
    if (a.start, a.months) != (b.start, b.months):
        raise UserError(
            f"{sources[1]} runs {b.months} months from {b.start} but {sources[0]} runs "
            f"{a.months} months from {a.start}; explain needs the same 'start' and "
            "'months' in both (or set --months for both).")
    economy_a = (a.population.size, a.population.practices, a.providers.acute_trusts)
    economy_b = (b.population.size, b.population.practices, b.providers.acute_trusts)
    if economy_a != economy_b:
        raise UserError(
            f"{sources[0]} has {_economy(a)} but {sources[1]} has {_economy(b)}; explain "
            "decomposes a difference between policies on the same simulated economy, so "
            "population.size, population.practices and providers.acute_trusts must agree "
            "(--population sets the size of both).")


def _economy(scenario: Scenario) -> str:
    return (f"{scenario.population.size:,} people, {scenario.population.practices} "
            f"practices and {scenario.providers.acute_trusts} acute trust(s)")


def switched_off(scenario: Scenario, mechanism: str) -> Scenario:
    """The scenario with one mechanism off (itself if the file already has it off)."""
    if not getattr(scenario.mechanisms, mechanism):
        return scenario
    return scenario.with_overrides(f"scenario '{scenario.name}' with {mechanism} off",
                                   mechanisms={mechanism: False})


def variants(a: Scenario, b: Scenario) -> list[Variant]:
    """Each arm as given, then with each mechanism off: 2 x (1 + n) variants."""
    out = []
    for arm, scenario in zip(ARMS, (a, b), strict=True):
        out.append(Variant(arm, AS_GIVEN, scenario))
        out += [Variant(arm, name, switched_off(scenario, name)) for name in MECHANISM_NAMES]
    return out
