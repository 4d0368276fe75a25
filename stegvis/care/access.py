"""Fetch-check-log helpers: an enrollment (or what hangs off it) is only ever loaded together with
its access check, and each successful fetch of citizen data is recorded in the access log (PDL).

One way to deny, everywhere: an object at another unit (or another citizen's) is "not found"
(Http404), so nobody learns that it exists; an object at the user's own unit that they lack the
rule for is "forbidden" (PermissionDenied). The rules themselves are in permissions.py.
"""

from django.db import models
from django.http import Http404

from stegvis.audit.recording import record_read, record_reads
from stegvis.care.blocking import blocked_here
from stegvis.care.models import (
    Enrollment,
    EnrollmentGroup,
    Feedback,
    Flag,
    Handover,
    QuestionnaireResponse,
)
from stegvis.care.permissions import in_world
from stegvis.organisation.models import CareUnit, Role, User
from stegvis.organisation.permissions import acting_role, require_perm

__all__ = [
    "acting_role",
    "get_due_questionnaire_for_citizen",
    "get_enrollment_for_citizen",
    "get_enrollment_for_staff",
    "get_feedback_for_staff",
    "get_flag_for_staff",
    "get_group_for_staff",
    "get_incoming_handover_for_staff",
    "record_list_reads",
    "visible_enrollments",
]


def record_enrollment_read(
    user: User,
    enrollment: Enrollment,
    *,
    action: str,
    role: str,
    unit: CareUnit | None = None,
    target: models.Model | None = None,
) -> None:
    """Record that `user` read `enrollment`'s data in `role` from `unit` (default: its own)."""
    record_read(
        actor=user,
        action=action,
        citizen=enrollment.citizen,
        unit=unit or enrollment.unit,
        role=role,
        enrollment_id=enrollment.pk,
        target=target,
    )


def record_staff_read(
    user: User,
    enrollment: Enrollment,
    *,
    action: str,
    unit: CareUnit | None = None,
    target: models.Model | None = None,
    among: tuple[str, ...] | None = None,
) -> None:
    """Record that staff `user` read `enrollment`'s data from `unit` (default: its own unit)."""
    unit = unit or enrollment.unit
    role = acting_role(user, unit.pk, among=among)
    record_enrollment_read(user, enrollment, action=action, role=role, unit=unit, target=target)


def get_enrollment_for_staff(
    user: User,
    unit: CareUnit,
    pk: int,
    *,
    perm: str = "care.view_enrollment",
    action: str = "enrollment.view",
    queryset=None,
) -> Enrollment:
    """Return enrollment `pk` at the staff member's active `unit` if `perm` holds on it; log it.

    Another unit's enrollment, or one of the other world (training or real), is "not found"
    (Http404); one at the unit that `perm` denies is "forbidden" (PermissionDenied). Nothing is
    logged on a refusal.
    """
    qs = queryset if queryset is not None else Enrollment.objects.all()
    enrollment = (
        qs.select_related("citizen", "release", "practitioner", "unit")
        .filter(in_world(user), pk=pk, unit=unit)
        .first()
    )
    if enrollment is None:
        raise Http404
    require_perm(user, perm, enrollment)
    record_staff_read(user, enrollment, action=action)
    return enrollment


def _get_enrollment_item_for_staff(
    model: type[models.Model],
    user: User,
    unit: CareUnit,
    enrollment_id: int,
    item_id: int,
    *,
    perm: str,
    action: str,
):
    """Return `model` row `item_id` of an enrollment at `unit` if `perm` holds; log the access.

    The row comes with its enrollment as `get_enrollment_for_staff` returns it.
    """
    enrollment = get_enrollment_for_staff(user, unit, enrollment_id, perm=perm, action=action)
    item = model.objects.filter(pk=item_id, enrollment=enrollment).first()
    if item is None:
        raise Http404
    item.enrollment = enrollment
    return item


def get_flag_for_staff(
    user: User, unit: CareUnit, enrollment_id: int, flag_id: int, *, action: str
) -> Flag:
    """Return a flag of an enrollment at `unit` that the user may acknowledge; log the access."""
    return _get_enrollment_item_for_staff(
        Flag, user, unit, enrollment_id, flag_id, perm="care.acknowledge_flag", action=action
    )


