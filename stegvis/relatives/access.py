"""The one question other parts ask about relatives: does this user have access right now?

And the fetch-check-log helpers of relatives' grants: `get_grant_for_relative` for the
relative's own pages (the grant with its enrollment, only while active; logged with the role
"relative"), `followed_grants` for the portal's list of followed enrollments, and
`get_grant_for_staff` for Hantera's grant pages (another unit's is "not found", a missing rule
at the unit "forbidden").
"""

from collections import defaultdict

from django.http import Http404

from stegvis.audit.recording import record_reads
from stegvis.care.access import get_enrollment_for_staff, record_enrollment_read
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.permissions import is_active_citizen
from stegvis.relatives.models import RelativeGrant

RELATIVE_ROLE = "relative"


def active_grant(user, enrollment) -> RelativeGrant | None:
    """The user's current grant to the enrollment, or None.

    Ended grants give nothing, and neither does an invitation still waiting for the citizen's
    approval (docs/relatives.md).
    """
    if enrollment is None or not is_active_citizen(user):
        return None
    return (
        RelativeGrant.objects.filter(
            enrollment=enrollment,
            relative_id=user.pk,
            ended_at__isnull=True,
            approved_at__isnull=False,
        )
        .order_by("-invited_at")
        .first()
    )


def may_message(user, enrollment) -> bool:
    grant = active_grant(user, enrollment)
    return grant is not None and grant.may_message


def get_grant_for_relative(
    user, enrollment_id: int, *, action: str = "enrollment.view_as_relative"
) -> RelativeGrant:
    """Return the user's active grant to enrollment `enrollment_id`, or raise Http404.

    A grant waiting for the citizen's approval, an ended grant, another citizen's enrollment or
    an enrollment the user does not follow are all "not found". The grant comes with its
    enrollment, the citizen, the release and the unit.
    """
    if not is_active_citizen(user):
        raise Http404
    grant = (
        RelativeGrant.objects.select_related(
            "enrollment__citizen", "enrollment__release", "enrollment__unit"
        )
        .filter(
            enrollment_id=enrollment_id,
            relative_id=user.pk,
            ended_at__isnull=True,
            approved_at__isnull=False,
        )
        .exclude(enrollment__citizen_id=user.pk)
        .first()
    )
    if grant is None:
        raise Http404
    enrollment = grant.enrollment
    record_enrollment_read(user, enrollment, action=action, role=RELATIVE_ROLE, target=grant)
    return grant


def followed_grants(user, *, action: str = "enrollment.list_as_relative") -> list[RelativeGrant]:
    """The user's active grants to other citizens' enrollments, newest first; logged.

    Showing another citizen's first name and program is a read of their data: one access-log
    event per enrollment, with the role "relative", appended together per unit (so the page's
    queries do not grow with the number of enrollments at one unit).
    """
    if not is_active_citizen(user):
        return []
    grants = list(
        RelativeGrant.objects.filter(
            relative_id=user.pk, ended_at__isnull=True, approved_at__isnull=False
        )
        .exclude(enrollment__citizen_id=user.pk)
        .select_related("enrollment__citizen", "enrollment__release", "enrollment__unit")
        .order_by("-invited_at", "-pk")
    )
    by_unit = defaultdict(list)
    for grant in grants:
        by_unit[grant.enrollment.unit_id].append(grant)
    for unit_grants in by_unit.values():
        record_reads(
            actor=user,
            action=action,
            unit=unit_grants[0].enrollment.unit,
            role=RELATIVE_ROLE,
            rows=[(g.enrollment.citizen_id, g.enrollment_id) for g in unit_grants],
        )
    return grants


def get_grant_for_staff(
    user: User,
    unit: CareUnit,
    enrollment_id: int,
    grant_id: int,
    *,
    perm: str = "relatives.view_grants",
    action: str = "relatives.view",
) -> RelativeGrant:
    """Return grant `grant_id` of enrollment `enrollment_id` at `unit` if `perm` holds; log it.

    Another unit's enrollment (or a grant of another enrollment) is "not found"; a rule the user
    lacks at the unit is "forbidden". The grant comes with its enrollment as
    `get_enrollment_for_staff` returns it.
    """
    enrollment = get_enrollment_for_staff(user, unit, enrollment_id, perm=perm, action=action)
    grant = (
        RelativeGrant.objects.select_related("relative", "invited_by", "ended_by")
        .filter(pk=grant_id, enrollment=enrollment)
        .first()
    )
    if grant is None:
        raise Http404
    grant.enrollment = enrollment
    return grant


def grants_to_answer(citizen) -> list[RelativeGrant]:
    """The citizen's view of who has or waits for access to their enrollments (not ended).

    The citizen's own data: nothing is logged (as on their program page). One query.
    """
    if not is_active_citizen(citizen):
        return []
    return list(
        RelativeGrant.objects.filter(enrollment__citizen_id=citizen.pk, ended_at__isnull=True)
        .select_related("relative", "invited_by", "enrollment__release", "enrollment__citizen")
        .order_by("approved_at", "-invited_at", "-pk")
    )


def get_grant_for_citizen(citizen, grant_id: int) -> RelativeGrant:
    """A grant to one of the citizen's own enrollments, or Http404 (another's is "not found")."""
    grant = (
        RelativeGrant.objects.select_related("enrollment__citizen", "enrollment__unit", "relative")
        .filter(pk=grant_id, enrollment__citizen_id=getattr(citizen, "pk", None))
        .first()
    )
    if grant is None or not is_active_citizen(citizen):
        raise Http404
    return grant
