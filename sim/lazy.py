"""Packages whose public names are imported from their modules on first use (PEP 562).

Why: ``healthsim --help`` and ``--version`` must answer at once, and a command's parser
reads its defaults from a light module of its package (``sim.compare.defaults``, ...);
importing that runs the package's ``__init__``, which must not load pandas, Mesa or
Numba until a name that needs them is read (``tests/test_startup.py``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_names(package: str, modules: dict[str, str],
               computed: dict[str, Callable[[], object]] | None = None,
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name in ``modules`` is
    imported from the module it maps to when first read (and kept, so later reads are
    plain attribute reads); each in ``computed`` is made by calling its function."""
    computed = computed or {}
    namespace = sys.modules[package]

    def get(name: str) -> object:
        if name in computed:
            value = computed[name]()
        elif name in modules:
            value = getattr(importlib.import_module(modules[name]), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(namespace, name, value)
        return value

    def names() -> list[str]:
        return sorted(set(vars(namespace)) | set(modules) | set(computed))

    return get, names
