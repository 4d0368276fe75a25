"""The training environment (utbildningsmiljö): a world of its own inside the instance.

Every person and enrollment belongs to one of two worlds, the real one or the training one. A
test person (`User.is_training`: a test practitioner or a test citizen) is always in training;
real staff enter it for a while by switching to training mode (a flag in their session, put on
the user object for the request by `ActiveUnitMiddleware`). Staff see and act on their own
world only: the rules built on `in_training` (care/permissions.py) and the row filters that
use it (care/access.py, the citizen search, the practitioner pickers) keep the two apart.

Test citizens carry personnummer of the test series (`is_test_personnummer`), never a real
one; each member of staff may have one personal test citizen ("min testpatient"), created on
first use, to sign in as from the staff session (accounts/training_session.py).
"""

import datetime as dt

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.organisation.models import CareUnit, Citizen, User
from stegvis.organisation.permissions import acting_role, is_care_staff
from stegvis.organisation.recording import record_change

SESSION_KEY = "stegvis_training_mode"
_MODE_ATTR = "_stegvis_training_mode"
# Skatteverket keeps the birth numbers (födelsenummer) 980-999 for test persons: no real person
# is ever given one, so a number of that series can never name a real citizen.
TEST_SERIALS = range(980, 1000)
# Personal test citizens are born on days counted from this date (one per member of staff).
_FIRST_BIRTH_DATE = dt.date(1950, 1, 1)
_BIRTH_DAYS = 20000


def in_training(user) -> bool:
    """Whether `user` acts in the training world: a test person always, staff in training mode."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_training or getattr(user, _MODE_ATTR, False))


def attach_mode(user, session) -> None:
    """Put the session's training mode on `user` for this request (staff only)."""
    if user.is_authenticated and user.is_care_staff:
        setattr(user, _MODE_ATTR, bool(session.get(SESSION_KEY, False)))


def same_world(user, is_training: bool) -> bool:
    """Whether something in the world `is_training` is in the user's world."""
    return in_training(user) == bool(is_training)


def is_test_personnummer(digits: str) -> bool:
    """A personnummer or samordningsnummer (12 digits) of the test series."""
    return len(digits) == 12 and digits.isdigit() and int(digits[8:11]) in TEST_SERIALS


@rules.predicate
def is_real_staff(user) -> bool:
    return not user.is_training


# Real staff switch into training mode and back; a test practitioner is always in it.
rules.add_perm("organisation.use_training_mode", is_care_staff & is_real_staff)
# The personal test citizen: any member of staff in training (mode or test practitioner).
rules.add_perm(
    "organisation.use_test_patient", is_care_staff & rules.predicate(lambda u: in_training(u))
)


def set_training_mode(request, on: bool) -> None:
    """Switch the signed-in staff member's session into training mode or out of it."""
    user = request.user
    if not user.has_perm("organisation.use_training_mode"):
        raise PermissionDenied
    if on:
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)
    setattr(user, _MODE_ATTR, on)


def _test_personnummer(staff: User, attempt: int) -> str:
    from stdnum import luhn

    n = staff.pk * 7 + attempt
    born = _FIRST_BIRTH_DATE + dt.timedelta(days=n % _BIRTH_DAYS)
    serial = TEST_SERIALS[(n // _BIRTH_DAYS) % len(TEST_SERIALS)]
    stem = f"{born:%y%m%d}{serial}"
    return f"{born:%Y%m%d}{serial}{luhn.calc_check_digit(stem)}"


def test_patient_of(staff: User) -> Citizen | None:
    return Citizen.objects.filter(test_patient_of=staff, is_active=True).first()


@transaction.atomic
def get_or_create_test_patient(*, actor: User, unit: CareUnit | None = None) -> Citizen:
    """The actor's personal test citizen, created on first use (a test personnummer, never real).

    Refused outside training. The creation is in the access log (a change naming the new test
    citizen), like any citizen's registration.
    """
    if not actor.has_perm("organisation.use_test_patient"):
        raise PermissionDenied
    User.objects.select_for_update().filter(pk=actor.pk).first()
    existing = test_patient_of(actor)
    if existing is not None:
        return existing
    for attempt in range(50):
        digits = _test_personnummer(actor, attempt)
        if not User.objects.filter(personnummer=digits).exists():
            break
    else:  # pragma: no cover - 50 taken numbers in a row
        raise ValidationError(_("No free test personnummer was found."), code="no_test_number")
    citizen = Citizen.objects.create_user(
        email=f"{digits}@test.stegvis.invalid",
        kind=User.Kind.CITIZEN,
        personnummer=digits,
        first_name="Testpatient",
        last_name=actor.last_name or actor.first_name,
        is_training=True,
        test_patient_of=actor,
    )
    record_change(
        actor=actor,
        action="training.test_patient_created",
        citizen=citizen,
        unit=unit,
        role=acting_role(actor, unit.pk if unit else None),
        target=citizen,
    )
    return citizen
