"""How allauth fits Stegvis: no open sign-up, citizens from e-ID claims, MFA kept by staff."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from stegvis.accounts.landing import landing_url
from stegvis.organisation.identifiers import normalise_personnummer
from stegvis.organisation.models import Citizen, User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Staff are registered by their provider and citizens by a unit or through e-ID.
        return False

    def get_login_redirect_url(self, request) -> str:
        # The design tool, the clinic and the portal register whom they take (landing.py).
        return landing_url(request.user) or super().get_login_redirect_url(request)


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


def personnummer_from_claims(claims: dict) -> str:
    """Return the validated 12-digit personnummer from the identity provider's claims."""
    raw = str(claims.get(settings.OIDC_PERSONNUMMER_CLAIM) or "")
    return normalise_personnummer(raw)


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


class CitizenOidcAdapter(DefaultSocialAccountAdapter):
    """Citizens sign in through e-ID; the personnummer claim says who they are."""

    def _refuse(self, request, message: str):
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("account_login"))

    def pre_social_login(self, request, sociallogin) -> None:
        try:
            digits = personnummer_from_claims(_claims(sociallogin))
        except ValidationError:
            self._refuse(request, _("The e-ID sign-in did not give a valid personnummer."))
        existing = User.objects.filter(personnummer=digits).first()
        if existing is not None and not existing.is_active:
            self._refuse(request, _("This account is not active."))
        if existing is not None and not sociallogin.is_existing:
            sociallogin.connect(request, existing)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        digits = personnummer_from_claims(_claims(sociallogin))
        user.kind = User.Kind.CITIZEN
        user.personnummer = digits
        if not user.email or Citizen.objects.filter(email__iexact=user.email).exists():
            user.email = f"{digits}@citizen.stegvis.invalid"
        return user
