"""Typed access to an enrollment's pinned release document."""

from stegvis.catalog.document import ReleaseDocument
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.parsed import release_document


def document_of(release: ProgramRelease) -> ReleaseDocument:
    """Return the release's document: checked when released, parsed once per content hash."""
    return release_document(release)


def questionnaire_title(document: ReleaseDocument, key: str, language: str = "sv") -> str:
    """The questionnaire's title in `language` (falling back to Swedish, then its key)."""
    definition = document.questionnaires.get(key) or {}
    title = definition.get("title")
    if isinstance(title, dict):
        return title.get(language) or title.get("sv") or key
    return title or key
