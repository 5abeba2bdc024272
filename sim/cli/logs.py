"""The command line's messages on standard error: the standard ``logging`` module under
the logger ``healthsim`` (modules log to ``healthsim.<name>``), set up once per
``main`` call from ``-v/--verbose`` and ``-q/--quiet``.

Results (tables, "Wrote ...") are printed to standard output; warnings and notes go
here, one line each: ``healthsim: warning: ...``. Only the ``healthsim`` logger is
configured, never the root, and its records still propagate, so a program or a test
(pytest's ``caplog``) that listens at the root hears them too.
"""

from __future__ import annotations

import argparse
import logging
import sys

LOGGER_NAME = "healthsim"
QUIET, NORMAL, VERBOSE = logging.WARNING, logging.INFO, logging.DEBUG


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test may have swapped it),
    as ``logging.lastResort`` does."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler sets it; the property wins
        pass


class _Prefixed(logging.Formatter):
    """``healthsim: warning: message``, as the errors' ``healthsim: error: ...``."""

    def format(self, record: logging.LogRecord) -> str:
        return f"healthsim: {record.levelname.lower()}: {record.getMessage()}"


def add_verbosity_arguments(parser: argparse.ArgumentParser) -> None:
    """``-v/--verbose`` and ``-q/--quiet`` (also: no progress bar) on one command."""
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="also show debugging messages on standard error")
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="no progress bar and no notes: only warnings and errors "
                          "on standard error")


def configure_logging(args: argparse.Namespace | None) -> logging.Logger:
    """Set the ``healthsim`` logger's level from the arguments and give it exactly one
    handler of ours, however often ``main`` runs in one process."""
    logger = logging.getLogger(LOGGER_NAME)
    level = NORMAL
    if args is not None and getattr(args, "verbose", False):
        level = VERBOSE
    elif args is not None and getattr(args, "quiet", False):
        level = QUIET
    logger.setLevel(level)
    if not any(isinstance(h, _CurrentStderr) for h in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(_Prefixed())
        logger.addHandler(handler)
    return logger


def logger(name: str) -> logging.Logger:
    """The logger of one part of the command line, e.g. ``healthsim.sizing``."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}")
