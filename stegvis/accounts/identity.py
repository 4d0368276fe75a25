"""Who an OpenID Connect sign-in is: a citizen by the broker's personnummer claim, a member of
staff by the region's IdP's HSA-id claim, and how strong the IdP says the sign-in was (acr).

Each configured provider (SOCIALACCOUNT_PROVIDERS, stegvis/settings.py) carries a `stegvis`
block in its settings: `role` ("citizen" or "staff"), the claim names, and for staff the acr
values accepted as a second factor. docs/identity.md describes the configuration.
"""

from allauth.account.authentication import get_authentication_records
from django.conf import settings

CITIZEN = "citizen"
STAFF = "staff"
# The "mfa" authentication record a strong IdP sign-in leaves (stegvis/accounts/stages.py).
IDP_ASSURANCE = "idp_assurance"
# Set by the social account adapter for the sign-in under way, read by the MFA stage.
PENDING_ASSURANCE_KEY = "stegvis_pending_idp_assurance"


def provider_config(provider_id: str) -> dict:
    """The `stegvis` block of the provider's settings, with the defaults filled in."""
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []):
        if app.get("provider_id") == provider_id:
            block = app.get("settings", {}).get("stegvis", {})
            break
    else:
        block = {}
    return {
        "role": block.get("role", CITIZEN),
        "personnummer_claim": block.get("personnummer_claim", settings.OIDC_PERSONNUMMER_CLAIM),
        "hsa_id_claim": block.get("hsa_id_claim", settings.OIDC_STAFF_HSA_ID_CLAIM),
        "strong_acr": list(block.get("strong_acr", settings.OIDC_STAFF_STRONG_ACR)),
    }


def claims_of(sociallogin) -> dict:
    """The ID token's claims with the userinfo endpoint's on top (both when the IdP gives both).

    `acr` is read from the ID token alone: it is the signed statement of how the person signed
    in, and userinfo need not carry it.
    """
    data = sociallogin.account.extra_data or {}
    id_token = data.get("id_token") or {}
    userinfo = data.get("userinfo") or {}
    if not id_token and not userinfo:
        return dict(data)
    return {**id_token, **userinfo, "acr": id_token.get("acr", "")}


def is_strong(acr: str, accepted: list[str]) -> bool:
    return bool(acr) and acr in accepted


def passed_idp_assurance(request, user) -> bool:
    """Whether this session's second factor was the region's IdP's strong sign-in."""
    return any(
        record.get("method") == "mfa" and record.get("type") == IDP_ASSURANCE
        for record in get_authentication_records(request, user)
    )
