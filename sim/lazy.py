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


def lazy_names(package: str, modules: dict[str, tuple[str, ...]],
               computed: dict[str, Callable[[], object]] | None = None,
               ) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """The ``__getattr__``, ``__dir__`` and ``__all__`` of ``package``: each name listed
    under a module in ``modules`` is imported from it when first read (and kept, so
    later reads are plain attribute reads); each in ``computed`` is made by calling its
    function. ``__all__`` is every one of those names."""
    computed = computed or {}
    namespace = sys.modules[package]
    home = {name: module for module, names in modules.items() for name in names}
    public = sorted([*home, *computed])

    def get(name: str) -> object:
        if name in computed:
            value = computed[name]()
        elif name in home:
            value = getattr(importlib.import_module(home[name]), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(namespace, name, value)
        return value

    def names() -> list[str]:
        return sorted(set(vars(namespace)) | set(public))

    return get, names, public
