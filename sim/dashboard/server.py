"""Serving the dashboard: ``solara run`` on this machine, offline.

Solara is started as a child process (``solara run sim/dashboard/app.py`` through
``sim.dashboard.launch``, which checks every request's ``Host`` and every WebSocket's
``Origin``: ``sim.dashboard.request_guard``) in production mode (no file watching). On
Linux the child asks to be stopped when its parent dies (``prctl(PR_SET_PDEATHSIG)``), so
a killed ``healthsim dashboard`` cannot leave the server running and holding its port.
The server has no password: serving on an address other people can reach is refused
unless asked for (``is_loopback``; the command's ``--allow-remote``). Its front-end
assets come from the ``solara-assets`` package (installed under
``$VENV/share/solara/cdn``), its telemetry and its check for a newer version are off,
so the page needs no network beyond the machine it runs on.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import ipaddress
import os
import signal
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


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` stands for is this machine's loopback (127.0.0.1,
    ::1, localhost): only this machine can connect. 0.0.0.0 is every interface."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False
    return all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


def server_command(host: str, port: int) -> list[str]:
    """The ``solara run`` command line for the dashboard (through
    ``sim.dashboard.launch``, which puts ``RequestGuard`` in front of it)."""
    return [sys.executable, "-m", "sim.dashboard.launch", "run", str(APP), "--host", host,
            "--port", str(port), "--production", "--no-open", "--no-check-version",
            "--log-level", "warning"]


def server_environment() -> dict[str, str]:
    """This process's environment with Solara's network features off."""
    return {**os.environ, **SERVER_ENVIRONMENT}


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def start_server(host: str, port: int, **popen) -> subprocess.Popen:
    """Start the server in a child process (the caller waits for it or stops it); the
    child is stopped if this process dies."""
    check_port_free(host, port)
    return subprocess.Popen(server_command(host, port), env=server_environment(),
                            preexec_fn=_stop_with_parent, **popen)


def _stop_with_parent() -> None:
    """In the child before it starts Solara: SIGTERM when the parent dies (Linux; a
    no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
