"""The parsed document of a stored release, for every page that shows or runs it.

A release is checked in full once, by `create_release` (made in the design tool or imported
from a program file), and is immutable after that. Pages parse its document without checking
the questionnaires and references again (`parse_trusted`), and keep the result per content
hash for the life of the process: a release with a long questionnaire costs its check once.
"""

from stegvis.catalog.document import ReleaseDocument, parse_trusted
from stegvis.catalog.models import ProgramRelease

_PARSED: dict[str, ReleaseDocument] = {}
_MAX_KEPT = 256


def release_document(release: ProgramRelease) -> ReleaseDocument:
    """Return the release's document, parsed once per content hash."""
    parsed = _PARSED.get(release.content_hash)
    if parsed is None:
        parsed = parse_trusted(release.document)
        if len(_PARSED) >= _MAX_KEPT:
            _PARSED.clear()
        _PARSED[release.content_hash] = parsed
    return parsed


def forget_parsed() -> None:
    """Drop what is kept (for tests)."""
    _PARSED.clear()
