"""Matrix entries, one module per area. Every module here is collected automatically.

A module defines `ENTRIES` (a list of `Entry`), optionally `GROUPS` (a list of `Group`) and
optionally `build(sw)` to add the objects its URLs need to the security world.
"""

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    ]


def entries():
    return [entry for module in modules() for entry in getattr(module, "ENTRIES", [])]


def groups():
    return [group for module in modules() for group in getattr(module, "GROUPS", [])]


def builders():
    return [module.build for module in modules() if hasattr(module, "build")]
