"""Serving a release's media file (images, video, audio, captions) to those who may see it.

One path for every portal: the files are health content, so no cache may keep them
(`no-store`), and the checked content type is the only one a browser may assume.
"""

from django.http import FileResponse, Http404

from stegvis.catalog.models import ReleaseMedia


def release_media_response(release_id: int, name: str) -> FileResponse:
    """The named media file of the release; 404 when the release has no such file."""
    item = ReleaseMedia.objects.filter(release_id=release_id, name=name).first()
    if item is None or not item.file:
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
