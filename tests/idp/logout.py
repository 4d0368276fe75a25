"""Logout tokens from the test provider (OpenID Connect Back-Channel Logout 1.0).

django-oauth-toolkit sends no logout tokens, so the test provider makes them here with its own
signing key (the one its JWKS publishes) for a user's latest sign-in: `sub` (the user's id, as
in its ID tokens) and `sid` (the session id `validator.py` puts in each ID token). The test
POSTs the token to Stegvis as the provider would. A JSON `change` makes a bad one: `set`
claims, `drop` claims, `iat_offset`/`exp_offset` in seconds, `key: "foreign"` (signed by a
key not in the JWKS, with the JWKS key's kid).
"""

import json
import time
import uuid

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from jwcrypto import jwk, jwt
from oauth2_provider.models import Application
from oauth2_provider.settings import oauth2_settings

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# username -> the `sid` of their latest sign-in (one server process: a dict will do).
LATEST_SID: dict[str, str] = {}


def _claims(request, user: User, client_id: str, change: dict) -> dict:
    now = int(time.time())
    claims = {
        "iss": oauth2_settings.oidc_issuer(request),
        "aud": client_id,
        "iat": now + change.get("iat_offset", 0),
        "exp": now + 120 + change.get("exp_offset", 0),
        "jti": uuid.uuid4().hex,
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
        "sub": str(user.pk),
        "sid": LATEST_SID.get(user.get_username(), ""),
    }
    claims.update(change.get("set", {}))
    for name in change.get("drop", []):
        claims.pop(name, None)
    return claims


@csrf_exempt
@require_POST
def logout_token(request):
    user = User.objects.get(username=request.POST["username"])
    application = Application.objects.get(client_id=request.POST["client_id"])
    change = json.loads(request.POST.get("change") or "{}")
    key = application.jwk_key
    header = {"alg": "RS256", "kid": key.thumbprint(), "typ": "logout+jwt"}
    token = jwt.JWT(header=header, claims=_claims(request, user, application.client_id, change))
    token.make_signed_token(jwk.JWK.generate(kty="RSA", size=2048) if change.get("key") else key)
    return HttpResponse(token.serialize(), content_type="application/jwt")
