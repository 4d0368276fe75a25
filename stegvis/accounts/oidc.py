"""allauth's OpenID Connect provider with a nonce, and its callback with the ID token's
signature always checked.

allauth sends `state` and PKCE but no nonce. This provider sends a fresh one with each
authorization request (OpenID Connect Core 3.1.2.1) and keeps it in the sign-in's stashed
state; the social account adapter refuses an ID token that does not carry it back
(`nonce_matches`). Installed through SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"].
The callback (`callback`, mounted in stegvis/urls.py before allauth's) checks the signature
against the provider's JWKS and keeps the raw token for sign-out (`oidc_logout.py`), with its
`sub` and `sid` for logout the provider starts (`oidc_backchannel.py`).
"""

import hmac
import logging
import re
import secrets

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NONCE_STATE_KEY = "stegvis_oidc_nonce"
# Provider ids the callback route (`<slug:provider_id>`, stegvis/urls.py) matches.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class NonceOpenIDConnectProvider(OpenIDConnectProvider):
    # allauth finds the provider's URLs and templates by its package.
    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        if not _SLUG.fullmatch(self.app.provider_id):
            # Its callback would reach allauth's view, which may skip the signature check.
            raise ImproperlyConfigured(
                f"OpenID Connect provider id {self.app.provider_id!r} must be a slug"
            )
        nonce = secrets.token_urlsafe(24)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        kwargs[NONCE_STATE_KEY] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params={**auth_params, "nonce": nonce}, **kwargs
        )


def nonce_matches(sociallogin) -> bool:
    """Whether the ID token carries the nonce this sign-in sent."""
    sent = (sociallogin.state or {}).get(NONCE_STATE_KEY) or ""
    id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
    received = str(id_token.get("nonce") or "")
    return bool(sent) and hmac.compare_digest(sent, received)


# The raw ID token of the session's OpenID Connect sign-in, for `id_token_hint` at sign-out.
ID_TOKEN_SESSION_KEY = "stegvis_oidc_id_token"
# Signatures a provider may use: asymmetric only, so a public JWKS key can never be taken for
# an HMAC secret (and "none" is never accepted).
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")


class IdTokenSignatureError(Exception):
    """The ID token's signature is missing, of a refused kind, or not by a key in the JWKS."""


def verify_id_token_signature(id_token: str, jwks_uri: str) -> None:
    """Check the ID token's signature against the provider's published keys (JWKS).

    Only the signature: issuer, audience, expiry and the rest are allauth's (`jwtkit`).
    """
    try:
        algorithm = jwt.get_unverified_header(id_token).get("alg")
        if algorithm not in SIGNING_ALGORITHMS:
            raise IdTokenSignatureError(f"refused algorithm {algorithm!r}")
        _alg, key = jwtkit.fetch_key(id_token, jwks_uri, jwtkit.lookup_kid_jwk)
        jwt.decode(
            id_token,
            key=key,
            algorithms=[algorithm],
            options={
                "verify_signature": True,
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "verify_iss": False,
                "verify_aud": False,
            },
        )
    except (jwt.PyJWTError, OAuth2Error, KeyError, TypeError, ValueError) as exc:
        raise IdTokenSignatureError(type(exc).__name__) from exc


class VerifyingOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter, but the ID token's signature is always checked against the JWKS.

    allauth skips the signature of a token fetched straight from the token endpoint (OpenID
    Connect Core 3.1.3.7 allows it over TLS); Stegvis does not rely on the transport: an `http`
    issuer set by mistake or a proxy in the way must not be able to hand it a forged token.
    The raw token is kept in the session for `id_token_hint` at sign-out.
    """

    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        id_token = (kwargs.get("response") or {}).get("id_token")
        if id_token:
            claims = (login.account.extra_data or {}).get("id_token") or {}
            # `sub` and `sid` (verified above) say which provider session a logout token ends
            # (oidc_backchannel.py).
            request.session[ID_TOKEN_SESSION_KEY] = {
                "provider": self.provider_id,
                "id_token": id_token,
                "sub": str(claims.get("sub") or login.account.uid or ""),
                "sid": str(claims.get("sid") or ""),
            }
        return login

    def _decode_id_token(self, app, id_token: str) -> dict:
        jwks_uri = self.openid_config["jwks_uri"]
        try:
            verify_id_token_signature(id_token, jwks_uri)
        except IdTokenSignatureError as exc:
            logger.warning("An ID token through %r has a bad signature: %s", self.provider_id, exc)
            get_adapter(self.request).refuse(
                self.request, self.provider_id, "signature", _("The sign-in could not be verified.")
            )
        # The signature is checked just above; allauth checks issuer, audience and expiry.
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=jwks_uri,
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=False,
        )


@login_not_required
def callback(request, provider_id: str):
    """allauth's OpenID Connect callback with the verifying adapter (mounted before allauth's)."""
    try:
        view = OAuth2CallbackView.adapter_view(VerifyingOpenIDConnectAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
