"""Session rules for people who are signed in: allauth's sign-in completed, idle timeouts, and
MFA set up before staff pages."""

import hashlib
import logging
import time
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.usersessions import app_settings as usersessions_settings
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from stegvis.accounts.identity import passed_idp_assurance
from stegvis.accounts.signin import has_second_factor, missing_step, record_first_second_factor

logger = logging.getLogger(__name__)

LAST_SEEN_KEY = "stegvis_last_seen"
SIGNED_IN_KEY = "stegvis_signed_in_at"
SESSION_TRACKED_KEY = "stegvis_session_tracked"
# Refresh the stored timestamp at most this often, so most requests do not write the session.
_TOUCH_EVERY_SECONDS = 30


class CompletedSignInMiddleware:
    """Sign out any session that did not go through every step of allauth's sign-in.

    The one way to sign in is allauth's (password, then the second factor for staff; e-ID for
    citizens in production). Other sign-in views are redirected there (stegvis/design/urls.py,
    stegvis/urls.py); this is the second line: a session made by any `login()` that bypassed
    allauth, or that stopped after the password, is ended before any view sees the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            step = missing_step(request, user)
            if step is not None:
                # The user id only: no name or identity number in logs.
                logger.warning(
                    "Ended a session that skipped sign-in step %r (user %s)", step, user.pk
                )
                logout(request)
                messages.warning(request, _("Please sign in again."))
                query = (
                    urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                )
                return redirect(f"{reverse('account_login')}{'?' + query if query else ''}")
        response = self.get_response(request)
        record_first_second_factor(request, request.user)
        return response


class IdleTimeoutMiddleware:
    """Sign out users idle longer than their kind's limit, or signed in for too long.

    The absolute limit (SESSION_ABSOLUTE_TIMEOUT) holds however active the user is; the session
    cookie's own age is refreshed on every save, so it cannot enforce that alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            limit = (
                settings.STAFF_IDLE_TIMEOUT if user.is_care_staff else settings.CITIZEN_IDLE_TIMEOUT
            ).total_seconds()
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            signed_in = request.session.setdefault(SIGNED_IN_KEY, now)
            if last_seen is not None and now - last_seen > limit:
                return self._sign_out(
                    request, _("You were signed out after a period of inactivity.")
                )
            if now - signed_in > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                return self._sign_out(request, _("You were signed out: please sign in again."))
            if last_seen is None or now - last_seen > _TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, message: str):
        logout(request)
        messages.info(request, message)
        return redirect(f"{reverse('account_login')}?next={request.path}")


class ThrottledUserSessionsMiddleware:
    """allauth's tracking of a session's last activity, address and browser, without a write
    on every request.

    allauth's own middleware reads the session's row, its user, and updates it in a transaction
    on every request a signed-in person makes: five statements and a commit, a third of the
    citizen's home page's queries. The list of one's sessions shows when each was last seen; to the
    minute is what a person reads there. So the row is updated when the address or the browser
    changes (at once, as allauth does, so its `session_client_changed` signal still fires) and
    otherwise at most every `_TOUCH_EVERY_SECONDS`. The session keeps a digest of the address
    and browser, never the address itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            usersessions_settings.TRACK_ACTIVITY
            and request.session.session_key
            and request.user.is_authenticated
        ):
            self._track(request)
        return self.get_response(request)

    @staticmethod
    def _track(request) -> None:
        client = _client_digest(request)
        now = time.time()
        tracked = request.session.get(SESSION_TRACKED_KEY)
        if tracked and tracked[1] == client and now - tracked[0] <= _TOUCH_EVERY_SECONDS:
            return
        UserSession.objects.create_from_request(request)
        request.session[SESSION_TRACKED_KEY] = [now, client]


def _client_digest(request) -> str:
    address = get_adapter(request).get_client_ip(request)
    browser = request.META.get("HTTP_USER_AGENT", "")
    return hashlib.sha256(f"{address}\n{browser}".encode()).hexdigest()[:16]


# Paths a staff member without MFA may still open: sign-in, MFA setup, language, static files.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/favicon")


class StaffMfaRequiredMiddleware:
    """Send staff who have no second factor to set one up before any other page opens.

    A staff member whose region's IdP vouched for a strong sign-in (stegvis/accounts/stages.py)
    needs none of Stegvis's own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_care_staff
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and not has_second_factor(request, user)
            and not passed_idp_assurance(request, user)
        ):
            messages.warning(request, _("Set up two-factor authentication before you continue."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
