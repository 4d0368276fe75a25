"""Fetch-and-check helpers for conversations and attachments; each successful fetch is logged.

Staff: the enrollment must be at their active unit (else "not found") and they must be in its
care team. Citizen side: the enrollment's own citizen, or a relative or guardian whose active
grant allows messages; anyone else gets "not found".
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from stegvis.care.access import record_enrollment_read, record_staff_read
from stegvis.care.models import Enrollment
from stegvis.care.permissions import in_world
from stegvis.messaging.models import Attachment, AuthorRole
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.permissions import is_active_citizen
from stegvis.relatives.access import RELATIVE_ROLE, active_grant

CITIZEN_ROLE = "citizen"
DOWNLOAD = "messages.attachment.download"


@dataclass(frozen=True)
class Participation:
    """How a citizen-side user takes part in one enrollment's conversation."""

    enrollment: Enrollment
    author_role: str  # AuthorRole: citizen, relative or guardian
    audit_role: str  # "citizen" or "relative", as the access log records it

    @property
    def is_own(self) -> bool:
        return self.author_role == AuthorRole.CITIZEN


def _enrollments():
    return Enrollment.objects.select_related("citizen", "release", "practitioner", "unit")


def get_conversation_for_staff(
    user: User, unit: CareUnit, pk: int, *, action: str = "messages.view"
) -> Enrollment:
    """Return enrollment `pk` at `unit` for a member of its care team, and log the read."""
    enrollment = _enrollments().filter(in_world(user), pk=pk, unit=unit).first()
    if enrollment is None:
        raise Http404
    if not user.has_perm("messaging.read_conversation", enrollment):
        raise PermissionDenied
    record_staff_read(user, enrollment, action=action)
    return enrollment


def participation(user: User, enrollment: Enrollment) -> Participation | None:
    """The user's part in the conversation, or None when they have none (no logging)."""
    if not is_active_citizen(user):
        return None
    if enrollment.citizen_id == user.pk:
        if user.has_perm("care.view_own_enrollment", enrollment):
            return Participation(enrollment, AuthorRole.CITIZEN, CITIZEN_ROLE)
        return None
    grant = active_grant(user, enrollment)
    if grant is None or not grant.may_message:
        return None
    return Participation(enrollment, grant.relation, RELATIVE_ROLE)


def get_conversation_for_citizen(
    user: User, pk: int, *, action: str = "messages.view_own"
) -> Participation:
    """Return the user's participation in enrollment `pk`'s conversation, and log the read."""
    enrollment = _enrollments().filter(pk=pk).first()
    taking_part = participation(user, enrollment) if enrollment is not None else None
    if taking_part is None:
        raise Http404
    record_enrollment_read(user, enrollment, action=action, role=taking_part.audit_role)
    return taking_part


def _attachment(pk: int) -> Attachment | None:
    return (
        Attachment.objects.select_related(
            "message__enrollment__citizen", "message__enrollment__unit"
        )
        .filter(pk=pk)
        .first()
    )


def get_attachment_for_staff(user: User, unit: CareUnit, pk: int) -> Attachment:
    """Return attachment `pk` of a conversation at `unit` the user may read; log the download."""
    attachment = _attachment(pk)
    if attachment is None or attachment.message.enrollment.unit_id != unit.pk:
        raise Http404
    enrollment = attachment.message.enrollment
    if not user.has_perm("messaging.read_conversation", enrollment):
        raise PermissionDenied
    record_staff_read(user, enrollment, action=DOWNLOAD, target=attachment)
    return attachment


def get_attachment_for_citizen(user: User, pk: int) -> Attachment:
    """Return attachment `pk` if the user takes part in its conversation; log the download."""
    attachment = _attachment(pk)
    enrollment = attachment.message.enrollment if attachment is not None else None
    taking_part = participation(user, enrollment) if enrollment is not None else None
    if taking_part is None:
        raise Http404
    record_enrollment_read(
        user, enrollment, action=DOWNLOAD, role=taking_part.audit_role, target=attachment
    )
    return attachment
