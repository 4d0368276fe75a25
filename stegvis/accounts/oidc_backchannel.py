"""Logout that the identity provider starts: OpenID Connect Back-Channel Logout 1.0.

When a person's session at the e-ID broker or the region's IdP ends, the provider POSTs a
logout token (a JWT it signs) to `/accounts/backchannel-logout/<provider id>/`, server to
server, without the person's browser. Stegvis checks the token (`logout_claims`: signature by
a key in the provider's JWKS, as for ID tokens; issuer, audience, `iat` and `exp`, the
back-channel-logout event, `sub` and/or `sid`, no `nonce`, not seen before) and ends every
Stegvis session that sign-in at the provider started (`end_sessions`), found through the
`IdpSession` rows written when those sign-ins completed (`remember_sign_in`).

Answers: 200 when the token is good (also when no session was left to end), 400 with a JSON
`{"error": "invalid_request", "error_description": ...}` for a bad token, 404 for a provider
Stegvis does not have, 503 when the provider's discovery document or keys cannot be had (the
provider may send again), 429 over the rate limit. Never a 500, never a page.
"""

import logging
import time
from importlib import import_module

import jwt
import requests
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stegvis.accounts.models import IdpSession
from stegvis.accounts.oidc import ID_TOKEN_SESSION_KEY, SIGNING_ALGORITHMS
from stegvis.audit.recording import record_change
from stegvis.db import atomic_write
from stegvis.security.ratelimits import limit_reached, retry_after_seconds

logger = logging.getLogger(__name__)

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# Seconds of clock difference allowed with the provider, and how old a logout token may be:
# it is sent the moment the provider's session ends, so an old one is a replay.
LEEWAY_SECONDS = 60
MAX_AGE_SECONDS = 600
RATE_LIMIT_GROUP = "oidc_backchannel_logout"
# Where seen `jti`s are kept: the shared cache (every app process must see them).
_SEEN_CACHE = "ratelimit"


class LogoutTokenError(Exception):
    """The logout token is refused; `reason` is a short code safe to log and to answer with."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProviderUnavailable(Exception):
    """The provider's discovery document or JWKS could not be fetched."""


_JWT_REASONS = (
    (jwt.InvalidSignatureError, "signature"),
    (jwt.InvalidAudienceError, "audience"),
    (jwt.InvalidIssuerError, "issuer"),
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "iat"),
    (jwt.InvalidIssuedAtError, "iat"),
    (jwt.MissingRequiredClaimError, "missing_claim"),
)


def _signing_key(token: str, jwks_uri: str):
    """The algorithm and the provider's key the token's header names (asymmetric only)."""
    try:
        algorithm = jwt.get_unverified_header(token).get("alg")
    except jwt.PyJWTError:
        raise LogoutTokenError("malformed") from None
    if algorithm not in SIGNING_ALGORITHMS:
        raise LogoutTokenError("signature")
    try:
        _alg, key = jwtkit.fetch_key(token, jwks_uri, jwtkit.lookup_kid_jwk)
    except requests.RequestException:
        raise ProviderUnavailable("jwks") from None
    except (OAuth2Error, KeyError, TypeError, ValueError, jwt.PyJWTError):
        raise LogoutTokenError("signature") from None  # no kid, or a kid not in the JWKS
    return algorithm, key


def _decoded(token: str, *, issuer: str, client_id: str, jwks_uri: str) -> dict:
    algorithm, key = _signing_key(token, jwks_uri)
    try:
        return jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "iat", "exp"]},
        )
    except jwt.PyJWTError as exc:
        for kind, reason in _JWT_REASONS:
            if isinstance(exc, kind):
                raise LogoutTokenError(reason) from None
        raise LogoutTokenError("malformed") from None


def _check_content(claims: dict, now: float) -> None:
    """What makes a JWT a logout token (Back-Channel Logout 1.0, 2.4 and 2.6)."""
    if not isinstance(claims.get("iat"), int | float) or claims["iat"] < now - MAX_AGE_SECONDS:
        raise LogoutTokenError("stale")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_LOGOUT_EVENT), dict):
        raise LogoutTokenError("events")
    sub, sid = claims.get("sub"), claims.get("sid")
    if not (sub or sid) or not all(isinstance(v, str) for v in (sub, sid) if v is not None):
        raise LogoutTokenError("subject")
    if "nonce" in claims:
        raise LogoutTokenError("nonce")


def _first_time(claims: dict) -> None:
    """Refuse a token already used (its `jti`, for as long as it could be accepted)."""
    jti = claims.get("jti")
    if not jti:
        return
    seen = caches[_SEEN_CACHE].add(
        f"stegvis.bcl.{claims['iss']}.{jti}", True, timeout=MAX_AGE_SECONDS + 2 * LEEWAY_SECONDS
    )
    if not seen:
        raise LogoutTokenError("replayed")


