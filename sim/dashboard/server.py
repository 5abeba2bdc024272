"""Serving the dashboard: ``solara run`` on this machine, offline.

Solara is started as a child process (``python -m solara run sim/dashboard/app.py``) in
production mode (no file watching). Its front-end assets come from the
``solara-assets`` package (installed under ``$VENV/share/solara/cdn``), its telemetry
and its check for a newer version are off, so the page needs no network beyond the
machine it runs on.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

from sim.errors import UserError

APP = Path(__file__).resolve().with_name("app.py")
DEFAULT_HOST = "127.0.0.1"  # this machine only: a workshop laptop, not a public server
DEFAULT_PORT = 8765  # Solara's own default port

# Solara settings (environment variables read by solara.server.settings), and a warning
# that only concerns pages embedded over https:
SERVER_ENVIRONMENT = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # no usage reports to the internet
    "SOLARA_THEME_SHOW_BANNER": "False",
    "PYTHONWARNINGS": "ignore:Cookies with samesite=none require https:UserWarning",
}


def url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_port_free(host: str, port: int) -> None:
    """Refuse (``UserError``) a port that is taken or a host this machine cannot serve.

    Binds the way the server will (``SO_REUSEADDR``, as uvicorn does), so a port left in
    TIME_WAIT by a previous run counts as free but one with a listener does not.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UserError(f"--host {host!r} is not an address of this machine "
                        f"({error.strerror}); use 127.0.0.1 for this machine only.") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UserError(f"port {port} on {host} is already in use (another "
                                f"dashboard?); choose another with --port.") from None
            raise UserError(f"cannot serve on {host} port {port}: {error.strerror}; use "
                            "--host 127.0.0.1 and a port above 1023.") from None


def server_command(host: str, port: int) -> list[str]:
    """The ``solara run`` command line for the dashboard."""
    return [sys.executable, "-m", "solara", "run", str(APP), "--host", host,
            "--port", str(port), "--production", "--no-open", "--no-check-version",
            "--log-level", "warning"]


def server_environment() -> dict[str, str]:
    """This process's environment with Solara's network features off."""
    return {**os.environ, **SERVER_ENVIRONMENT}


def start_server(host: str, port: int, **popen) -> subprocess.Popen:
    """Start the server in a child process (the caller waits for it or stops it)."""
    check_port_free(host, port)
    return subprocess.Popen(server_command(host, port), env=server_environment(), **popen)
