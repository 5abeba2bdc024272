"""``--population`` and ``--practices`` on every command that runs the model, and the
warnings a size calls for: before a run, when a model's commissioners cannot (or can
barely) form in an economy that small; after it, when a voluntary model's bodies never
formed in any replicate. The rule itself is ``sim.inputs.sizing``'s."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sim.cli.args import positive
from sim.cli.logs import logger
from sim.inputs.economy_defaults import DEFAULT_POPULATION_SIZE, DEFAULT_PRACTICES

if TYPE_CHECKING:
    from sim.inputs.sizing import SizeLimit

LOG = logger("sizing")


def _size_rule() -> str:
    """How practices follow --population, in help text, with the default economy's
    numbers read from ``sim.inputs.economy_defaults`` (``sim.scenario.PopulationConfig``'s
    defaults, not typed again here; that module is light, so a parser loads no model)."""
    size, practices = DEFAULT_POPULATION_SIZE, DEFAULT_PRACTICES
    return (f"practices scale to keep the {{reference}} mean list size ({size:,} people in "
            f"{practices} practices by default: about {round(size / practices, -2):,.0f}, "
            "England's mean) unless --practices is given")


SIZE_RULE = _size_rule()


def add_size_arguments(parser: argparse.ArgumentParser, *, reference: str,
                       population_default: int | None = None,
                       default: str = "default: the file's size") -> None:
    """``--population N`` and ``--practices N``; ``reference`` says whose list size
    practices keep ("scenario's", "first scenario's", ...) in the help, ``default``
    what the size is without the option."""
    if population_default:
        default = f"default {population_default:,}"
    parser.add_argument("--population", type=positive, default=population_default,
                        metavar="N", help=f"people in the economy ({default}); "
                        + SIZE_RULE.format(reference=reference))
    parser.add_argument("--practices", type=positive, metavar="N",
                        help="general practices in the economy (default: scaled with "
                        "--population to keep the list size)")


def sized(scenarios: Sequence, sources: Sequence[str], args: argparse.Namespace) -> list:
    """Every scenario with the economy ``--population``/``--practices`` ask for, the
    first one's list size kept for all (so they stay comparable person by person);
    the files' own economies when neither is given. Logged at info level."""
    from sim.inputs.sizing import economy_size, with_size

    size = economy_size(scenarios[0], args.population, args.practices)
    resized = [with_size(s, size, str(source))
               for s, source in zip(scenarios, sources, strict=True)]
    if size is not None:
        LOG.info("economy: %s", size.describe())
    return resized


def _words(model: str) -> str:
    """A model in words inside a sentence: "local clinical partnership", "GP fundholding"."""
    from sim.labels import model_name

    name = model_name(model)
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def warn_about_size(scenario, source: str) -> list[str]:
    """Warn (and return the messages) for each body ``scenario``'s economy is too small
    for, or barely large enough for."""
    from sim.inputs.sizing import size_limits

    messages = [_limit_message(limit, scenario, source) for limit in size_limits(scenario)]
    for message in messages:
        LOG.warning(message)
    return messages


def _limit_message(limit: SizeLimit, scenario, source: str) -> str:
    from sim.inputs.sizing import changes_model

    at = f"{source}: at {limit.population:,} people"
    when = f" from {limit.date}" if limit.date else ""
    if limit.kind == "stage":
        from sim.commissioning.stages import STAGES

        label = STAGES[limit.stage].label
        if limit.impossible:
            return (f"{at} no partnership can reach LCP stage {limit.stage} ({label}): it "
                    f"needs at least {limit.needs:,} people, so partnerships stay at lower "
                    "stages throughout.")
        return (f"{at} a partnership reaches LCP stage {limit.stage} ({label}) only if it "
                f"covers {limit.share:.0%} of everyone (it needs {limit.needs:,} people); "
                "it may never get there.")
    if limit.kind == "status":
        if limit.impossible:
            return (f"{at} no cluster can win LCP status{when}: open_lcp_status needs "
                    f"{limit.needs:,} people.")
        return (f"{at} a cluster wins LCP status{when} only if it covers "
                f"{limit.share:.0%} of everyone (open_lcp_status needs {limit.needs:,}).")
    body = _words(limit.model)
    if limit.impossible:
        rest = ("this run is PCT commissioning throughout" if not limit.date
                and not changes_model(scenario) else
                f"the PCT commissions instead{when or ' until the timeline changes the model'}")
        return (f"{at} the {body} cannot form{when} (it needs practices covering at least "
                f"{limit.needs:,} people): {rest}.")
    return (f"{at} the {body} forms{when} only if practices covering {limit.share:.0%} of "
            f"everyone are willing (it needs at least {limit.needs:,} people): it may "
            "never form; a larger --population gives it room.")


def warn_never_formed(scenario, source: str, timeseries) -> list[str]:
    """After a run: warn (and return the messages) for each voluntary model whose
    ``population_covered_<model>`` stayed 0 in every month of every replicate, unless
    ``warn_about_size`` already said it cannot form."""
    from sim.inputs.sizing import size_limits, voluntary_models

    impossible = {limit.model for limit in size_limits(scenario)
                  if limit.kind == "form" and limit.impossible}
    messages = []
    for model in voluntary_models(scenario):
        column = f"population_covered_{model}"
        if model in impossible or column not in timeseries:
            continue
        if (timeseries[column] == 0).all():
            replicates = timeseries["replicate"].nunique()
            messages.append(
                f"{source}: the {_words(model)} never formed in any of {replicates} "
                f"replicate(s) of {scenario.population.size:,} people ({column} stayed 0 "
                f"throughout): the results are PCT commissioning's, not the "
                f"{_words(model)}'s.")
    for message in messages:
        LOG.warning(message)
    return messages
