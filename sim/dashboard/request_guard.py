"""Who may talk to the dashboard's server: a guard in front of Solara's ASGI app.

Why: the dashboard has no password. A server on 127.0.0.1 is out of other machines'
reach, but not of other web pages in the user's own browser: a page on any site can
point a name it controls at 127.0.0.1 (DNS rebinding) and then read the dashboard as
if it were its own, or open a WebSocket to it from its own origin. So every request
must name the server by an address, not a foreign name (its ``Host`` header: an IP
literal or ``localhost``), and a WebSocket opened by a browser must come from a page of
this server (its ``Origin`` names the same host and port as its ``Host``). Anything
else is refused (HTTP 400, or the WebSocket closed before it opens) and logged to
standard error.

Approximation: a dashboard served on every interface (``--allow-remote``) is reached by
its IP address; a machine name or domain in the address bar is refused too, as a
rebinding name would be.
"""

from __future__ import annotations

import ipaddress
import sys
from urllib.parse import urlsplit

LOCAL_NAMES = ("localhost",)


def host_part(authority: str) -> str:
    """The host of ``host[:port]`` or ``[v6]:port`` (lower case, brackets removed)."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        return authority[1:authority.find("]")] if "]" in authority else authority
    return authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority


def allowed_host(authority: str) -> bool:
    """Whether a ``Host`` header names this server by an address (or ``localhost``)."""
    host = host_part(authority)
    if host in LOCAL_NAMES:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def allowed_origin(origin: str | None, authority: str) -> bool:
    """Whether a WebSocket's ``Origin`` is a page of this server (no ``Origin``: not a
    browser, allowed)."""
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == authority.strip().lower()


class RequestGuard:
    """ASGI middleware: refuse requests whose ``Host`` is a name and WebSockets from
    another origin; pass everything else to ``app``."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {key.decode("latin-1").lower(): value.decode("latin-1")
                   for key, value in scope.get("headers", [])}
        authority = headers.get("host", "")
        if not allowed_host(authority):
            return await self._refuse(scope, send, f"Host {authority!r} is not an address")
        if scope["type"] == "websocket" and not allowed_origin(headers.get("origin"),
                                                               authority):
            return await self._refuse(scope, send,
                                      f"WebSocket from origin {headers.get('origin')!r}")
        return await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope, send, why: str) -> None:
        print(f"healthsim dashboard: refused a request: {why}", file=sys.stderr, flush=True)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
        await send({"type": "http.response.body",
                    "body": b"healthsim dashboard: open it by its address, such as "
                            b"http://127.0.0.1:8765/\n"})
