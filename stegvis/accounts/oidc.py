"""allauth's OpenID Connect provider with a nonce (OpenID Connect Core 3.1.2.1).

allauth sends `state` and PKCE but no nonce. This provider sends a fresh one with each
authorization request and keeps it in the sign-in's stashed state; the social account adapter
refuses an ID token that does not carry it back (`nonce_matches`). Installed through
SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"].
"""

import hmac
import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

NONCE_STATE_KEY = "stegvis_oidc_nonce"


class NonceOpenIDConnectProvider(OpenIDConnectProvider):
    # allauth finds the provider's URLs and templates by its package.
    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
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
