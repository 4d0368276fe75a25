"""Find and store definitions: built-in ones from the library, the rest in the database."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .definition import load_definition
from .fhir import ImportResult, questionnaire_from_fhir
from .library import BUILTIN_KEYS, builtin
from .messages import Text, text
from .models import StoredDefinition
from .schema import Definition


class InstrumentNotFound(LookupError):
    def __init__(self, key: str, version: str | None = None):
        what = f"{key} {version}" if version else key
        self.message: Text = text(f"Okänt formulär: {what}.", f"Unknown instrument: {what}.")
        super().__init__(self.message["en"])


class DefinitionConflict(ValueError):
    def __init__(self, key: str, version: str):
        self.message: Text = text(
            f"{key} version {version} finns redan med annat innehåll; ge den nya en ny version.",
            f"{key} version {version} already exists with other content; give the new one a "
            f"new version.",
        )
        super().__init__(self.message["en"])


# Stored definitions never change once stored (a change is a new version), so a definition
# loaded for (key, version) can be kept: it is a per-process cache, never shared state.
_LOADED: dict[tuple[str, str], Definition] = {}
_LOADED_MAX = 256


def get_definition(key: str, version: str | None = None) -> Definition:
    """Return definition ``key``: a built-in one, or the stored one (latest, or ``version``).

    Raise ``InstrumentNotFound`` if there is none.
    """
    if key in BUILTIN_KEYS:
        definition = builtin(key)
        if version is None or version == definition.version:
            return definition
        raise InstrumentNotFound(key, version)
    rows = StoredDefinition.objects.filter(key=key)
    if version is not None:
        rows = rows.filter(version=version)
    found = rows.order_by("-imported_at", "-id").values_list("id", "version").first()
    if found is None:
        raise InstrumentNotFound(key, version)
    row_id, version = found
    cached = _LOADED.get((key, version))
    if cached is None:
        data = StoredDefinition.objects.values_list("definition", flat=True).get(id=row_id)
        cached = load_definition(data)
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.clear()
        _LOADED[(key, version)] = cached
    return cached


def store_definition(definition: Definition, *, source: str = "") -> StoredDefinition:
    """Store one version of a definition; storing the same content again changes nothing.

    Raise ``DefinitionConflict`` if that key and version exist with other content, and
    ``ValueError`` for a built-in key.
    """
    if definition.key in BUILTIN_KEYS:
        raise ValueError(f"{definition.key} is a built-in instrument")
    data = definition.to_dict()
    with transaction.atomic():
        row, created = StoredDefinition.objects.select_for_update().get_or_create(
            key=definition.key,
            version=definition.version,
            defaults={"definition": data, "source": source[:500]},
        )
    if not created and row.definition != data:
        raise DefinitionConflict(definition.key, definition.version)
    return row


def import_fhir_questionnaire(
    data: Any, *, source: str = ""
) -> tuple[StoredDefinition, ImportResult]:
    """Import a FHIR Questionnaire and store the definition; return the row and the report."""
    result = questionnaire_from_fhir(data)
    row = store_definition(result.definition, source=source or result.definition.source)
    return row, result
