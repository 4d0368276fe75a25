"""Byt behandlare: a citizen admin moves responsibility for an enrollment to another practitioner.

The change itself is `assign_practitioner` (one transaction, history, access event, and a
notification to the citizen without names or health data); this adds what Alla's flow needs.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import assign_practitioner, practitioners_at
from stegvis.db import atomic_write
from stegvis.organisation.models import User


def may_change_practitioner(actor: User, enrollment: Enrollment) -> bool:
    """Citizen admins at the enrollment's unit, in every phase until it is closed."""
    return actor.has_perm("care.assign_practitioner", enrollment)


def may_assign_to_self(actor: User, enrollment: Enrollment) -> bool:
    """ "Assign to me" is offered to a citizen admin who is also a practitioner at the unit.

    A responsible practitioner must treat at the unit (`assign_practitioner` checks it), so a
    citizen admin without the practitioner role there is not offered the shortcut.
    """
    return (
        may_change_practitioner(actor, enrollment)
        and practitioners_at(enrollment.unit).filter(pk=actor.pk).exists()
    )


def choosable_practitioners(enrollment: Enrollment) -> QuerySet:
    return practitioners_at(enrollment.unit)


@atomic_write
def change_practitioner(*, actor: User, enrollment: Enrollment, practitioner: User) -> Enrollment:
    """Make `practitioner` responsible for `enrollment`; refuse the one who already is."""
    if not may_change_practitioner(actor, enrollment):
        raise PermissionDenied
    if enrollment.practitioner_id == practitioner.pk:
        raise ValidationError(
            {
                "practitioner": _("%(name)s is already the responsible practitioner.")
                % {"name": practitioner.get_full_name() or practitioner.email}
            },
            code="unchanged",
        )
    return assign_practitioner(actor=actor, enrollment=enrollment, practitioner=practitioner)
