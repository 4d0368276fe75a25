"""An enrollment's pinned release document, read through the document's typed methods."""

from stegvis.catalog.document import ReleaseDocument
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.parsed import release_document


def document_of(release: ProgramRelease) -> ReleaseDocument:
    """Return the release's document: checked when released, parsed once per content hash."""
    return release_document(release)
