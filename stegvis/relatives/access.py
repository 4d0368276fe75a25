"""The one question other parts ask about relatives: does this user have access right now?

`get_grant_for_relative` is the fetch-and-check helper of the relative's own pages: it loads
the grant with its enrollment only while the grant is active, and logs the read with the role
"relative".
"""

from django.http import Http404

from stegvis.audit.recording import record_read
from stegvis.relatives.models import RelativeGrant

RELATIVE_ROLE = "relative"


def active_grant(user, enrollment) -> RelativeGrant | None:
    """The user's current grant to the enrollment, or None (ended grants give nothing)."""
    if user is None or not user.is_authenticated or enrollment is None:
        return None
    if not user.is_active or not user.is_citizen:
        return None
    return (
        RelativeGrant.objects.filter(
            enrollment=enrollment, relative_id=user.pk, ended_at__isnull=True
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

    An ended grant, another citizen's enrollment or an enrollment the user does not follow are
    all "not found". The grant comes with its enrollment, the citizen, the release and the unit.
    """
    if not user.is_authenticated or not user.is_active or not user.is_citizen:
        raise Http404
    grant = (
        RelativeGrant.objects.select_related(
            "enrollment__citizen", "enrollment__release", "enrollment__unit"
        )
        .filter(enrollment_id=enrollment_id, relative_id=user.pk, ended_at__isnull=True)
        .exclude(enrollment__citizen_id=user.pk)
        .first()
    )
    if grant is None:
        raise Http404
    enrollment = grant.enrollment
    record_read(
        actor=user,
        action=action,
        citizen=enrollment.citizen,
        unit=enrollment.unit,
        role=RELATIVE_ROLE,
        enrollment_id=enrollment.pk,
        target=grant,
    )
    return grant
