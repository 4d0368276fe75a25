"""Build a ``Definition`` from its JSON form, refusing one that breaks a rule.

Every problem names where it is (an item's linkId, or a path in the scoring), the rule it
breaks, and a message in Swedish and English. All problems are collected, not just the first.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import DefinitionError, Problem
from .loader_scoring import Loader, item_range, scale_range
from .schema import Definition, Item

__all__ = ["DefinitionError", "Problem", "item_range", "load_definition", "scale_range"]

SCHEMA = "stegvis-instrument/1"
TOP_FIELDS = {
    "schema",
    "key",
    "version",
    "title",
    "url",
    "codes",
    "source",
    "licence",
    "items",
    "scoring",
}
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def load_definition(data: Any) -> Definition:
    """Build and check a definition from its JSON form.

    Raise ``DefinitionError`` listing every broken rule.
    """
    loader = Loader()
    if not isinstance(data, dict):
        loader.fail(
            "definition",
            "definition-object",
            "Definitionen måste vara ett objekt.",
            "The definition must be an object.",
        )
        raise DefinitionError(loader.problems)
    loader.known_fields(data, TOP_FIELDS, "definition")
    if data.get("schema", SCHEMA) != SCHEMA:
        loader.fail(
            "schema",
            "schema",
            f"Okänd schemaversion; den här versionen läser {SCHEMA}.",
            f"Unknown schema version; this version reads {SCHEMA}.",
        )
    key = data.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        loader.fail(
            "key",
            "key",
            "Nyckeln måste bestå av små bokstäver, siffror, punkt, - eller _.",
            "The key must be lower-case letters, digits, dot, - or _.",
        )
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        loader.fail(
            "version", "version", "Definitionen saknar version.", "The definition has no version."
        )
    title = loader.texts(data.get("title"), "title")
    raw_items = data.get("items")
    items: tuple[Item, ...] = ()
    if not isinstance(raw_items, list) or not raw_items:
        loader.fail("items", "items", "Formuläret har inga frågor.", "The form has no items.")
    else:
        items = tuple(i for n, r in enumerate(raw_items) if (i := loader.item(r, f"items[{n}]")))
    loader.check_conditions()
    scoring = loader.scoring(data.get("scoring"))
    if loader.problems:
        raise DefinitionError(loader.problems)
    return Definition(
        key=key,
        version=version,
        title=title,
        items=items,
        scoring=scoring,
        source=str(data.get("source") or ""),
        licence=str(data.get("licence") or ""),
        codes=loader.codings(data.get("codes"), "codes"),
        url=data.get("url"),
    )
