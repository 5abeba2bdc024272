"""``healthsim dashboard``: serve the workshop dashboard on this machine."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys

from sim.cli.args import EXIT_FAILED, EXIT_OK
from sim.dashboard.server import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    check_port_free,
    is_loopback,
    start_server,
    url,
)
from sim.errors import UserError

MAX_PORT = 65_535


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1-65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= value <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1-{MAX_PORT})")
    return value


def add_dashboard_parser(sub) -> None:
    """Register ``healthsim dashboard`` on the subparsers of ``sim.cli.build_parser``."""
    parser = sub.add_parser(
        "dashboard", help="serve the workshop dashboard in a web browser",
        description="Serve the workshop dashboard: live charts, the professional network "
        "and the commissioners as the months are simulated, with controls read from the "
        "scenario's declarations, and an A/B mode that runs two scenarios side by side "
        "with common random numbers. Prints the address to open; Ctrl-C stops it.")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"port to serve on (default {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to serve on (default {DEFAULT_HOST}: this machine "
                        "only; 0.0.0.0 lets others on the network connect, and needs "
                        "--allow-remote)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="serve on an address others can reach: the dashboard has no "
                        "password, so anyone who can reach this machine can use it")


def command_dashboard(args: argparse.Namespace) -> int:
    """Start the server, print its address, and wait until it stops (or Ctrl-C)."""
    check_port_free(args.host, args.port)  # a bad host or a taken port first
    if not is_loopback(args.host):
        if not args.allow_remote:
            raise UserError(
                f"--host {args.host} lets other machines connect, and the dashboard has "
                "no password: anyone who can reach this machine could use it. Add "
                "--allow-remote if that is what you want (on a network you trust), or "
                f"leave --host at {DEFAULT_HOST}.")
        print(f"healthsim dashboard: warning: serving on {args.host}, with no password, "
              "to anyone who can reach this machine.", file=sys.stderr)
    server = start_server(args.host, args.port)
    print(f"healthsim dashboard: open {url(args.host, args.port)} in a web browser "
          "(Ctrl-C stops it).", flush=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stopped: stop the server too
    try:
        code = server.wait()
    except KeyboardInterrupt:
        _stop(server)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    if code != 0:
        print(f"healthsim dashboard: the server stopped with exit code {code} (see the "
              "messages above).", file=sys.stderr)
        return EXIT_FAILED  # not bad input: the server failed
    return EXIT_OK


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
