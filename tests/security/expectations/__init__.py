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


def _from(module: ModuleType, items: list) -> list:
    # Remember where each entry lives, so that a failure says which file to change.
    name = module.__name__.rsplit(".", 1)[-1]
    for item in items:
        for entry in [item, *getattr(item, "samples", [])]:
            entry.source = f"tests/security/expectations/{name}.py"
    return items


def entries():
    return [e for module in modules() for e in _from(module, getattr(module, "ENTRIES", []))]


def groups():
    return [g for module in modules() for g in _from(module, getattr(module, "GROUPS", []))]


def builders():
    return [module.build for module in modules() if hasattr(module, "build")]
