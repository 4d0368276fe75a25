"""Sign in as my test patient, and back: one browser, two sessions that never mix.

A member of staff in training opens the citizen portal as their personal test citizen
(organisation/training.py) in the same browser. The staff session is *parked*: its data is
moved to a new session row whose key is never sent to any browser, and the browser's staff
session is ended (its old cookie opens nothing). The browser gets a new citizen session for the
test citizen, which holds the parked key server-side. "Back to the staff view" ends the citizen
session and restores the staff session's data under yet another new key.

So neither session can be used as the other: the citizen session is a citizen's (no staff page
takes it), the parked staff session is reachable only through the return of the citizen session
made for it, and each switch issues a new cookie. The staff session keeps allauth's records of
its sign-in (password and second factor) and its sign-in time, so `CompletedSignInMiddleware`
and the absolute session limit judge it as before. The citizen session carries one record of
its own ("training"), which `signin.missing_step` accepts for a test citizen only. Both switches
are in the access log, by the member of staff, naming the test citizen.
"""

import time
from importlib import import_module

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib.auth import SESSION_KEY, login, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction

from stegvis.accounts.middleware import LAST_SEEN_KEY
from stegvis.accounts.signin import TRAINING_METHOD
from stegvis.audit.recording import record_change
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.permissions import acting_role
from stegvis.organisation.training import get_or_create_test_patient

# In the citizen session: the parked staff session's key (never in a cookie).
PARKED_KEY = "stegvis_parked_staff_session"
# In the parked staff session: whose test patient session may bring it back, and from where.
PARKED_FOR = "stegvis_parked_for"
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def is_test_patient_session(request) -> bool:
    """Whether this browser's session is a test patient's opened from a staff session."""
    user = request.user
    return bool(user.is_authenticated and user.is_training and request.session.get(PARKED_KEY))


def _record(staff: User, citizen: User, unit: CareUnit | None, action: str) -> None:
    record_change(
        actor=staff,
        action=action,
        citizen=citizen,
        unit=unit,
        role=acting_role(staff, unit.pk if unit else None),
        target=citizen,
    )


def sign_in_as_test_patient(request, *, unit: CareUnit | None) -> User:
    """Park the staff session and sign this browser in as the staff member's test patient."""
    staff = request.user
    if not staff.has_perm("organisation.use_test_patient"):
        raise PermissionDenied
    with transaction.atomic():
        citizen = get_or_create_test_patient(actor=staff, unit=unit)
        _record(staff, citizen, unit, "training.test_patient_sign_in")
    parked = _store()
    parked.update(dict(request.session.items()))
    parked[PARKED_FOR] = {"citizen": citizen.pk, "unit": unit.pk if unit else None}
    parked.set_expiry(int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()))
    parked.create()
    logout(request)  # the browser's staff session ends here; its cookie opens nothing now
    login(request, citizen, backend=ALLAUTH_BACKEND)
    record_authentication(request, citizen, TRAINING_METHOD, staff=staff.pk)
    request.session[PARKED_KEY] = parked.session_key
    return citizen


def back_to_staff(request) -> User:
    """End the test patient's session and restore the parked staff session (a new key)."""
    citizen = request.user
    parked_key = request.session.get(PARKED_KEY) if citizen.is_authenticated else None
    if not parked_key or not citizen.is_training:
        raise PermissionDenied
    parked = _store(parked_key)
    data = parked.load()
    mark = data.pop(PARKED_FOR, None) or {}
    staff = User.objects.filter(pk=data.get(SESSION_KEY), kind=User.Kind.STAFF).first()
    if mark.get("citizen") != citizen.pk or staff is None or citizen.test_patient_of_id != staff.pk:
        logout(request)
        raise PermissionDenied
    unit = CareUnit.objects.filter(pk=mark.get("unit")).first()
    _record(staff, citizen, unit, "training.test_patient_sign_out")
    logout(request)  # the test patient's session ends; its cookie opens nothing now
    parked.delete()
    request.session.update(data)
    # The person was active all along, as the test patient, in this browser; the sign-in time
    # (and so the absolute limit) is the staff session's own.
    request.session[LAST_SEEN_KEY] = time.time()
    request.session.cycle_key()
    request.user = staff
    return staff
