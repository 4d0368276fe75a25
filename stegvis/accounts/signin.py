"""What counts as signed in: a session that went through every step of allauth's sign-in.

allauth records each step it completes in the session (`record_authentication`: "password",
"socialaccount" for e-ID, "mfa" for TOTP/WebAuthn/recovery codes). A session made by any other
`login()` -- Wagtail's or Django admin's sign-in form, a bare `login()` somewhere -- carries no
such record, and a session whose records stop at the password skipped the second factor. Those
sessions are not signed in, whatever `request.user` says (issue 12).
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings

# The authenticators that are a second factor; recovery codes only stand in for them.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
_CACHE_ATTRIBUTE = "_stegvis_has_second_factor"

# Steps a session may have skipped, as `missing_step` names them.
NO_ALLAUTH_SIGN_IN = "allauth"
NO_SECOND_FACTOR = "mfa"
NO_EID = "eid"
# The record of a test patient's session opened from a staff session (training_session.py).
TRAINING_METHOD = "training"


def has_second_factor(request, user) -> bool:
    """Whether `user` has a TOTP or WebAuthn authenticator (asked once per request)."""
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = Authenticator.objects.filter(
            user_id=user.pk, type__in=SECOND_FACTOR_TYPES
        ).exists()
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def missing_step(request, user) -> str | None:
    """Name the sign-in step this session skipped, or None when it completed allauth's flow.

    - no allauth record at all: signed in by some other view;
    - the user has a second factor but the session never passed it (staff and citizens alike:
      allauth asks it of everyone who has one);
    - a citizen without an e-ID record where citizens may not use passwords (production);
    - a "training" record (a test patient's session) on anyone but a test citizen.
    Staff without a second factor yet are signed in by password alone; they may only set one up
    (`StaffMfaRequiredMiddleware`).
    """
    methods = {record.get("method") for record in get_authentication_records(request, user)}
    if not methods:
        return NO_ALLAUTH_SIGN_IN
    if TRAINING_METHOD in methods:
        # A test patient's session, opened from a staff session that completed its own sign-in
        # (accounts/training_session.py): valid for a test citizen only, never for anyone else.
        return None if (user.is_citizen and user.is_training) else NO_ALLAUTH_SIGN_IN
    if "mfa" not in methods and has_second_factor(request, user):
        return NO_SECOND_FACTOR
    if user.is_citizen and not settings.CITIZEN_PASSWORD_LOGIN and "socialaccount" not in methods:
        return NO_EID
    return None


# The allauth views that add a TOTP or WebAuthn authenticator.
SET_UP_VIEWS = frozenset({"mfa_activate_totp", "mfa_add_webauthn"})


def record_first_second_factor(request, user) -> None:
    """Count a first TOTP/WebAuthn set up in this request as the session's second factor.

    Staff without a second factor sign in by password and are sent to set one up; activating it
    proves they hold it (allauth checks a code or a WebAuthn assertion), so the session that set
    it up may go on. Only a user who had no second factor when the request began qualifies: a
    session that had to pass one already has it recorded, or was ended.
    """
    if not user.is_authenticated or getattr(request, _CACHE_ATTRIBUTE, None) is not False:
        return
    match = request.resolver_match
    if request.method != "POST" or match is None or match.url_name not in SET_UP_VIEWS:
        return
    factor = (
        Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES)
        .order_by("-pk")
        .first()
    )
    if factor is not None:
        record_authentication(request, user, "mfa", id=factor.pk, type=factor.type, activated=True)
