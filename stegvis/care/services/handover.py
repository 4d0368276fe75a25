"""Handover (överlämning): moving an enrollment, with everything it holds, to another unit.

A practitioner at the sending unit starts it with the citizen's consent; the receiving unit's
citizen admin approves (choosing the new responsible practitioner) or rejects it with a reason;
the sender may withdraw it while it is pending. Only approval moves anything: everything hangs
off the enrollment, so moving `enrollment.unit` (and the practitioner) in one transaction moves
it all, and the sending unit's access ends with that commit. See docs/adr/0005-handover.md.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.care.blocking import blocked_here, is_blocked
from stegvis.care.models import Enrollment, Feedback, Flag, Handover, Phase, QuestionnaireResponse
from stegvis.care.permissions import in_world
from stegvis.care.services.enrollment import notify_practitioner_changed, practitioners_at
from stegvis.care.services.groups import leave_unit_groups
from stegvis.care.services.history import add_history
from stegvis.care.subjects import about_enrollment
from stegvis.care.waiting import unanswered_messages
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.services import active_releases, usable_by, valid_agreements
from stegvis.db import atomic_write
from stegvis.notifications.services import Kind as NotificationKind
from stegvis.notifications.services import move_subject, notify
from stegvis.organisation.models import CareUnit, Role, User
from stegvis.organisation.permissions import acting_role, require_perm


@dataclass(frozen=True)
class Unfinished:
    """What the sending practitioner should handle before handing over (counts)."""

    unanswered_messages: int
    open_flags: int
    waiting_feedback: int
    due_questionnaires: int

    @property
    def any(self) -> bool:
        return any(
            (
                self.unanswered_messages,
                self.open_flags,
                self.waiting_feedback,
                self.due_questionnaires,
            )
        )


def unfinished_work(enrollment: Enrollment) -> Unfinished:
    """Count what is still waiting for the sending unit (read-only, no access event)."""
    return Unfinished(
        unanswered_messages=unanswered_messages(enrollment),
        open_flags=Flag.objects.filter(enrollment=enrollment, acknowledged_at__isnull=True).count(),
        waiting_feedback=Feedback.objects.filter(
            enrollment=enrollment, responded_at__isnull=True
        ).count(),
        due_questionnaires=QuestionnaireResponse.objects.filter(
            enrollment=enrollment, completed_at__isnull=True
        ).count(),
    )


def pending_handover(enrollment: Enrollment) -> Handover | None:
    return (
        Handover.objects.select_related("to_unit", "to_unit__provider", "started_by")
        .filter(enrollment=enrollment, status=Handover.Status.PENDING)
        .first()
    )


def _same_program(release: ProgramRelease) -> Q:
    """Releases of the enrollment's program: same owner and program key, any version."""
    return Q(owner_id=release.owner_id, program_key=release.program_key)


