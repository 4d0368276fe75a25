"""Response headers that Django's SecurityMiddleware does not set."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    """Add Permissions-Policy and Cross-Origin-Resource-Policy; keep signed-in pages out of caches.

    Pages for signed-in people may show health data, so neither the browser nor a proxy may
    store them (a shared computer's back button or disk cache must not reveal them). A view that
    chose its own Cache-Control keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
