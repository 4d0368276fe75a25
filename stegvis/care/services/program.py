"""Typed access to an enrollment's pinned release document."""

from stegvis.catalog.document import ReleaseDocument, validate_document
from stegvis.catalog.models import ProgramRelease

# Releases are immutable, so a parsed document can be kept for the life of the process.
_PARSED: dict[str, ReleaseDocument] = {}


def document_of(release: ProgramRelease) -> ReleaseDocument:
    """Return the release's validated document (parsed once per content hash)."""
    parsed = _PARSED.get(release.content_hash)
    if parsed is None:
        parsed = validate_document(release.document)
        if len(_PARSED) > 256:
            _PARSED.clear()
        _PARSED[release.content_hash] = parsed
    return parsed


def module_titles(document: ReleaseDocument) -> dict[str, str]:
    return {module.key: module.title for module in document.modules}


def questionnaire_title(document: ReleaseDocument, key: str, language: str = "sv") -> str:
    """The questionnaire's title in `language` (falling back to Swedish, then its key)."""
    definition = document.questionnaires.get(key) or {}
    title = definition.get("title")
    if isinstance(title, dict):
        return title.get(language) or title.get("sv") or key
    return title or key
