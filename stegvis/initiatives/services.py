"""Submitting, deciding and completing program initiatives.

Each function is one transaction with one history row (`InitiativeEvent`) and one event in
the access log; the submitter is notified (no details: notifications say only that there is
news). Attachments go through messaging's checks (PDF, JPEG, PNG; broken or active PDFs
refused, images re-encoded without metadata) and are removed again if the transaction fails.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.queries import visible_releases
from stegvis.db import atomic_write
from stegvis.initiatives.models import (
    DECIDED,
    InitiativeAttachment,
    InitiativeEvent,
    ProgramInitiative,
    Status,
)
from stegvis.messaging import attachments
from stegvis.notifications.services import Kind, Subject, notify
from stegvis.organisation.models import CareUnit, Role, User
from stegvis.organisation.permissions import acting_role, require_perm

SUBJECT = "initiative"
MAX_FILES_PER_STEP = 5
MAX_FILES = 20
FIELDS = (
    "title",
    "need",
    "target_group",
    "expected_volume",
    "evidence",
    "origin",
    "cost",
    "contact",
)
# The statuses a provider admin may set, from each status. A decision is final.
NEXT = {
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.MORE_INFORMATION, *DECIDED},
    Status.UNDER_REVIEW: {Status.MORE_INFORMATION, *DECIDED},
    Status.MORE_INFORMATION: {Status.UNDER_REVIEW, *DECIDED},
}
NEEDS_REASON = {Status.MORE_INFORMATION, *DECIDED}


def _check_files(files: Sequence, already: int = 0) -> list[attachments.CheckedFile]:
    if len(files) > MAX_FILES_PER_STEP or already + len(files) > MAX_FILES:
        raise ValidationError(
            {
                "files": _("You can attach at most %(step)d files at a time and %(max)d in all.")
                % {"step": MAX_FILES_PER_STEP, "max": MAX_FILES}
            },
            code="too_many",
        )
    errors, checked = [], []
    for upload in files:
        try:
            checked.append(attachments.check(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _store(checked: list[attachments.CheckedFile]) -> list[str]:
    """Write the checked files before the transaction (a retried one needs no second copy)."""
    stored: list[str] = []
    try:
        for item in checked:
            stored.append(attachments.store(item))
    except BaseException:
        attachments.remove(stored)
        raise
    return stored


def _attach(initiative, checked, actor, stored: list[str]) -> None:
    InitiativeAttachment.objects.bulk_create(
        InitiativeAttachment(
            initiative=initiative,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            storage_name=name,
            uploaded_by=actor,
        )
        for item, name in zip(checked, stored, strict=True)
    )


def _log(actor, initiative, action: str, role: str) -> None:
    record_change(
        actor=actor,
        action=f"initiative.{action}",
        provider=initiative.provider,
        unit=initiative.unit,
        role=role,
        target=initiative,
    )


def submit_initiative(
    *,
    actor: User,
    unit: CareUnit,
    units_concerned: Sequence[CareUnit] = (),
    files: Sequence = (),
    **fields: str,
) -> ProgramInitiative:
    """File a new initiative from `unit`; `fields` are FIELDS, all required."""
    require_perm(actor, "initiatives.submit", unit)
    checked = _check_files(files)
    if any(u.provider_id != unit.provider_id for u in units_concerned):
        raise ValidationError({"units_concerned": _("Choose units of your own provider.")})
    stored = _store(checked)
    try:
        return _submit(actor, unit, units_concerned, checked, stored, fields)
    except BaseException:
        attachments.remove(stored)
        raise


@atomic_write
def _submit(actor, unit, units_concerned, checked, stored, fields) -> ProgramInitiative:
    initiative = ProgramInitiative.objects.create(
        provider_id=unit.provider_id,
        unit=unit,
        submitted_by=actor,
        **{name: fields[name].strip() for name in FIELDS},
    )
    initiative.units_concerned.set(units_concerned)
    _attach(initiative, checked, actor, stored)
    InitiativeEvent.objects.create(
        initiative=initiative,
        action=InitiativeEvent.Action.SUBMITTED,
        status=Status.SUBMITTED,
        actor=actor,
    )
    _log(actor, initiative, "submit", acting_role(actor, unit.pk))
    return initiative


def _locked(initiative: ProgramInitiative, seen_status: str) -> ProgramInitiative:
    """The initiative locked for change, refused if someone changed its status meanwhile."""
    current = ProgramInitiative.objects.select_for_update().get(pk=initiative.pk)
    if seen_status and current.status != seen_status:
        raise ValidationError(
            _(
                "Someone else changed this initiative while you were working on it: it is now "
                "“%(status)s”. Read it again before you go on."
            )
            % {"status": current.get_status_display()},
            code="changed",
        )
    return current


def _notify_submitter(initiative: ProgramInitiative, event: InitiativeEvent) -> None:
    if initiative.submitted_by_id == event.actor_id:
        return
    notify(
        initiative.submitted_by,
        Kind.INITIATIVE_UPDATED,
        key=f"initiative:{event.pk}",
        subject=Subject(unit_id=initiative.unit_id, kind=SUBJECT, pk=initiative.pk),
    )


@atomic_write
def change_status(
    *,
    actor: User,
    initiative: ProgramInitiative,
    status: str,
    reason: str = "",
    decided_on=None,
    seen_status: str = "",
) -> ProgramInitiative:
    """Set the status a provider admin chose; a decision (approved, rejected) is final.

    More information, approval and rejection need a reason; a decision has a date (today if
    none is given). `seen_status` is the status the admin saw: if it changed meanwhile the
    change is refused with a clear message rather than overwriting someone else's.
    """
    require_perm(actor, "initiatives.decide", initiative)
    current = _locked(initiative, seen_status)
    status = Status(status)
    if status not in NEXT.get(current.status, set()):
        raise ValidationError(
            _("An initiative that is “%(status)s” cannot be given that status.")
            % {"status": current.get_status_display()},
            code="transition",
        )
    reason = (reason or "").strip()
    if status in NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Write the reason.")}, code="reason")
    current.status = status
    current.updated_at = timezone.now()
    if status in DECIDED:
        current.decision_reason = reason
        current.decided_on = decided_on or timezone.localdate()
        current.decided_by = actor
    current.save()
    event = InitiativeEvent.objects.create(
        initiative=current,
        action=InitiativeEvent.Action.STATUS,
        status=status,
        text=reason,
        actor=actor,
    )
    _log(actor, current, f"status.{status}", Role.PROVIDER_ADMIN)
    _notify_submitter(current, event)
    return current


def complement(
    *,
    actor: User,
    unit: CareUnit,
    initiative: ProgramInitiative,
    text: str,
    files: Sequence = (),
) -> ProgramInitiative:
    """Add the information the provider admin asked for; the initiative is submitted again."""
    require_perm(actor, "initiatives.submit", unit)
    if initiative.unit_id != unit.pk:
        raise ValidationError(_("Only the submitting unit can add information."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you add.")}, code="empty")
    checked = _check_files(files, initiative.attachments.count())
    stored = _store(checked)
    try:
        return _complement(actor, initiative, text, checked, stored)
    except BaseException:
        attachments.remove(stored)
        raise


@atomic_write
def _complement(actor, initiative, text, checked, stored) -> ProgramInitiative:
    current = _locked(initiative, "")
    if current.status != Status.MORE_INFORMATION:
        raise ValidationError(
            _("Information can be added only when the provider has asked for more."),
            code="not_asked",
        )
    current.status = Status.SUBMITTED
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "updated_at"])
    _attach(current, checked, actor, stored)
    InitiativeEvent.objects.create(
        initiative=current,
        action=InitiativeEvent.Action.COMPLEMENTED,
        status=Status.SUBMITTED,
        text=text,
        actor=actor,
    )
    _log(actor, current, "complement", acting_role(actor, current.unit_id))
    return current


@atomic_write
def link_release(
    *, actor: User, initiative: ProgramInitiative, release: ProgramRelease
) -> ProgramInitiative:
    """Link an approved initiative to the program in the provider's catalog."""
    require_perm(actor, "initiatives.decide", initiative)
    current = _locked(initiative, "")
    if current.status != Status.APPROVED:
        raise ValidationError(
            _("Only an approved initiative can be linked to a program."), code="not_approved"
        )
    if not visible_releases(current.provider).filter(pk=release.pk).exists():
        raise ValidationError({"release": _("Choose a program in your catalog.")})
    current.release = release
    current.updated_at = timezone.now()
    current.save(update_fields=["release", "updated_at"])
    event = InitiativeEvent.objects.create(
        initiative=current,
        action=InitiativeEvent.Action.LINKED,
        status=current.status,
        text=str(release),
        actor=actor,
    )
    _log(actor, current, "link", Role.PROVIDER_ADMIN)
    _notify_submitter(current, event)
    return current
