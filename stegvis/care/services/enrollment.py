"""Starting enrollments, assigning practitioners and moving through the phases."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, Phase
from stegvis.care.permissions import may_assign_practitioner, practitioner_world
from stegvis.care.services import runtime
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.history import add_history
from stegvis.care.subjects import about_enrollment
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.services import active_releases
from stegvis.db import atomic_write
from stegvis.notifications.services import Kind as NotificationKind
from stegvis.notifications.services import notify
from stegvis.organisation.models import CareAssignment, CareUnit, Role, RoleGrant, Staff, User
from stegvis.organisation.permissions import is_active_citizen

# The phases an enrollment may move to from each phase (queued → treatment happens on assign).
# A maintenance phase may return to treatment; a closed enrollment may be reopened into
# treatment, by a citizen admin only ("care.reopen_enrollment").
NEXT_PHASES = {
    Phase.QUEUED: (Phase.CLOSED,),
    Phase.TREATMENT: (Phase.MAINTENANCE, Phase.CLOSED),
    Phase.MAINTENANCE: (Phase.TREATMENT, Phase.CLOSED),
    Phase.CLOSED: (Phase.TREATMENT,),
}
MAX_START_AHEAD = dt.timedelta(days=366)
MAX_START_BEHIND = dt.timedelta(days=31)


def practitioners_at(unit: CareUnit, *, training: bool) -> QuerySet:
    """Active staff who are practitioners at `unit` today (grant and valid care assignment),
    who may be responsible for an enrollment of world `training` (never a test practitioner for
    a real one)."""
    grants = RoleGrant.objects.active().filter(
        staff_id=OuterRef("pk"), unit=unit, role=Role.PRACTITIONER
    )
    assignments = CareAssignment.objects.valid_on(timezone.localdate()).filter(
        staff_id=OuterRef("pk"), unit=unit
    )
    return (
        Staff.objects.filter(is_active=True)
        .filter(practitioner_world(training))
        .filter(Exists(grants), Exists(assignments))
        .order_by("last_name", "first_name", "pk")
    )


def _check_practitioner(unit: CareUnit, practitioner: User | None, *, training: bool) -> None:
    here = practitioners_at(unit, training=training)
    if practitioner is not None and not here.filter(pk=practitioner.pk).exists():
        raise ValidationError(
            {"practitioner": _("Choose a practitioner who works at this unit.")},
            code="not_practitioner_here",
        )


def _check_start(
    *,
    actor: User,
    unit: CareUnit,
    release: ProgramRelease,
    citizen: User,
    practitioner: User | None,
    start_date: dt.date,
) -> None:
    """Refuse what `start_enrollment` may not start (each with its own code)."""
    if not active_releases(unit).filter(pk=release.pk).exists():
        raise ValidationError(
            {"release": _("This program is not active at the unit.")}, code="not_active"
        )
    if not is_active_citizen(citizen):
        raise ValidationError(_("Only an active citizen can be enrolled."), code="not_citizen")
    if not actor.has_perm("care.enroll_citizen", citizen):
        raise ValidationError(
            _(
                "A test citizen can only be enrolled in training, and a real citizen only "
                "outside it."
            ),
            code="other_world",
        )
    if practitioner is None:
        raise ValidationError(
            {"practitioner": _("Choose the responsible practitioner.")}, code="required"
        )
    _check_practitioner(unit, practitioner, training=citizen.is_training)
    today = timezone.localdate()
    if not (today - MAX_START_BEHIND <= start_date <= today + MAX_START_AHEAD):
        raise ValidationError(
            {"start_date": _("Choose a start date within a month back and a year ahead.")},
            code="start_date_range",
        )


def _refuse_second_running(citizen: User, unit: CareUnit, release: ProgramRelease) -> None:
    # Lock the citizen's row so two simultaneous starts cannot both pass the check below.
    User.objects.select_for_update().filter(pk=citizen.pk).first()
    running = Enrollment.objects.filter(
        citizen=citizen, unit=unit, release__program_key=release.program_key
    ).exclude(phase=Phase.CLOSED)
    if running.exists():
        raise ValidationError(
            _("The citizen already has a running enrollment in this program at the unit."),
            code="already_enrolled",
        )


@atomic_write
def start_enrollment(
    *,
    actor: User,
    unit: CareUnit,
    release: ProgramRelease,
    citizen: User,
    practitioner: User | None,
    start_date: dt.date,
) -> Enrollment:
    """Start `release` for `citizen` at `unit` with a responsible practitioner.

    Refuses a release not active at the unit, a practitioner who does not work there, a start
    date far in the past or future, and a second running enrollment in the same program at the
    unit. Opens the modules due at start and schedules the release's rules.
    """
    if not actor.has_perm("care.start_enrollment", unit):
        raise PermissionDenied
    _check_start(
        actor=actor,
        unit=unit,
        release=release,
        citizen=citizen,
        practitioner=practitioner,
        start_date=start_date,
    )
    _refuse_second_running(citizen, unit, release)
    enrollment = Enrollment.objects.create(
        citizen=citizen,
        unit=unit,
        release=release,
        practitioner=practitioner,
        phase=Phase.TREATMENT,
        start_date=start_date,
        created_by=actor,
        is_training=citizen.is_training,
    )
    add_history(
        enrollment,
        actor=actor,
        action="enrollment.started",
        release=release.pk,
        version=release.version,
        practitioner=practitioner.pk,
        start_date=start_date.isoformat(),
    )
    record_enrollment_change(
        enrollment, actor=actor, action="care.enrollment_start", target=enrollment
    )
    notify(
        citizen,
        NotificationKind.NEW_ENROLLMENT,
        key=f"enrollment:{enrollment.pk}",
        subject=about_enrollment(enrollment),
    )
    runtime.initialise(enrollment, actor=actor)
    return enrollment


@atomic_write
def assign_practitioner(*, actor: User, enrollment: Enrollment, practitioner: User) -> Enrollment:
    """Make `practitioner` responsible; a queued enrollment moves to the treatment phase.

    Citizen admins assign and reassign; a practitioner may take a queued enrollment themselves.
    """
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not may_assign_practitioner(actor, enrollment, practitioner):
        raise PermissionDenied
    _check_practitioner(enrollment.unit, practitioner, training=enrollment.is_training)
    if enrollment.practitioner_id == practitioner.pk and enrollment.phase != Phase.QUEUED:
        return enrollment
    old_phase = enrollment.phase
    previous_id = enrollment.practitioner_id
    enrollment.practitioner = practitioner
    fields = ["practitioner"]
    if old_phase == Phase.QUEUED:
        enrollment.phase = Phase.TREATMENT
        enrollment.phase_changed_at = timezone.now()
        fields += ["phase", "phase_changed_at"]
    enrollment.save(update_fields=fields)
    add_history(
        enrollment,
        actor=actor,
        action="enrollment.assigned",
        practitioner=practitioner.pk,
        previous=previous_id,
    )
    if old_phase != enrollment.phase:
        add_history(
            enrollment, actor=actor, action="phase.changed", old=old_phase, new=enrollment.phase
        )
    record_enrollment_change(
        enrollment, actor=actor, action="care.enrollment_assign", target=enrollment
    )
    if previous_id is not None and previous_id != practitioner.pk:
        notify_practitioner_changed(enrollment)
    return enrollment


def notify_practitioner_changed(enrollment: Enrollment) -> None:
    """Tell the citizen their practitioner changed (no names, no health data: just the fact)."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    notify(
        enrollment.citizen,
        NotificationKind.PRACTITIONER_CHANGED,
        key=f"practitioner:{enrollment.pk}:{enrollment.practitioner_id}:{stamp}",
        subject=about_enrollment(enrollment),
    )


