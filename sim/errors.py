"""Errors the user can fix: reported as one paragraph, exit code 2, no traceback."""


class UserError(Exception):
    """Bad input or an unusable environment that the user can correct."""


class ScenarioError(UserError):
    """A scenario file that cannot be read or does not validate."""


class MachineError(Exception):
    """The machine could not do what was asked (disk full, a file vanished, permissions
    changed mid-run): reported as one paragraph, exit code 1, no traceback."""
