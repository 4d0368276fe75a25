from django.http import StreamingHttpResponse

from stegvis.records.services import Download


def streamed(download: Download) -> StreamingHttpResponse:
    """The download streamed to the browser as a file, never cached."""
    response = StreamingHttpResponse(download.chunks, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"
    return response
