"""Fetch-and-check helpers: an enrollment is only ever loaded together with its access check.

Each successful fetch of citizen data is recorded in the access log (PDL).
"""

from django.http import Http404

from stegvis.audit.recording import record_read, record_reads
from stegvis.care.models import Enrollment
from stegvis.organisation.models import CareUnit, Role, User
from stegvis.organisation.roles import roles_of


def acting_role(user: User, unit_id: int) -> str:
    roles = roles_of(user).at_unit(unit_id)
    for role in (Role.PRACTITIONER, Role.CITIZEN_ADMIN):
        if role in roles:
            return role
    return ""


def get_enrollment_for_staff(
    user: User, unit: CareUnit, pk: int, *, action: str = "enrollment.view", queryset=None
) -> Enrollment:
    """Return enrollment `pk` at the staff member's active `unit`, or raise Http404.

    An enrollment at another unit is "not found" (not "forbidden"): staff do not learn that it
    exists.
    """
    qs = queryset if queryset is not None else Enrollment.objects.all()
    enrollment = (
        qs.select_related("citizen", "release", "practitioner", "unit")
        .filter(pk=pk, unit=unit)
        .first()
    )
    if enrollment is None or not user.has_perm("care.view_enrollment", enrollment):
        raise Http404
    record_read(
        actor=user,
        action=action,
        citizen=enrollment.citizen,
        unit=enrollment.unit,
        role=acting_role(user, unit.pk),
        enrollment_id=enrollment.pk,
    )
    return enrollment


def get_enrollment_for_citizen(
    user: User, pk: int, *, action: str = "enrollment.view_own", queryset=None
) -> Enrollment:
    """Return the citizen's own enrollment `pk`, or raise Http404."""
    qs = queryset if queryset is not None else Enrollment.objects.all()
    enrollment = qs.select_related("release", "unit").filter(pk=pk, citizen=user).first()
    if enrollment is None or not user.has_perm("care.view_own_enrollment", enrollment):
        raise Http404
    record_read(
        actor=user,
        action=action,
        citizen=user,
        unit=enrollment.unit,
        enrollment_id=enrollment.pk,
    )
    return enrollment


def record_list_reads(user: User, unit: CareUnit, enrollments, *, action: str) -> None:
    """Record one read per enrollment shown in a list (Mina, Alla): its citizen's name is shown.

    One event per citizen, so the log can be searched by citizen (PDL review); appended in one
    go, so the list's query count stays constant (ADR 0004).
    """
    record_reads(
        actor=user,
        action=action,
        unit=unit,
        role=acting_role(user, unit.pk),
        rows=[(enrollment.citizen_id, enrollment.pk) for enrollment in enrollments],
    )


def visible_enrollments(user: User, unit: CareUnit):
    """Enrollments at `unit` the user may list (row-level filter for Mina/Alla)."""
    if not user.has_perm("care.view_unit_enrollments", unit):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(unit=unit)
