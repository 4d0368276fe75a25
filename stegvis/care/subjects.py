"""Care's subjects of notifications: what care and the apps above it notify about."""

from stegvis.care.models import Enrollment
from stegvis.notifications.subjects import Subject

ENROLLMENT = "enrollment"


def about_enrollment(enrollment: Enrollment) -> Subject:
    """A notice about `enrollment`: its unit's staff see it if it fails to go out."""
    return Subject(unit_id=enrollment.unit_id, kind=ENROLLMENT, pk=enrollment.pk)
