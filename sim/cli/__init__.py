"""The ``healthsim`` command line (also ``python -m sim``).

Exit codes: 0 success; 1 a calibration target missed, a run failed or the machine could
not write the results (disk full, permissions: one paragraph, no traceback); 2 bad input
(one paragraph on standard error, no traceback); 130 interrupted.

One module per command registers its options (``add_*_parser``) and runs it
(``command_*``), listed in ``REGISTRY``; what they share is ``sim.cli.args``. Every
command takes ``-v/--verbose`` and ``-q/--quiet`` (``sim.cli.logs``: warnings on standard
error through ``logging``). ``main`` imports only the module of the command named (every
one for ``healthsim --help``), and none imports a heavy library until its command runs,
so ``--version`` and ``--help`` answer at once.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator, Mapping

from sim.allocator import keep_large_blocks
from sim.cli.args import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, ArgumentParser
from sim.cli.logs import add_verbosity_arguments, configure_logging
from sim.errors import MachineError, UserError

# Every command, in the order ``healthsim --help`` lists them: the module that registers
# its options and runs it, the function that registers it (on the subparsers of
# ``build_parser``) and the one that runs it. The modules are imported only when needed,
# so ``healthsim run --help`` loads ``sim.cli.run`` alone; none of them loads a heavy
# library (NumPy, pandas, Mesa, Numba, ...) before its command runs (tests/test_startup.py).
REGISTRY: dict[str, tuple[str, str, str]] = {
    "run": ("sim.cli.run", "add_run_parser", "command_run"),
    "calibrate": ("sim.cli.calibrate", "add_calibrate_parser", "command_calibrate"),
    "compare": ("sim.cli.compare", "add_compare_parser", "command_compare"),
    "explain": ("sim.cli.explain", "add_explain_parser", "command_explain"),
    "sweep": ("sim.cli.sweep", "add_sweep_commands", "command_sweep"),
    "sweep-report": ("sim.cli.sweep", "add_sweep_commands", "command_sweep_report"),
    "decide": ("sim.cli.decide", "add_decide_parser", "command_decide"),
    "risk": ("sim.cli.risk", "add_risk_parser", "command_risk"),
    "dashboard": ("sim.cli.dashboard", "add_dashboard_parser", "command_dashboard"),
}


def _function(module: str, name: str) -> Callable:
    return getattr(importlib.import_module(module), name)


class _Commands(Mapping[str, Callable[[argparse.Namespace], int]]):
    """Command name -> the function that runs it (``COMMANDS``), imported on first use."""

    def __getitem__(self, name: str) -> Callable[[argparse.Namespace], int]:
        module, _, command = REGISTRY[name]
        return _function(module, command)

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)


COMMANDS: Mapping[str, Callable[[argparse.Namespace], int]] = _Commands()


class _VersionAction(argparse.Action):
    """``--version``: prints the version and exits, reading the package metadata only
    when asked (importing ``importlib.metadata`` is a sizeable share of start-up)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show the program's version number and exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from sim.runs.version import package_version

        print(f"healthsim {package_version()}")
        parser.exit()


def build_parser(command: str | None = None) -> ArgumentParser:
    """The ``healthsim`` parser with every command, or, given ``command`` (a name in
    ``REGISTRY``), with that command alone (and any its module registers with it): what
    ``main`` parses a named command with, so that only its module is imported."""
    parser = ArgumentParser(
        prog="healthsim",
        description="Simulate an English local health economy under commissioning models.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    named = [command] if command is not None else list(REGISTRY)
    for module, add in dict.fromkeys(REGISTRY[name][:2] for name in named):  # once each
        _function(module, add)(sub)
    for parser_of_command in sub.choices.values():  # every command, so none can forget them
        add_verbosity_arguments(parser_of_command)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The command ``argv`` names first, if it starts with one; else None (``--help``,
    ``--version``, nothing, or a mistake: those need every command in the parser)."""
    return argv[0] if argv and argv[0] in REGISTRY else None


def main(argv: list[str] | None = None) -> int:
    keep_large_blocks()  # the command line's own process: opt in (sim.allocator says why)
    configure_logging(None)  # a usage error is reported as at the default level
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(_named_command(argv)).parse_args(argv)
        configure_logging(args)
        return COMMANDS[args.command](args)
    except UserError as error:
        print(f"healthsim: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MachineError as error:
        print(f"healthsim: failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("healthsim: interrupted; no results were written.", file=sys.stderr)
        return EXIT_INTERRUPTED


__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_OK", "REGISTRY", "build_parser",
           "main"]


if __name__ == "__main__":
    sys.exit(main())
