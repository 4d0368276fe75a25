"""Sending and reading messages, drafts and templates: one transaction and one access event each.

Messages are never edited or deleted. A closed enrollment's conversation is read-only for
everyone. When the program does not let citizens start a conversation, the citizen side may
only answer: it may send while the latest message is the care team's.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.care.models import Enrollment
from stegvis.care.services.program import document_of
from stegvis.care.subjects import about_enrollment
from stegvis.messaging import attachments, placeholders
from stegvis.messaging.access import Participation
from stegvis.messaging.models import (
    Attachment,
    AuthorRole,
    Draft,
    Message,
    MessageTemplate,
    SenderSide,
)
from stegvis.notifications.services import Kind, notify
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.permissions import acting_role
from stegvis.relatives.models import RelativeGrant

MAX_BODY_LENGTH = 10_000


def why_citizen_side_may_not_write(enrollment: Enrollment) -> str:
    """Why the citizen side cannot send now, or "" when it can."""
    if enrollment.is_closed:
        return _("This program is closed. You can read the messages, but no longer write.")
    if document_of(enrollment.release).program.citizen_may_write:
        return ""
    latest = enrollment.messages.order_by("-created_at", "-pk").values("sender_side").first()
    if latest is not None and latest["sender_side"] == SenderSide.TEAM:
        return ""
    if latest is None:
        return _(
            "In this program your care team writes first. You can reply when they have "
            "written to you."
        )
    return _(
        "In this program you can reply to your care team's messages. You can write again "
        "when they have answered."
    )


def why_team_may_not_write(user: User, enrollment: Enrollment) -> str:
    if enrollment.is_closed:
        return _("The enrollment is closed. Its messages can be read but not added to.")
    if not user.has_perm("messaging.write_as_team", enrollment):
        return _("Only practitioners at the unit can write messages.")
    return ""


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message before sending."), code="empty")
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            _("The message is too long: at most %(max)d characters.") % {"max": MAX_BODY_LENGTH},
            code="too_long",
        )
    return body


def _check_files(files: Sequence) -> list[attachments.CheckedFile]:
    if len(files) > attachments.MAX_FILES_PER_MESSAGE:
        raise ValidationError(
            _("You can attach at most %(max)d files to one message.")
            % {"max": attachments.MAX_FILES_PER_MESSAGE},
            code="too_many",
        )
    errors, checked = [], []
    for upload in files:
        try:
            checked.append(attachments.check(upload))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


def _save(
    *,
    actor: User,
    enrollment: Enrollment,
    body: str,
    side: str,
    author_role: str,
    audit_role: str,
    files: Sequence,
) -> Message:
    checked = _check_files(files)
    stored: list[str] = []
    try:
        for item in checked:
            stored.append(attachments.store(item))
        with transaction.atomic():
            now = timezone.now()
            message = Message.objects.create(
                enrollment=enrollment,
                author=actor,
                sender_side=side,
                author_role=author_role,
                body=body,
                created_at=now,
            )
            Attachment.objects.bulk_create(
                Attachment(
                    message=message,
                    original_name=item.name,
                    content_type=item.content_type,
                    size=item.size,
                    sha256=item.sha256,
                    storage_name=name,
                    created_at=now,
                )
                for item, name in zip(checked, stored, strict=True)
            )
            Draft.objects.filter(enrollment=enrollment, author=actor).delete()
            record_change(
                actor=actor,
                action="messages.send",
                citizen=enrollment.citizen,
                unit=enrollment.unit,
                role=audit_role,
                enrollment_id=enrollment.pk,
                target=message,
            )
            if side == SenderSide.CITIZEN:
                Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)
            else:
                _notify_citizen_side(message)
    except BaseException:
        attachments.remove(stored)
        raise
    return message


def _notify_citizen_side(message: Message) -> None:
    """Tell the citizen and each relative who may message that something new is waiting."""
    enrollment = message.enrollment
    recipients = [enrollment.citizen]
    grants = RelativeGrant.objects.filter(
        enrollment=enrollment, ended_at__isnull=True, approved_at__isnull=False, may_message=True
    ).select_related("relative")
    recipients += [grant.relative for grant in grants]
    for recipient in recipients:
        notify(
            recipient,
            Kind.NEW_MESSAGE,
            key=f"message:{message.pk}:{recipient.pk}",
            subject=about_enrollment(enrollment),
        )


def send_team_message(
    *, actor: User, enrollment: Enrollment, body: str, files: Sequence = ()
) -> Message:
    """Send a message from the care team; notifies the citizen side (never with its text)."""
    reason = why_team_may_not_write(actor, enrollment)
    if reason:
        if enrollment.is_closed:
            raise ValidationError(reason, code="closed")
        raise PermissionDenied(reason)
    return _save(
        actor=actor,
        enrollment=enrollment,
        body=clean_body(body),
        side=SenderSide.TEAM,
        author_role=AuthorRole.PRACTITIONER,
        audit_role=acting_role(actor, enrollment.unit_id),
        files=files,
    )


def send_citizen_message(
    *, actor: User, taking_part: Participation, body: str, files: Sequence = ()
) -> Message:
    """Send a message from the citizen or a relative; staff learn of it from their digest."""
    enrollment = taking_part.enrollment
    body = clean_body(body)
    with transaction.atomic():
        # Lock the enrollment so two quick replies cannot both pass the "reply only" rule.
        Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
        reason = why_citizen_side_may_not_write(enrollment)
        if reason:
            raise ValidationError(reason, code="may_not_write")
        return _save(
            actor=actor,
            enrollment=enrollment,
            body=body,
            side=SenderSide.CITIZEN,
            author_role=taking_part.author_role,
            audit_role=taking_part.audit_role,
            files=files,
        )


def mark_read_by_team(enrollment: Enrollment, *, reader: User) -> int:
    """Mark the citizen side's unread messages as read by the team (the read itself is logged)."""
    return Message.objects.filter(
        enrollment=enrollment, sender_side=SenderSide.CITIZEN, read_by_team_at__isnull=True
    ).update(read_by_team_at=timezone.now(), read_by_team_by=reader)