def get_feedback_for_staff(
    user: User, unit: CareUnit, enrollment_id: int, feedback_id: int, *, action: str
) -> Feedback:
    """Return a feedback request of an enrollment at `unit` the user may answer; log it."""
    return _get_enrollment_item_for_staff(
        Feedback,
        user,
        unit,
        enrollment_id,
        feedback_id,
        perm="care.respond_feedback",
        action=action,
    )


def get_incoming_handover_for_staff(
    user: User, unit: CareUnit, pk: int, *, action: str = "care.view_incoming_handover"
) -> Handover:
    """Return pending handover `pk` to `unit` if the user may decide on it; log the read.

    A handover to another unit, one already decided, or one whose citizen has blocked the unit
    (spärr) is "not found"; the user acts as the receiving unit's citizen admin, and that is the
    role recorded.
    """
    handover = (
        Handover.objects.filter(
            in_world(user, "enrollment__"), to_unit=unit, status=Handover.Status.PENDING, pk=pk
        )
        .filter(~blocked_here(unit))
        .select_related(
            "enrollment__citizen",
            "enrollment__release",
            "enrollment__practitioner",
            "enrollment__unit",
            "from_unit__provider",
            "started_by",
        )
        .first()
    )
    if handover is None:
        raise Http404
    require_perm(user, "care.decide_handover", handover)
    record_staff_read(
        user,
        handover.enrollment,
        action=action,
        unit=unit,
        target=handover,
        among=(Role.CITIZEN_ADMIN,),
    )
    return handover


def get_group_for_staff(
    user: User, unit: CareUnit, pk: int, *, perm: str = "care.manage_groups"
) -> EnrollmentGroup:
    """Return group `pk` of the active `unit` if `perm` holds on it (else 404 or 403).

    A group holds no citizen data of its own (a name the unit chose); the pages that list its
    enrollments log those reads as Mina and Alla do.
    """
    group = EnrollmentGroup.objects.select_related("unit").filter(pk=pk, unit=unit).first()
    if group is None:
        raise Http404
    require_perm(user, perm, group)
    return group


def get_enrollment_for_citizen(
    user: User,
    pk: int,
    *,
    perm: str = "care.view_own_enrollment",
    action: str = "enrollment.view_own",
    queryset=None,
) -> Enrollment:
    """Return the citizen's own enrollment `pk`, or raise Http404; log the read."""
    qs = queryset if queryset is not None else Enrollment.objects.all()
    enrollment = (
        qs.select_related("release", "unit").filter(in_world(user), pk=pk, citizen=user).first()
    )
    if enrollment is None or not user.has_perm(perm, enrollment):
        raise Http404
    record_read(
        actor=user,
        action=action,
        citizen=user,
        unit=enrollment.unit,
        enrollment_id=enrollment.pk,
    )
    return enrollment


def get_due_questionnaire_for_citizen(
    user: User, enrollment_id: int, response_id: int, *, action: str = "enrollment.view_own"
) -> QuestionnaireResponse:
    """Return a scheduled questionnaire of the citizen's own enrollment, or raise Http404; log it.

    The response comes with its enrollment (and the enrollment's release and unit).
    """
    enrollment = get_enrollment_for_citizen(user, enrollment_id, action=action)
    response = QuestionnaireResponse.objects.filter(
        enrollment=enrollment, pk=response_id, due_at__isnull=False
    ).first()
    if response is None:
        raise Http404
    response.enrollment = enrollment
    return response


def record_list_reads(
    user: User,
    unit: CareUnit,
    enrollments,
    *,
    action: str,
    among: tuple[str, ...] | None = None,
) -> None:
    """Record a read of every enrollment shown in a list (Mina, Alla): its citizen's name is shown.

    One compact event for the page naming each citizen and enrollment shown (ADR 0007, "Compact
    list reads"): the log is searched by citizen and shows one line per citizen, as it did with
    one event each (ADR 0004). Two inserts, however many rows, so the query count stays constant.
    """
    record_reads(
        actor=user,
        action=action,
        unit=unit,
        role=acting_role(user, unit.pk, among=among),
        rows=[(enrollment.citizen_id, enrollment.pk) for enrollment in enrollments],
        compact=True,
    )


def visible_enrollments(user: User, unit: CareUnit):
    """Enrollments at `unit` the user may list (row-level filter for Mina/Alla): their world's."""
    if not user.has_perm("care.view_unit_enrollments", unit):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(in_world(user), unit=unit)
