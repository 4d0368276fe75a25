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

__all__ = [
    "DefinitionError",
    "Problem",
    "item_range",
    "load_definition",
    "scale_range",
    "total_range",
    "with_bands",
]

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
# Bounds that keep checking and answering a form cheap: the longest instruments in use have a
# few hundred items, and groups are nested a level or two.
MAX_ITEMS = 1000
MAX_DEPTH = 10


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
    elif too_big := _over_limits(raw_items):
        loader.fail("items", "items-limit", *too_big)
        raise DefinitionError(loader.problems)
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


def _over_limits(raw_items: list) -> tuple[str, str] | None:
    """(sv, en) saying which bound a form breaks, counting nested items, or None."""
    count = 0
    stack = [(item, 1) for item in raw_items]
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_ITEMS:
            return (
                f"Formuläret har fler än {MAX_ITEMS} frågor; dela upp det.",
                f"The form has more than {MAX_ITEMS} items; split it up.",
            )
        if depth > MAX_DEPTH:
            return (
                f"Grupperna är nästlade i fler än {MAX_DEPTH} nivåer.",
                f"The groups are nested more than {MAX_DEPTH} levels deep.",
            )
        children = item.get("items") if isinstance(item, dict) else None
        if isinstance(children, list):
            stack.extend((child, depth + 1) for child in children)
    return None


def with_bands(
    definition: Definition,
    bands: list[dict[str, Any]],
    *,
    version: str,
    key: str | None = None,
    scale: str = "total",
) -> Definition:
    """Return a copy of ``definition`` with other severity bands for ``scale``, checked again.

    For providers that use other limits (e.g. MADRS-S). The copy must get a new ``version``
    (and may get a new ``key``) so that a stored score says which bands it was given.
    Raise ``DefinitionError`` if the bands break a rule, and ``ValueError`` for an unknown
    scale or an unchanged version.
    """
    if version == definition.version and (key is None or key == definition.key):
        raise ValueError("changed bands need a new version")
    data = definition.to_dict()
    scoring = data.get("scoring", {})
    scales = ([scoring["total"]] if "total" in scoring else []) + scoring.get("subscales", [])
    target = next((s for s in scales if s["id"] == scale), None)
    if target is None:
        raise ValueError(f"{definition.key} has no scale {scale}")
    target["bands"] = bands
    data["version"] = version
    if key is not None:
        data["key"] = key
    return load_definition(data)


def total_range(definition: Definition) -> tuple[float, float] | None:
    """Return the lowest and highest total score ``definition`` allows, or None without one.

    E.g. 0–27 for PHQ-9, 0–54 for MADRS-S: what a chart of the totals must show.
    """
    scale = definition.scoring.total
    if scale is None:
        return None
    ranges = []
    for link in scale.items:
        item = definition.item(link)
        found = item and item_range(
            item, definition.scoring.items.get(link), definition.scoring.lookups
        )
        if found:
            ranges.append(found[:2])
    return scale_range(scale.method, ranges) if ranges else None
