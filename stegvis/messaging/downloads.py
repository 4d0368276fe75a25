"""Serving a stored attachment: always as a download, with its checked type and no sniffing."""

from django.http import FileResponse, Http404

from stegvis.messaging import attachments
from stegvis.messaging.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    path = attachments.path_of(attachment.storage_name)
    if not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
