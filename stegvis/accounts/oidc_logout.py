"""Signing out at the OpenID Connect provider too (OpenID Connect RP-Initiated Logout 1.0).

A session signed in through an OpenID Connect app ends at Stegvis and then at the provider:
the browser is sent to the provider's `end_session_endpoint` (from its discovery document) with
`id_token_hint` (the sign-in's raw ID token, kept in the session by `oidc.py`), `client_id`,
`post_logout_redirect_uri` (Stegvis's signed-out page) and `state`. A provider without the
endpoint, or one that cannot be reached, leaves the sign-out local, as before.
"""

import logging
import secrets
from urllib.parse import urlencode

import requests
from allauth.account.authentication import get_authentication_records
from allauth.account.views import LogoutView
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import resolve_url

from stegvis.accounts.oidc import ID_TOKEN_SESSION_KEY
from stegvis.accounts.oidc_backchannel import forget_session

logger = logging.getLogger(__name__)
# A provider gone from the settings, or whose discovery document cannot be had.
_UNREACHABLE = (requests.RequestException, ValueError, SocialApp.DoesNotExist, ImproperlyConfigured)


def _signed_in_through(request, provider_id: str) -> bool:
    """Whether the session's sign-in was this provider's (not a password typed later)."""
    records = get_authentication_records(request, request.user)
    first = records[0] if records else {}
    return first.get("method") == "socialaccount" and first.get("provider") == provider_id


def end_session_url(request) -> str | None:
    """The provider's end-session URL to send the browser to on sign-out, or None.

    None when the session did not sign in through an OpenID Connect app, or the provider
    publishes no `end_session_endpoint`, or its discovery document cannot be fetched.
    The URL carries the raw ID token: it is never logged.
    """
    kept = request.session.get(ID_TOKEN_SESSION_KEY) or {}
    provider_id = kept.get("provider") or ""
    if not request.user.is_authenticated or not kept.get("id_token"):
        return None
    if not _signed_in_through(request, provider_id):
        return None
    try:
        provider = get_adapter(request).get_provider(request, provider_id)
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except _UNREACHABLE as exc:
        logger.warning("No end-session endpoint from %r: %s", provider_id, type(exc).__name__)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": kept["id_token"],
            "client_id": provider.app.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
            "state": secrets.token_urlsafe(16),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class SignOutView(LogoutView):
    """allauth's sign-out, on to the provider's end-session endpoint after an OpenID Connect
    sign-in even when the form carries a `next` (the design tool's does): the provider's
    post-logout redirect URI is registered, a `next` could not be. Mounted before allauth's."""

    def get_redirect_url(self) -> str:
        return end_session_url(self.request) or super().get_redirect_url()

    def post(self, *args, **kwargs):
        session_key = self.request.session.session_key
        response = super().post(*args, **kwargs)
        forget_session(session_key)  # ended here: no logout token needs to find it
        return response
