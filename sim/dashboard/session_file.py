"""A workshop session saved as a small JSON file, and replayed from it.

A facilitator prepares the levers before the workshop, or keeps what a room did to show
the next one: the file holds the settings (economy, A, and B in A/B mode, each with its
migration path) and the months played. Nothing else is needed to get the same screen
back: a run is fixed by its scenarios and seed (``sim/streams.py``), so replaying the
months gives the same numbers (tests/test_dashboard.py checks it). Settings are written
by their dotted paths, as in scenario files (``commissioning.savings_share``); a file
is checked as the controls would check it (``sim.scenario``), and refused with a reason.
"""

from __future__ import annotations

import json
from typing import Any

from sim.dashboard.choices import ArmChoice, Choices
from sim.dashboard.controls import Path
from sim.dashboard.migration_paths import NO_PATH
from sim.errors import UserError

FORMAT = "healthsim-dashboard-session"
VERSION = 1
FILENAME = "healthsim-session.json"
MAX_BYTES = 100_000  # assumption: a session is a few hundred bytes; refuse anything huge


def session_json(choices: Choices, months: int) -> str:
    """The file's text for ``choices`` with ``months`` months played."""
    document = {"format": FORMAT, "version": VERSION, "months_played": int(months),
                "economy": _dotted(choices.economy),
                "arms": [{"migration": arm.migration, "settings": _dotted(arm.values)}
                         for arm in choices.arms]}
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def read_session(data: bytes | str) -> tuple[Choices, int]:
    """The settings and months played of a saved session (``UserError`` says what is wrong)."""
    if len(data) > MAX_BYTES:
        raise UserError(f"a session file is a few hundred bytes; this one has {len(data):,}")
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"not a session file (not JSON: {error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError(f"not a session file (it should say \"format\": \"{FORMAT}\")")
    if document.get("version") != VERSION:
        raise UserError(f"session file version {document.get('version')!r}; this dashboard "
                        f"reads version {VERSION}")
    months = document.get("months_played")
    if not isinstance(months, int) or isinstance(months, bool) or months < 0:
        raise UserError("months_played must be a whole number, 0 or more")
    arms = document.get("arms")
    if not isinstance(arms, list) or not 1 <= len(arms) <= 2:
        raise UserError("a session has one scenario, or two (A and B)")
    economy = _paths(document.get("economy"), "economy")
    read = [_arm(arm, label) for arm, label in zip(arms, "AB", strict=False)]
    return Choices(economy, read[0], read[1] if len(read) > 1 else None), months


def _arm(arm: Any, label: str) -> ArmChoice:
    if not isinstance(arm, dict):
        raise UserError(f"scenario {label}: expected its migration and settings")
    migration = arm.get("migration", NO_PATH)
    if not isinstance(migration, str):
        raise UserError(f"scenario {label}: the migration path is a name")
    return ArmChoice(_paths(arm.get("settings", {}), f"scenario {label}"), migration)


def _dotted(values: dict[Path, Any]) -> dict[str, Any]:
    return {".".join(path): value for path, value in sorted(values.items())}


def _paths(values: Any, where: str) -> dict[Path, Any]:
    """Dotted keys back to paths (the values are checked when the scenario is built)."""
    if not isinstance(values, dict):
        raise UserError(f"{where}: expected settings by name")
    if not all(isinstance(key, str) and key for key in values):
        raise UserError(f"{where}: every setting needs a name")
    return {tuple(key.split(".")): value for key, value in values.items()}
