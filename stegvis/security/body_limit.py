"""Refuse a request body that is too large before anything reads it.

Django parses a POST body the first time anything touches `request.POST` or `request.FILES`
(the CSRF middleware does, for every POST), writing files above FILE_UPLOAD_MAX_MEMORY_SIZE
to temporary files. Without this check a 60 MB upload was read whole, before the views' size
checks and rate limits ran. A declared `Content-Length` above the limit for the path is
answered 413 at once. A chunked body has no length to check: the reverse proxy's
`client_max_body_size` bounds it (docs/security.md).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def body_limit(path: str) -> int:
    """The largest body, in bytes, a request to `path` may have."""
    for prefix, limit in settings.REQUEST_BODY_LIMITS_BY_PATH:
        if path.startswith(prefix):
            return limit
    return settings.MAX_REQUEST_BODY_BYTES


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request.path_info)
        if length > limit:
            text = _("The request is too large (at most %(limit)s MB).") % {
                "limit": round(limit / 2**20)
            }
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
