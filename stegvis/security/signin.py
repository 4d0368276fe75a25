"""Rate limits on the citizen e-ID sign-in (OpenID Connect), which allauth does not limit.

allauth limits password sign-in (`login`, `login_failed`) and TOTP codes (`login_failed` per
user). The OpenID Connect start and callback views are its socialaccount's and carry no limit:
this middleware counts every request to them per IP address (`RATE_LIMITS["oidc_sign_in"]`).
"""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from stegvis.security.ratelimits import _rate

OIDC_PREFIX = "/accounts/oidc/"


class OidcSignInRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info.startswith(OIDC_PREFIX) and is_ratelimited(
            request,
            group="stegvis.oidc_sign_in",
            key="ip",
            rate=_rate("oidc_sign_in"),
            increment=True,
        ):
            from allauth.core.internal.ratelimit import respond_429

            return respond_429(request)
        return self.get_response(request)
