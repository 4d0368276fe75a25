"""Rate limits by path, for views we do not own: the e-ID sign-in and the design tool's uploads.

allauth limits password sign-in (`login`, `login_failed`) and TOTP codes (`login_failed` per
user), but not its OpenID Connect start and callback views; Wagtail does not limit image and
document uploads. `RATE_LIMITED_PATHS` lists (path prefix, group, what counts):
"any" counts every request, "files" only POSTs that carry files.
"""

from django.conf import settings
from django.http import HttpRequest

from stegvis.security.ratelimits import limit_reached, rate_limited_response


class PathRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        for prefix, group, counts in settings.RATE_LIMITED_PATHS:
            if not request.path_info.startswith(prefix):
                continue
            if counts == "files" and not (request.method == "POST" and request.FILES):
                continue
            if limit_reached(request, group, methods=None):
                return rate_limited_response(request, group, methods=None)
        return self.get_response(request)
