"""The scenarios a decomposition runs: each arm with a coalition of mechanisms on.

The **players** are the mechanisms of ``sim.mechanisms`` that are not preconditions and
are on in at least one arm's file. A coalition S (a bit mask over the players) runs each
arm with the players in S as in its file and the other players off; preconditions stay
as in the files. Each precondition on in a file also gets one variant per arm: the arm as
given with it off. Both arms take A's seed, so replicate r of every variant shares random
streams r (common random numbers, ``sim/streams.py``): where two variants' rules agree
they draw the same numbers. A player already off in an arm's file makes coalitions with
and without it the same scenario for that arm, and identical scenarios are run once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.errors import UserError
from sim.inputs.sizing import economy_size
from sim.mechanisms import MECHANISM_NAMES, PRECONDITION_NAMES, Mechanisms
from sim.scenario import Scenario

ARMS: tuple[str, str] = ("A", "B")
NO_COALITION = -1  # ``coalition`` of a precondition variant (every player as given)


@dataclass(frozen=True)
class Variant:
    """One scenario to run: an arm with a coalition of players on, or as given with a
    precondition off."""

    arm: str
    coalition: int  # bit mask over the players, or NO_COALITION
    precondition_off: str  # a name in PRECONDITION_NAMES, or ""
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

    ``population`` resizes both economies with the number of practices scaled to keep
    A's list size (``sim.inputs.sizing``, the rule of every command): a commissioner
    forms from practices, so a smaller economy with the same number of practices would
    be an economy of tiny practices, in which partnerships may never form.

    Raises ``UserError`` (naming ``sources``, e.g. the file names) if they cannot be
    compared run for run: a different start, length or economy.
    """
    sources = sources or (f"scenario '{a.name}'", f"scenario '{b.name}'")
    options = ", ".join(f"{name} {value}" for name, value in
                        (("--population", population), ("--months", months)) if value)
    size = economy_size(a, population)
    economy = size.overrides() if size else None
    pair = []
    for scenario, source, seed in ((a, sources[0], a.seed), (b, sources[1], a.seed)):
        pair.append(scenario.with_overrides(
            f"{source} with {options}" if options else source, seed=seed, months=months,
            population=economy))
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


def on_in_either(a: Scenario, b: Scenario, names: Sequence[str]) -> tuple[str, ...]:
    """The mechanisms among ``names`` that are on in at least one of the two files."""
    return tuple(n for n in names
                 if getattr(a.mechanisms, n) or getattr(b.mechanisms, n))


def players(a: Scenario, b: Scenario) -> tuple[str, ...]:
    """Mechanisms credited with a share of B - A: not preconditions, on in A or B."""
    return on_in_either(a, b, [n for n in MECHANISM_NAMES if n not in PRECONDITION_NAMES])


def preconditions(a: Scenario, b: Scenario) -> tuple[str, ...]:
    """Preconditions on in A or B: each reported on its own, never credited."""
    return on_in_either(a, b, PRECONDITION_NAMES)


def switched_off(scenario: Scenario, names: Sequence[str], why: str) -> Scenario:
    """The scenario with ``names`` off (itself if the file already has them all off)."""
    off = [n for n in names if getattr(scenario.mechanisms, n)]
    if not off:
        return scenario
    return scenario.with_overrides(f"scenario '{scenario.name}' {why}",
                                   mechanisms=dict.fromkeys(off, False))


def coalition_scenario(scenario: Scenario, playing: Sequence[str], mask: int) -> Scenario:
    """The arm with the players in coalition ``mask`` as in its file, the others off."""
    out = [name for i, name in enumerate(playing) if not mask >> i & 1]
    return switched_off(scenario, out, f"with {len(playing) - len(out)} of "
                                       f"{len(playing)} mechanisms (coalition {mask})")


def variants(a: Scenario, b: Scenario, playing: Sequence[str], masks: Sequence[int],
             conditions: Sequence[str]) -> list[Variant]:
    """Each arm in every coalition of ``masks``, then as given with each precondition
    off: 2 x (coalitions + preconditions) variants."""
    out = []
    for arm, scenario in zip(ARMS, (a, b), strict=True):
        out += [Variant(arm, int(m), "", coalition_scenario(scenario, playing, int(m)))
                for m in masks]
        out += [Variant(arm, NO_COALITION, name,
                        switched_off(scenario, [name], f"with {name} off"))
                for name in conditions]
    return out