@atomic_write
def change_phase(*, actor: User, enrollment: Enrollment, phase: str, reason: str) -> Enrollment:
    """Move to another phase (treatment ⇄ maintenance → closed → treatment) and say why.

    Closing cancels all pending scheduled work; a closed enrollment stays readable. Reopening a
    closed enrollment is a citizen admin's ("care.reopen_enrollment"), needs a responsible
    practitioner who works at the unit and no other running enrollment in the program there.
    """
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not actor.has_perm("care.change_phase", enrollment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the phase changes.")}, code="required")
    if phase not in NEXT_PHASES[Phase(enrollment.phase)]:
        raise ValidationError(
            {"phase": _("The enrollment cannot move to that phase from its current one.")},
            code="phase_order",
        )
    old = enrollment.phase
    if old == Phase.CLOSED:
        _check_reopen(actor, enrollment)
    now = timezone.now()
    enrollment.phase = phase
    enrollment.phase_changed_at = now
    enrollment.closed_at = now if phase == Phase.CLOSED else None
    enrollment.save(update_fields=["phase", "phase_changed_at", "closed_at"])
    # The reason is staff's own words about the enrollment; it stays in the history only.
    action = "phase.reopened" if old == Phase.CLOSED else "phase.changed"
    add_history(enrollment, actor=actor, action=action, old=old, new=phase, reason=reason)
    record_enrollment_change(enrollment, actor=actor, action="care.phase_change", target=enrollment)
    runtime.on_phase_changed(enrollment, old, phase)
    return enrollment


def _check_reopen(actor: User, enrollment: Enrollment) -> None:
    """Refuse reopening a closed enrollment that may not be, each with a clear message."""
    if not actor.has_perm("care.reopen_enrollment", enrollment):
        raise _phase_refusal(
            _("Only a citizen admin at the unit can reopen a closed enrollment."),
            "reopen_not_allowed",
        )
    if enrollment.practitioner is None or not (
        practitioners_at(enrollment.unit, training=enrollment.is_training)
        .filter(pk=enrollment.practitioner_id)
        .exists()
    ):
        raise _phase_refusal(
            _(
                "Choose a responsible practitioner who works at the unit (Byt behandlare) "
                "before reopening the enrollment."
            ),
            "reopen_needs_practitioner",
        )
    running = Enrollment.objects.filter(
        citizen_id=enrollment.citizen_id,
        unit_id=enrollment.unit_id,
        release__program_key=enrollment.release.program_key,
    ).exclude(phase=Phase.CLOSED)
    if running.exists():
        raise _phase_refusal(
            _("The citizen already has a running enrollment in this program at the unit."),
            "already_enrolled",
        )


def _phase_refusal(message: str, code: str) -> ValidationError:
    return ValidationError({"phase": ValidationError(message, code=code)})
