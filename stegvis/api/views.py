"""The OAuth 2.0 endpoints: django-oauth-toolkit's views with Stegvis's pages and limits.

The citizen (or staff member) signs in through allauth, as everywhere (DOT's view redirects to
LOGIN_URL), then sees which app asks for what and allows or refuses it. The token endpoint is
rate limited per address; the FHIR endpoints are limited per client (auth.py).
"""

import json

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import AuthorizationView, RevokeTokenView, TokenView

from stegvis.security.ratelimits import limit_reached, retry_after_seconds

TOKEN_GROUP = "api_token"


class AuthorizeView(AuthorizationView):
    template_name = "api/authorize.html"


_token = TokenView.as_view()
_revoke = RevokeTokenView.as_view()


def _throttled(request) -> HttpResponse | None:
    if not limit_reached(request, TOKEN_GROUP, methods=None):
        return None
    body = {"error": "slow_down", "error_description": "Too many requests; try again later."}
    response = HttpResponse(json.dumps(body), status=429, content_type="application/json")
    response["Retry-After"] = str(retry_after_seconds(request, TOKEN_GROUP))
    return response


@csrf_exempt
def token(request):
    """Issue a token (client credentials, authorization code with PKCE, refresh)."""
    return _throttled(request) or _token(request)


@csrf_exempt
def revoke(request):
    """Revoke a token (RFC 7009), as the client that holds it."""
    return _throttled(request) or _revoke(request)


authorize = AuthorizeView.as_view()
