"""Access-log helper shared by the care services."""

from django.db import models

from stegvis.audit.recording import record_change
from stegvis.care.models import Enrollment
from stegvis.organisation.models import User
from stegvis.organisation.permissions import acting_role


def record_enrollment_change(
    enrollment: Enrollment, *, actor: User | None, action: str, target: models.Model | None = None
) -> None:
    """Record a change to the enrollment's data; the system's own rules have no actor."""
    staff = actor is not None and actor.is_authenticated and actor.is_care_staff
    record_change(
        actor=actor,
        action=action,
        citizen=enrollment.citizen,
        unit=enrollment.unit,
        role=acting_role(actor, enrollment.unit_id) if staff else "",
        enrollment_id=enrollment.pk,
        target=target,
    )
