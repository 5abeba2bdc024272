"""Errors the user can fix: reported as one paragraph, exit code 2, no traceback."""


class UserError(Exception):
    """Bad input or an unusable environment that the user can correct."""


class ScenarioError(UserError):
    """A scenario file that cannot be read or does not validate."""


class MachineError(Exception):
    """The machine could not do what was asked (disk full, a file vanished, permissions
    changed mid-run): reported as one paragraph, exit code 1, no traceback."""


class ModelArgumentError(UserError, TypeError):
    """``HealthEconomy`` was given arguments it cannot use: an unknown lever keyword,
    both ``rng`` and ``seed``, or a scenario that is not a ``Scenario``. A ``TypeError``
    too, as Python's own unexpected-keyword error is, so Mesa tools that catch that
    catch this."""


class RunFinishedError(UserError, RuntimeError):
    """``step()`` on a model whose scenario's months are all simulated: stepping on would
    simulate a month the scenario does not have, so it is refused; build a new model."""