def logout_claims(
    token: str, *, issuer: str, client_id: str, jwks_uri: str, now: float | None = None
) -> dict:
    """The claims of a valid logout token; LogoutTokenError(reason) for anything else."""
    now = time.time() if now is None else now
    if not isinstance(token, str) or not token:
        raise LogoutTokenError("missing_token")
    claims = _decoded(token, issuer=issuer, client_id=client_id, jwks_uri=jwks_uri)
    _check_content(claims, now)
    _first_time(claims)
    return claims


def remember_sign_in(request, user) -> None:
    """After a completed sign-in through an OpenID Connect provider, note which provider
    session (`sub`, `sid`) this Stegvis session belongs to. Other sign-ins note nothing."""
    kept = request.session.get(ID_TOKEN_SESSION_KEY) or {}
    provider_id, sub = kept.get("provider") or "", kept.get("sub") or ""
    if not provider_id or not sub:
        return
    records = get_authentication_records(request, user)
    first = records[0] if records else {}
    if first.get("method") != "socialaccount" or first.get("provider") != provider_id:
        return
    if not request.session.session_key:
        request.session.save()
    IdpSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "provider_id": provider_id,
            "sub": sub,
            "sid": kept.get("sid") or "",
            "user": user,
        },
    )


def forget_session(session_key: str | None) -> None:
    """The session ended at Stegvis (signed out): no logout token needs to find it."""
    if session_key:
        IdpSession.objects.filter(session_key=session_key).delete()


@atomic_write
def end_sessions(provider_id: str, *, sub: str | None, sid: str | None) -> int:
    """End every Stegvis session the provider's session (`sid`) or user (`sub`) started.

    With both, only sessions matching both end. Each person signed out gets an access event
    (`oidc.backchannel_logout`). Returns how many sessions were ended.
    """
    rows = IdpSession.objects.select_for_update().filter(provider_id=provider_id)
    if sub:
        rows = rows.filter(sub=sub)
    if sid:
        rows = rows.filter(sid=sid)
    ended = list(rows.select_related("user"))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for row in ended:
        store.delete(row.session_key)
    keys = [row.session_key for row in ended]
    UserSession.objects.filter(session_key__in=keys).delete()
    IdpSession.objects.filter(session_key__in=keys).delete()
    for user in {row.user_id: row.user for row in ended}.values():
        record_change(
            actor=user,
            action="oidc.backchannel_logout",
            target_label=("socialaccount.provider", provider_id),
        )
    return len(ended)


def _error(status: int, error: str, description: str) -> JsonResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _provider_config(request, provider_id: str) -> tuple[dict, str]:
    """The provider's discovery document and Stegvis's client id there."""
    provider = get_adapter(request).get_provider(request, provider_id)
    try:
        config = provider.get_oauth2_adapter(request).openid_config
        return {"issuer": config["issuer"], "jwks_uri": config["jwks_uri"]}, provider.app.client_id
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise ProviderUnavailable("discovery") from exc


@csrf_exempt  # the provider posts server to server: no browser, no cookie, no CSRF token
@login_not_required
@never_cache
@require_POST
def backchannel_logout(request, provider_id: str):
    """Receive a logout token from `provider_id` and end the sessions it names."""
    if limit_reached(request, RATE_LIMIT_GROUP, methods=None):
        response = _error(429, "temporarily_unavailable", "Too many logout requests.")
        response["Retry-After"] = str(retry_after_seconds(request, RATE_LIMIT_GROUP))
        return response
    try:
        config, client_id = _provider_config(request, provider_id)
        claims = logout_claims(
            request.POST.get("logout_token", ""),
            issuer=config["issuer"],
            client_id=client_id,
            jwks_uri=config["jwks_uri"],
        )
    except (SocialApp.DoesNotExist, ImproperlyConfigured):
        return _error(404, "invalid_request", "No such identity provider.")
    except ProviderUnavailable as exc:
        logger.warning("Back-channel logout from %r: provider unavailable (%s)", provider_id, exc)
        return _error(503, "temporarily_unavailable", "The provider's keys could not be fetched.")
    except LogoutTokenError as exc:
        logger.warning("Refused a logout token from %r: %s", provider_id, exc.reason)
        return _error(400, "invalid_request", f"The logout token is not valid ({exc.reason}).")
    ended = end_sessions(provider_id, sub=claims.get("sub"), sid=claims.get("sid"))
    logger.info("Back-channel logout from %r ended %s sessions.", provider_id, ended)
    response = JsonResponse({}, status=200)
    response["Cache-Control"] = "no-store"
    return response