def candidate_units(enrollment: Enrollment, query: str = "") -> QuerySet:
    """Units the enrollment may be offered to: the provider's own active units and those of
    providers with an agreement for the program in force today; never its own unit.

    Whether the program is active there is checked on choosing (`check_receiver`), so staff get
    a clear answer for a unit they expected to find.
    """
    release = enrollment.release
    agreement = valid_agreements().filter(
        owner_id=release.owner_id,
        program_key=release.program_key,
        user_provider_id=OuterRef("provider_id"),
    )
    units = (
        CareUnit.objects.filter(is_active=True, provider__is_active=True)
        .filter(
            Q(provider_id=enrollment.unit.provider_id)
            | Q(provider_id=release.owner_id)
            | Exists(agreement)
        )
        .exclude(pk=enrollment.unit_id)
        .select_related("provider")
        .order_by("provider__name", "name", "pk")
    )
    query = (query or "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(hsa_id__iexact=query))
    return units


def check_receiver(enrollment: Enrollment, unit: CareUnit) -> None:
    """Refuse a receiving unit that cannot take the enrollment over, with a clear message.

    The enrollment keeps its pinned release; the receiver must have the same program (same
    owner and key, any version) active and usable today, and must not already run the program
    for the citizen. A unit the citizen has blocked (spärr) cannot take it: the handover would
    show it the information held here.
    """
    if not candidate_units(enrollment).filter(pk=unit.pk).exists():
        raise _refusal(
            "unit", _("The enrollment cannot be handed over to this unit."), "not_candidate"
        )
    if is_blocked(enrollment.citizen_id, unit):
        raise _refusal(
            "unit",
            _("Blocked information: the enrollment cannot be handed over to %(unit)s.")
            % {"unit": unit.name},
            "blocked",
        )
    release = enrollment.release
    active_here = (
        active_releases(unit).filter(_same_program(release)).filter(usable_by(unit.provider))
    )
    if not active_here.exists():
        raise _refusal(
            "unit",
            _(
                "%(unit)s does not have the program %(program)s active, so it cannot take "
                "over the enrollment. Ask the unit to activate the program first."
            )
            % {"unit": unit.name, "program": release.name},
            "program_not_active",
        )
    running = Enrollment.objects.filter(
        citizen_id=enrollment.citizen_id, unit=unit, release__program_key=release.program_key
    ).exclude(phase=Phase.CLOSED)
    if running.exists():
        raise _refusal(
            "unit",
            _("The citizen already has a running enrollment in this program there."),
            "already_enrolled",
        )


def _refusal(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# Each step's action in the enrollment's history and in the access log.
_STEP_ACTIONS = {
    "start": ("handover.started", "care.handover_start"),
    "withdraw": ("handover.withdrawn", "care.handover_withdraw"),
    "reject": ("handover.rejected", "care.handover_reject"),
    "approve": ("handover.approved", "care.handover_approve"),
}


def _record_step(
    handover: Handover, actor: User, step: str, unit: CareUnit, role: str, **detail
) -> None:
    """Record a step of the handover in the enrollment's history and in the access log.

    The log records it at `unit` in `role`, the one the step needs (the rule allows no other),
    through `acting_role` as every other event does.
    """
    history, audit = _STEP_ACTIONS[step]
    add_history(
        handover.enrollment,
        actor=actor,
        action=history,
        to_unit=handover.to_unit_id,
        handover=handover.pk,
        **detail,
    )
    record_change(
        actor=actor,
        action=audit,
        citizen=handover.enrollment.citizen,
        unit=unit,
        role=acting_role(actor, unit.pk, among=(role,)),
        enrollment_id=handover.enrollment_id,
        target=handover,
    )


def _locked_enrollment(pk: int) -> Enrollment:
    # Lock the row on its own, then read it with its relations. PostgreSQL re-checks a locked
    # row's joins after waiting for the lock: joined to the unit that a concurrent approval has
    # just changed, the row dropped out and the second approver got a 500 (DoesNotExist) instead
    # of "already approved".
    Enrollment.objects.select_for_update().filter(pk=pk).values_list("pk").get()
    return Enrollment.objects.select_related("citizen", "unit").get(pk=pk)


@atomic_write
def start_handover(
    *, actor: User, enrollment: Enrollment, to_unit: CareUnit, consent: bool
) -> Handover:
    """Ask `to_unit` to take over the enrollment; the citizen must have consented.

    Refused without consent, for a closed enrollment, while another handover is pending and for
    a receiver that cannot take it (`check_receiver`). Nothing moves yet.
    """
    enrollment = _locked_enrollment(enrollment.pk)
    require_perm(actor, "care.start_handover", enrollment)
    if Handover.objects.filter(enrollment=enrollment, status=Handover.Status.PENDING).exists():
        raise ValidationError(
            _("A handover of this enrollment is already in progress."), code="already_pending"
        )
    check_receiver(enrollment, to_unit)
    if not consent:
        raise _refusal(
            "consent",
            _("Confirm that the citizen has consented to the handover."),
            "consent_required",
        )
    now = timezone.now()
    handover = Handover.objects.create(
        enrollment=enrollment,
        from_unit=enrollment.unit,
        to_unit=to_unit,
        consent_confirmed_at=now,
        started_at=now,
        started_by=actor,
        previous_practitioner_id=enrollment.practitioner_id,
    )
    _record_step(
        handover, actor, "start", enrollment.unit, Role.PRACTITIONER, unit_name=to_unit.name
    )
    # The citizen sees the proposal in the portal; the notice names no unit (it could tell of
    # their health) and no program.
    notify(
        enrollment.citizen,
        NotificationKind.HANDOVER_PROPOSED,
        key=f"handover-proposed:{handover.pk}",
        subject=about_enrollment(enrollment),
    )
    return handover


def _locked_pending(handover: Handover) -> tuple[Handover, Enrollment]:
    # Lock the enrollment first (the order every handover step uses), then the handover.
    enrollment = _locked_enrollment(handover.enrollment_id)
    handover = (
        Handover.objects.select_for_update()
        .select_related("from_unit", "to_unit")
        .get(pk=handover.pk)
    )
    handover.enrollment = enrollment
    if not handover.is_pending:
        raise ValidationError(
            _("This handover has already been %(status)s.")
            % {"status": handover.get_status_display().lower()},
            code="not_pending",
        )
    return handover, enrollment


def _decide(handover: Handover, *, actor: User, status: str, **fields) -> None:
    handover.status = status
    handover.decided_at = timezone.now()
    handover.decided_by = actor
    for name, value in fields.items():
        setattr(handover, name, value)
    handover.save(update_fields=["status", "decided_at", "decided_by", *fields])


@atomic_write
def withdraw_handover(*, actor: User, handover: Handover) -> Handover:
    """Take back a pending handover; only the sending unit's practitioners may. Nothing moves."""
    handover, enrollment = _locked_pending(handover)
    if enrollment.unit_id != handover.from_unit_id or not actor.has_perm(
        "care.withdraw_handover", enrollment
    ):
        raise PermissionDenied
    _decide(handover, actor=actor, status=Handover.Status.WITHDRAWN)
    _record_step(
        handover,
        actor,
        "withdraw",
        handover.from_unit,
        Role.PRACTITIONER,
        unit_name=handover.to_unit.name,
    )
    return handover


@atomic_write
def reject_handover(*, actor: User, handover: Handover, reason: str) -> Handover:
    """Say no to an incoming handover, with a reason the sender reads. Nothing moves."""
    require_perm(actor, "care.decide_handover", handover)
    reason = (reason or "").strip()
    if not reason:
        raise _refusal("reason", _("Say why the unit cannot take over the enrollment."), "required")
    handover, _enrollment = _locked_pending(handover)
    _decide(handover, actor=actor, status=Handover.Status.REJECTED, reason=reason)
    # The reason is staff's own words about the handover; it stays in the history only.
    _record_step(
        handover,
        actor,
        "reject",
        handover.to_unit,
        Role.CITIZEN_ADMIN,
        unit_name=handover.to_unit.name,
        reason=reason,
    )
    return handover


def refuse_own_approval(actor: User, handover: Handover) -> None:
    """Refuse, with a clear message, the one who proposed the handover approving it themself.

    The rule is "care.approve_handover": approval needs another person, also when the sender is
    citizen admin at the receiving unit too.
    """
    if not actor.has_perm("care.approve_handover", handover):
        raise ValidationError(
            _(
                "You proposed this handover yourself, so another citizen admin at the receiving "
                "unit must approve it."
            ),
            code="own_handover",
        )


@atomic_write
def approve_handover(*, actor: User, handover: Handover, practitioner: User) -> Handover:
    """Take the enrollment over: it moves to the receiving unit with `practitioner` responsible.

    One transaction: the enrollment's unit and practitioner change (its answers, scores, diary,
    messages, flags, history, activities and relatives' grants hang off it and so move with it),
    the handover is closed and the event is logged at the receiving unit. From the commit on
    the sending unit has no access. Refused if the receiver can no longer take it (program
    deactivated, agreement ended) or `practitioner` does not work at the receiving unit.
    """
    require_perm(actor, "care.decide_handover", handover)
    refuse_own_approval(actor, handover)
    handover, enrollment = _locked_pending(handover)
    to_unit = handover.to_unit
    here = practitioners_at(to_unit, training=enrollment.is_training)
    if practitioner is None or not here.filter(pk=practitioner.pk).exists():
        raise _refusal(
            "practitioner",
            _("Choose a practitioner who works at this unit."),
            "not_practitioner_here",
        )
    if enrollment.unit_id != handover.from_unit_id:
        raise ValidationError(_("The enrollment has moved since."), code="moved")
    if enrollment.is_closed:
        raise ValidationError(_("The enrollment has been closed since."), code="closed")
    check_receiver(enrollment, to_unit)
    _decide(handover, actor=actor, status=Handover.Status.APPROVED, new_practitioner=practitioner)
    enrollment.unit = to_unit
    enrollment.practitioner = practitioner
    fields = ["unit", "practitioner"]
    if enrollment.phase == Phase.QUEUED:
        enrollment.phase = Phase.TREATMENT
        enrollment.phase_changed_at = timezone.now()
        fields += ["phase", "phase_changed_at"]
    enrollment.save(update_fields=fields)
    _move_unit_references(enrollment, handover)
    _record_step(
        handover,
        actor,
        "approve",
        to_unit,
        Role.CITIZEN_ADMIN,
        from_unit=handover.from_unit_id,
        unit_name=handover.from_unit.name,
        practitioner=practitioner.pk,
    )
    notify_practitioner_changed(enrollment)
    return handover


def _move_unit_references(enrollment: Enrollment, handover: Handover) -> None:
    """Move rows that store a unit of their own besides the enrollment's.

    Today no care, messaging or relatives model does: flags, activities, messages and grants
    reach their unit through the enrollment. The access log (audit.AccessEvent) keeps the unit
    where each access happened, by design. A model that adds its own unit must be moved here;
    tests/care/test_handover_moves_everything.py fails until it is. Notifications about the
    enrollment keep its unit beside an opaque subject (no foreign key, so that test cannot see
    them): they move here, so that the receiving unit's staff see those that did not go out.
    """
    move_subject(about_enrollment(enrollment))
    # The sending unit's groups are its own way of sorting its work: the enrollment leaves them.
    leave_unit_groups(enrollment, handover.from_unit_id)


def incoming_handovers(unit: CareUnit, user: User) -> QuerySet:
    """Pending handovers to `unit` in `user`'s world, oldest first, with what the list shows.

    `blocked` marks those whose citizen has blocked the unit since: the list shows them as
    "blocked information" only, and they cannot be opened (the sender may withdraw them).
    """
    return (
        Handover.objects.filter(
            in_world(user, "enrollment__"), to_unit=unit, status=Handover.Status.PENDING
        )
        .annotate(blocked=blocked_here(unit))
        .select_related(
            "enrollment__citizen",
            "enrollment__release",
            "from_unit__provider",
            "started_by",
        )
        .order_by("started_at", "pk")
    )


def incoming_count(unit: CareUnit, user: User) -> int:
    pending = Handover.objects.filter(to_unit=unit, status=Handover.Status.PENDING)
    return pending.filter(in_world(user, "enrollment__")).count()


def proposed_handovers(citizen: User) -> QuerySet:
    """The citizen's own pending handovers: where to, and who ticked their consent when."""
    return (
        Handover.objects.filter(enrollment__citizen_id=citizen.pk, status=Handover.Status.PENDING)
        .select_related("enrollment__release", "from_unit", "to_unit__provider", "started_by")
        .order_by("-started_at", "-pk")
    )
