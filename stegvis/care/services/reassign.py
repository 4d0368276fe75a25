"""Byt behandlare: a citizen admin moves responsibility for an enrollment to another practitioner.

The change itself is `assign_practitioner` (one transaction, history, access event, and a
notification to the citizen without names or health data); this adds what Alla's flow needs.
Who may is declared in care/permissions.py ("care.assign_practitioner", "care.assign_to_self").
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import assign_practitioner, practitioners_at
from stegvis.db import atomic_write
from stegvis.organisation.models import User


def choosable_practitioners(enrollment: Enrollment) -> QuerySet:
    return practitioners_at(enrollment.unit, training=enrollment.is_training)


@atomic_write
def change_practitioner(*, actor: User, enrollment: Enrollment, practitioner: User) -> Enrollment:
    """Make `practitioner` responsible for `enrollment`; refuse the one who already is."""
    if not actor.has_perm("care.assign_practitioner", enrollment):
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
