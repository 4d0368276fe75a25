"""Uploaded images and media for the editor's preview, to the provider's own designers only.

The files are not on any public URL; these views serve them inside /design/ (behind the design
guard and Wagtail's admin check) when the user may choose the file in its collection.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from stegvis.design.blocks import (
    AUDIO_EXTENSIONS,
    CAPTION_EXTENSIONS,
    IMAGE_EXTENSIONS,
    VIDEO_EXTENSIONS,
    extension,
)

DOCUMENT_TYPES = {**VIDEO_EXTENSIONS, **AUDIO_EXTENSIONS, **CAPTION_EXTENSIONS}


def _serve(request, obj, types: dict[str, str]):
    policy = policy_registry.get_by_type(type(obj))
    if not policy.user_has_permission_for_instance(request.user, "choose", obj):
        raise Http404
    content_type = types.get(extension(obj.file.name))
    if content_type is None:
        raise Http404
    response = FileResponse(obj.file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def image(request, image_id: int):
    return _serve(request, get_object_or_404(get_image_model(), pk=image_id), IMAGE_EXTENSIONS)


def document(request, document_id: int):
    return _serve(
        request,
        get_object_or_404(get_document_model(), pk=document_id),
        DOCUMENT_TYPES,
    )


def document_file(request, document_id: int, filename: str):
    """A document's own link (`Document.url`, Wagtail's "wagtaildocs_serve"), served as above.

    Wagtail's listing, chooser and usage pages link every document by this name; the public
    wagtail.documents serve view is not mounted, because these files are health content.
    """
    return document(request, document_id)
