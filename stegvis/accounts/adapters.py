"""How allauth fits Stegvis: no open sign-up, citizens from e-ID claims, MFA kept by staff."""

import logging
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.accounts.identity import (
    CITIZEN,
    PENDING_ASSURANCE_KEY,
    STAFF,
    claims_of,
    is_strong,
    provider_config,
)
from stegvis.accounts.landing import landing_url
from stegvis.accounts.oidc import nonce_matches
from stegvis.accounts.oidc_backchannel import remember_sign_in
from stegvis.audit.recording import record_change
from stegvis.db import atomic_write
from stegvis.organisation.identifiers import normalise_personnummer
from stegvis.organisation.models import User
from stegvis.security.client_ip import client_ip

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Staff are registered by their provider and citizens by a unit or through e-ID.
        return False

    def get_login_redirect_url(self, request) -> str:
        # The design tool, the clinic and the portal register whom they take (landing.py).
        return landing_url(request.user) or super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        # Behind a trusted proxy, X-Forwarded-For's client (stegvis/security/client_ip.py).
        return client_ip(request) or super().get_client_ip(request)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # The session key is final now: note the provider session behind it, if any.
        remember_sign_in(request, user)
        return response

    def get_login_stages(self) -> list[str]:
        # A strong sign-in at the region's IdP stands in for the TOTP stage (stages.py).
        return [
            "stegvis.accounts.stages.IdpAssuranceOrMfaStage"
            if path == "allauth.mfa.stages.AuthenticateStage"
            else path
            for path in super().get_login_stages()
        ]


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff must keep a second factor; they may add a new one but not remove the last.
        user = authenticator.user
        if not user.is_care_staff:
            return True
        others = user.authenticator_set.exclude(pk=authenticator.pk).filter(
            type__in=["totp", "webauthn"]
        )
        return others.exists()


def personnummer_from_claims(claims: dict, claim: str | None = None) -> str:
    """Return the validated 12-digit personnummer from the identity provider's claims."""
    raw = str(claims.get(claim or settings.OIDC_PERSONNUMMER_CLAIM) or "")
    return normalise_personnummer(raw)


def _keep_only_unused_addresses(sociallogin) -> None:
    """Drop a broker's e-mail another account uses, and verify none: the citizen confirms an
    address in their settings. (allauth would otherwise show its sign-up form on a clash.)"""
    kept = []
    for address in sociallogin.email_addresses:
        taken = User.objects.filter(email__iexact=address.email).exists()
        taken = taken or EmailAddress.objects.filter(email__iexact=address.email).exists()
        if not taken:
            address.verified = False
            address.primary = not kept
            kept.append(address)
    sociallogin.email_addresses = kept


@atomic_write
def _record_refusal(reason: str) -> None:
    # No actor, citizen or provider: the refused person is not known (chain 0).
    record_change(actor=None, action=f"oidc_sign_in_refused:{reason}")


class OidcAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect sign-in: citizens by the e-ID broker's personnummer claim (created or
    linked on their first sign-in, with no form), staff by the region's IdP's HSA-id claim
    (only staff Stegvis already has; the IdP's acr may stand in for the second factor)."""

    def _refuse(self, request, sociallogin, reason: str, message: str):
        self.refuse(request, sociallogin.account.provider, reason, message)

    def refuse(self, request, provider_id: str, reason: str, message: str):
        """End the sign-in with a page saying why, and an access-log event (no identity)."""
        logger.warning("Refused an OpenID Connect sign-in through %r: %s", provider_id, reason)
        _record_refusal(reason)
        response = render(request, "account/sign_in_refused.html", {"message": message})
        response.status_code = 403
        raise ImmediateHttpResponse(response)

    def pre_social_login(self, request, sociallogin) -> None:
        request.session.pop(PENDING_ASSURANCE_KEY, None)
        if not nonce_matches(sociallogin):
            self._refuse(request, sociallogin, "nonce", _("The sign-in could not be verified."))
        config = provider_config(sociallogin.account.provider)
        if config["role"] == STAFF:
            self._staff_sign_in(request, sociallogin, config)
        else:
            self._citizen_sign_in(request, sociallogin, config)

    def _citizen_sign_in(self, request, sociallogin, config: dict) -> None:
        try:
            digits = personnummer_from_claims(claims_of(sociallogin), config["personnummer_claim"])
        except ValidationError:
            self._refuse(
                request,
                sociallogin,
                "personnummer",
                _("The e-ID sign-in did not give a valid personnummer."),
            )
        existing = User.objects.filter(personnummer=digits).first()
        if existing is not None and not existing.is_active:
            self._refuse(request, sociallogin, "inactive", _("This account is not active."))
        if sociallogin.is_existing and sociallogin.user.personnummer != digits:
            self._refuse(
                request, sociallogin, "mismatch", _("This e-ID belongs to another account.")
            )
        if existing is not None and not sociallogin.is_existing:
            sociallogin.connect(request, existing)
        elif existing is None:
            _keep_only_unused_addresses(sociallogin)

    def _staff_sign_in(self, request, sociallogin, config: dict) -> None:
        claims = claims_of(sociallogin)
        hsa_id = str(claims.get(config["hsa_id_claim"]) or "").strip()
        staff = (
            User.objects.filter(kind=User.Kind.STAFF, hsa_id=hsa_id, is_active=True).first()
            if hsa_id
            else None
        )
        if staff is None or (sociallogin.is_existing and sociallogin.user.pk != staff.pk):
            self._refuse(
                request,
                sociallogin,
                "unknown_staff",
                _(
                    "Your organisation's sign-in did not match an active member of staff in "
                    "Stegvis. Ask your care provider's administrator to add you."
                ),
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, staff)
        acr = str(claims.get("acr") or "")
        if is_strong(acr, config["strong_acr"]):
            request.session[PENDING_ASSURANCE_KEY] = {
                "user": staff.pk,
                "provider": sociallogin.account.provider,
                "acr": acr,
                "at": time.time(),
            }

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Citizens are created on their first e-ID sign-in; staff never come from the IdP.
        return provider_config(sociallogin.account.provider)["role"] == CITIZEN

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return self.is_open_for_signup(request, sociallogin)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        config = provider_config(sociallogin.account.provider)
        if config["role"] != CITIZEN:
            return user
        # Called before pre_social_login: a bad claim is refused there, not here.
        try:
            digits = personnummer_from_claims(claims_of(sociallogin), config["personnummer_claim"])
        except ValidationError:
            return user
        user.kind = User.Kind.CITIZEN
        user.personnummer = digits
        # The e-mail is optional: the citizen adds and verifies one in their settings.
        if not user.email or User.objects.filter(email__iexact=user.email).exists():
            user.email = f"{digits}@citizen.stegvis.invalid"
        return user


# The name settings used before staff could sign in through an IdP too.
CitizenOidcAdapter = OidcAdapter
