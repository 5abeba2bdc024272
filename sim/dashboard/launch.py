"""``python -m sim.dashboard.launch ARGS``: ``solara run ARGS`` with the request guard.

Solara's command line starts uvicorn on its own ASGI app (``SOLARA_ASGI_APP``), named
by a string; this launcher wraps that app in ``RequestGuard`` as uvicorn loads it, and
otherwise leaves ``solara run`` exactly as it is.
"""

from __future__ import annotations

import sys

SOLARA_ASGI_APP = "solara.server.starlette:app"


def guard_solara() -> None:
    """Make uvicorn load Solara's app behind ``RequestGuard``."""
    import uvicorn.config

    from sim.dashboard.request_guard import RequestGuard

    load = uvicorn.config.import_from_string

    def guarded(import_str):
        app = load(import_str)
        return RequestGuard(app) if import_str == SOLARA_ASGI_APP else app

    uvicorn.config.import_from_string = guarded


def main(argv: list[str]) -> None:
    guard_solara()
    from solara.__main__ import main as solara_main

    sys.argv = ["solara", *argv]
    solara_main()


if __name__ == "__main__":
    main(sys.argv[1:])
