"""The built-in instruments: PHQ-9, GAD-7, MADRS-S and EQ-5D-5L.

Each module holds the definition's JSON form with its source and licence notice; they are
checked by ``load_definition`` on first use like any other definition.
"""

from __future__ import annotations

import copy
from functools import cache

from ..definition import load_definition
from ..schema import Definition
from . import eq5d5l, gad7, madrs_s, phq9

_MODULES = {"phq9": phq9, "gad7": gad7, "madrs-s": madrs_s, "eq5d5l": eq5d5l}
BUILTIN_KEYS = tuple(_MODULES)


def builtin_data(key: str) -> dict:
    """Return a copy of the JSON form of built-in ``key``; raise ``KeyError`` if unknown."""
    return copy.deepcopy(_MODULES[key].DEFINITION)


@cache
def builtin(key: str) -> Definition:
    """Return built-in definition ``key``; raise ``KeyError`` if there is none."""
    return load_definition(_MODULES[key].DEFINITION)