def mark_read_by_citizen(enrollment: Enrollment) -> int:
    """Mark the team's unread messages as read by the citizen side."""
    return Message.objects.filter(
        enrollment=enrollment, sender_side=SenderSide.TEAM, read_by_citizen_at__isnull=True
    ).update(read_by_citizen_at=timezone.now())


# Drafts: the author's own unsent text, kept on the server until the message is sent.


def draft_text(*, author: User, enrollment: Enrollment) -> str:
    draft = Draft.objects.filter(author=author, enrollment=enrollment).only("body").first()
    return draft.body if draft else ""


def save_draft(*, author: User, enrollment: Enrollment, body: str) -> None:
    """Keep `body` as the author's draft; an empty body removes the draft."""
    body = (body or "")[: MAX_BODY_LENGTH * 2]
    if not body.strip():
        Draft.objects.filter(author=author, enrollment=enrollment).delete()
        return
    Draft.objects.update_or_create(
        author=author,
        enrollment=enrollment,
        defaults={"body": body, "updated_at": timezone.now()},
    )


# Templates: a unit's ready-made texts (not citizen data, so no access events).


def _check_template(unit: CareUnit, title: str, body: str, *, exclude: int | None = None) -> None:
    errors = {}
    unknown = placeholders.unknown_in(f"{title}\n{body}")
    if unknown:
        errors["body"] = _(
            "Unknown placeholder: %(names)s. You can use {förnamn} and {behandlare} "
            "(or {first_name} and {practitioner})."
        ) % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
    same = MessageTemplate.objects.filter(unit=unit, title=title).exclude(pk=exclude)
    if same.exists():
        errors["title"] = _("The unit already has a template with this title.")
    if errors:
        raise ValidationError(errors)


def create_template(*, actor: User, unit: CareUnit, title: str, body: str) -> MessageTemplate:
    if not actor.has_perm("messaging.manage_templates", unit):
        raise PermissionDenied
    _check_template(unit, title, body)
    return MessageTemplate.objects.create(
        unit=unit, title=title, body=body, created_by=actor, updated_by=actor
    )


def update_template(
    *, actor: User, template: MessageTemplate, title: str, body: str
) -> MessageTemplate:
    if not actor.has_perm("messaging.manage_templates", template.unit):
        raise PermissionDenied
    _check_template(template.unit, title, body, exclude=template.pk)
    template.title, template.body = title, body
    template.updated_by, template.updated_at = actor, timezone.now()
    template.save()
    return template


def delete_template(*, actor: User, template: MessageTemplate) -> None:
    if not actor.has_perm("messaging.manage_templates", template.unit):
        raise PermissionDenied
    template.delete()


def fill_template(template: MessageTemplate, *, enrollment: Enrollment, sender: User) -> str:
    """The template's text for this citizen, signed by `sender`."""
    return placeholders.fill(
        template.body,
        first_name=enrollment.citizen.first_name,
        practitioner=sender.get_full_name(),
    )


def purge_messages(enrollment_ids: list[int]) -> None:
    """Delete the messages, attachments (and their files) and drafts of training enrollments.

    Care's reset of a unit's training data calls it (care/purging.py); never for real care.
    """
    files = list(
        Attachment.objects.filter(message__enrollment_id__in=enrollment_ids).values_list(
            "storage_name", flat=True
        )
    )
    Attachment.objects.filter(message__enrollment_id__in=enrollment_ids).delete()
    Message.objects.filter(enrollment_id__in=enrollment_ids).delete()
    Draft.objects.filter(enrollment_id__in=enrollment_ids).delete()
    transaction.on_commit(lambda: attachments.remove(files))
