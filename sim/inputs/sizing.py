"""How big the simulated economy is: the one rule behind every command's ``--population``
and ``--practices``, and which commissioners a size leaves unable to form.

Commissioners form from practices, so a smaller population in the file's practices
would be an economy of tiny practices (20,000 people in 53 practices: lists of 377) in
which partnerships and fundholders behave as no real practice does. The rule: the
number of practices scales to keep the reference scenario's mean list size
(``population.size / population.practices``) unless ``--practices`` is given. The
scenario files' 340,000 people in 53 practices are lists of about 6,400, England's mean
registered list around 2009 (``scenarios/baseline.toml``); the 1991 district's lists of
about 5,300 are its era's. Keeping the file's own list size, rather than one national
figure, keeps each era's practices, whose size decides e.g. the 1990s fundholding
thresholds. Where several scenarios run together (compare, explain, decide, sweep) the
first is the reference and every scenario gets the same economy, so that they stay
comparable person by person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.commissioning.rule_sets import MODELS
from sim.commissioning.stages import STAGES
from sim.errors import UserError
from sim.scenario import MIN_PEOPLE_PER_PRACTICE, Scenario
from sim.timeline.migration import AdoptModel, InviteBids, OpenLcpStatus, SelectPilots

NEAR_LIMIT = 1.25
"""assumption: a voluntary body whose minimum population is more than 1/1.25 = 80% of
everyone forms only if nearly every practice is willing; voluntary take-up reached about
half the population in seven years (fundholding, seed 003, the source of the models'
``join_engagement``), so below 1.25 x the minimum the body may well never form and the
user is told so."""


@dataclass(frozen=True)
class EconomySize:
    """The people and practices every scenario of a command runs with."""

    population: int
    practices: int

    def overrides(self) -> dict[str, int]:
        """The ``[population]`` table of a scenario with this size."""
        return {"size": self.population, "practices": self.practices}

    def describe(self) -> str:
        return (f"{self.population:,} people in {self.practices} practice(s) (mean list "
                f"{self.population / self.practices:,.0f})")


def mean_list_size(scenario: Scenario) -> float:
    """People per practice in ``scenario`` (its economy's mean registered list)."""
    return scenario.population.size / scenario.population.practices


def economy_size(reference: Scenario, population: int | None = None,
                 practices: int | None = None) -> EconomySize | None:
    """The economy asked for, or None if neither option is given (the files' own).

    Practices default to ``population`` over the reference's mean list size, but never
    fewer than its acute trusts (each trust needs practices referring to it; the
    scenario refuses fewer). Raises ``UserError`` for explicit practices that would
    hold fewer than ``MIN_PEOPLE_PER_PRACTICE`` people each or fewer than the trusts.
    """
    if population is None and practices is None:
        return None
    size = population if population is not None else reference.population.size
    trusts = reference.providers.acute_trusts
    if practices is None:
        return EconomySize(size, max(1, trusts, round(size / mean_list_size(reference))))
    if practices * MIN_PEOPLE_PER_PRACTICE > size:
        raise UserError(
            f"--practices {practices} for {size:,} people: a practice needs at least "
            f"{MIN_PEOPLE_PER_PRACTICE} people, so at most {size // MIN_PEOPLE_PER_PRACTICE:,} "
            "practices; give fewer practices or a larger --population (or leave "
            "--practices out to keep the scenario's list size).")
    if practices < trusts:
        raise UserError(
            f"--practices {practices}: the scenario has {trusts} acute trusts and needs at "
            "least as many practices (providers.acute_trusts); give more practices.")
    return EconomySize(size, practices)


def sized_economy(scenario: Scenario, population: int | None = None,
                  practices: int | None = None, *, reference: Scenario | None = None,
                  source: str | None = None) -> Scenario:
    """``scenario`` with the economy ``economy_size(reference or scenario, ...)``: itself
    when neither option is given. ``source`` names it in error messages."""
    size = economy_size(reference or scenario, population, practices)
    return with_size(scenario, size, source)


def with_size(scenario: Scenario, size: EconomySize | None, source: str | None = None
              ) -> Scenario:
    """``scenario`` resized to ``size`` (validated again), or itself for None."""
    if size is None:
        return scenario
    return scenario.with_overrides(
        f"{source or scenario.name} resized to {size.population:,} people in "
        f"{size.practices} practice(s)", population=size.overrides())


# --- what a size leaves unable to form ------------------------------------------------
@dataclass(frozen=True)
class SizeLimit:
    """A minimum population some commissioning body needs that the economy is under or
    near (within ``NEAR_LIMIT``)."""

    model: str  # the body's model (``sim.commissioning.rule_sets``)
    kind: str  # "form": the model's bodies form; "status": LCP status; "stage": a stage
    needs: int  # people the body must cover
    population: int  # people in the economy
    date: str | None = None  # the month the model or rule arrives (None: from the start)
    stage: int = 0  # for kind "stage": the LCP stage

    @property
    def impossible(self) -> bool:
        """No group of practices can ever cover ``needs``: the whole economy is smaller."""
        return self.population < self.needs

    @property
    def share(self) -> float:
        """The share of everyone that must join."""
        return self.needs / self.population


def size_limits(scenario: Scenario) -> list[SizeLimit]:
    """Every minimum population in ``scenario`` (its own model, the models its timeline
    adopts, LCP status and the LCP stages its pilots climb) that its economy is under or
    within ``NEAR_LIMIT`` of. Statutory models form at any size (one body covers a
    small area) and bids merge areas to size, so only voluntary bodies are limited."""
    population = scenario.population.size
    found: list[SizeLimit] = []
    rules = scenario.commissioning.rules()
    if rules.voluntary:
        found.append(SizeLimit(rules.name, "form", rules.min_population, population))
    staged = False
    for event in scenario.timeline:
        if isinstance(event, AdoptModel) and MODELS[event.model].voluntary:
            found.append(SizeLimit(event.model, "form", MODELS[event.model].min_population,
                                   population, event.date))
        if isinstance(event, OpenLcpStatus):
            found.append(SizeLimit("lcp", "status", event.min_population, population,
                                   event.date))
        staged = staged or isinstance(event, SelectPilots | OpenLcpStatus)
    if staged:  # pilots climb the stages; bids (InviteBids) start bodies at a stage
        stage = min((s for s in STAGES.values() if s.min_population > 0),
                    key=lambda s: s.number, default=None)
        if stage is not None:
            found.append(SizeLimit("lcp", "stage", stage.min_population, population,
                                   stage=stage.number))
    return [limit for limit in found
            if limit.needs > 0 and population < NEAR_LIMIT * limit.needs]


def changes_model(scenario: Scenario) -> bool:
    """Whether the timeline moves the economy to another model during the run."""
    return any(isinstance(e, AdoptModel | InviteBids | SelectPilots | OpenLcpStatus)
               for e in scenario.timeline)


def voluntary_models(scenario: Scenario) -> list[str]:
    """The voluntary models whose bodies the scenario expects to form (its own and those
    its timeline adopts), in order: the ones whose coverage can honestly be checked."""
    names = [scenario.commissioning.model,
             *(e.model for e in scenario.timeline if isinstance(e, AdoptModel))]
    return [name for name in dict.fromkeys(names) if MODELS[name].voluntary]
