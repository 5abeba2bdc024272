"""The ``healthsim`` command line (also ``python -m sim``).

Exit codes: 0 success; 1 a calibration target missed, a run failed or the machine could
not write the results (disk full, permissions: one paragraph, no traceback); 2 bad input
(one paragraph on standard error, no traceback); 130 interrupted.

One module per command registers its options (``add_*_parser``) and runs it
(``command_*``); what they share is ``sim.cli.args``. Every command takes ``-v/--verbose``
and ``-q/--quiet`` (``sim.cli.logs``: warnings on standard error through ``logging``).
"""

from __future__ import annotations

import sys

from sim.allocator import keep_large_blocks
from sim.cli.args import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, ArgumentParser
from sim.cli.calibrate import add_calibrate_parser, command_calibrate
from sim.cli.compare import add_compare_parser, command_compare
from sim.cli.dashboard import add_dashboard_parser, command_dashboard
from sim.cli.decide import add_decide_parser, command_decide
from sim.cli.explain import add_explain_parser, command_explain
from sim.cli.logs import add_verbosity_arguments, configure_logging
from sim.cli.risk import add_risk_parser, command_risk
from sim.cli.run import add_run_parser, command_run
from sim.cli.sweep import SWEEP_COMMANDS, add_sweep_commands
from sim.errors import MachineError, UserError
from sim.runs.version import package_version


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="healthsim",
        description="Simulate an English local health economy under commissioning models.")
    parser.add_argument("--version", action="version",
                        version=f"healthsim {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    add_run_parser(sub)
    add_calibrate_parser(sub)
    add_compare_parser(sub)
    add_explain_parser(sub)
    add_sweep_commands(sub)
    add_decide_parser(sub)
    add_risk_parser(sub)
    add_dashboard_parser(sub)
    for command in sub.choices.values():  # every command, so none can forget them
        add_verbosity_arguments(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    keep_large_blocks()  # the command line's own process: opt in (sim.allocator says why)
    configure_logging(None)  # a usage error is reported as at the default level
    try:
        args = build_parser().parse_args(argv)
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


COMMANDS = {"run": command_run, "calibrate": command_calibrate, "compare": command_compare,
            "explain": command_explain, **SWEEP_COMMANDS, "decide": command_decide,
            "risk": command_risk,
            "dashboard": command_dashboard}

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_OK", "build_parser", "main"]


if __name__ == "__main__":
    sys.exit(main())
