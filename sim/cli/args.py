"""What every ``healthsim`` command shares: exit codes, the parser class, number types.

Command modules import these from here, never from ``sim.cli`` itself: the package
imports the command modules (``sim.cli.REGISTRY``), so a command importing the package
would be a loop.
"""

from __future__ import annotations

import argparse

from sim.errors import UserError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2  # 1: a run or a target failed; 2: bad input
EXIT_INTERRUPTED = 130  # as a shell reports a process stopped by Ctrl-C


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as user errors (exit 2, one paragraph)."""

    def error(self, message: str):
        raise UserError(f"{message}{_did_you_mean(message)} (see {self.prog} --help)")


def _did_you_mean(message: str) -> str:
    """" Did you mean 'run'?" after argparse's "invalid choice: 'rnu' (choose from ...)"."""
    import difflib
    import re

    found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not found:
        return ""
    choices = re.findall(r"'?([\w-]+)'?", found.group(2))
    close = difflib.get_close_matches(found.group(1), choices, n=1)
    return f". Did you mean '{close[0]}'?" if close else ""


MAX_REPLICATES = 200
"""assumption: a command keeps every replicate's monthly rows in memory (at the default
size a replicate's practice table alone is about 6,000 rows); ten replicates give
intervals of a few per cent, so two hundred is far beyond a study's need and still fits
in memory, where an unbounded number could exhaust it."""


def whole_number(minimum: int, maximum: int | None = None):
    """An argparse type: a whole number of at least ``minimum`` (and at most
    ``maximum``)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} must be at least {minimum}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"{value} must be at most {maximum}")
        return value
    return parse


positive, non_negative = whole_number(1), whole_number(0)
replicate_count = whole_number(1, MAX_REPLICATES)


def add_workers_argument(parser: argparse.ArgumentParser, what: str = "the runs") -> None:
    """``--workers N``: processes for the command's simulations (default every core)."""
    parser.add_argument("--workers", type=positive, default=None, metavar="N",
                        help=f"processes for {what} (default: one per core this process "
                        "may use); the results do not depend on it")


def workers_from(args: argparse.Namespace) -> int:
    """The ``--workers`` asked for, or one per usable core."""
    from sim.sweep.executors import default_workers

    return args.workers or default_workers()
