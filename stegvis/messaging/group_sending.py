"""A message to a group: one text, sent into each enrollment's own conversation.

The text may hold the template placeholders ({förnamn}, {behandlare}); they are filled per
citizen. Each enrollment's message is its own transaction (`send_team_message`), so one
refusal (a closed enrollment, a conversation the sender may not write in) does not stop the
others: the result names who got it and who did not, and why.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, EnrollmentGroup
from stegvis.care.services.groups import members_of
from stegvis.messaging import placeholders, services
from stegvis.organisation.models import User
from stegvis.organisation.permissions import require_perm

# A group message goes to at most this many enrollments at once.
MAX_RECIPIENTS = 500


@dataclass
class GroupSendResult:
    sent: list[Enrollment] = field(default_factory=list)
    failed: list[tuple[Enrollment, str]] = field(default_factory=list)


def check_group_text(body: str) -> str:
    """The text as sent, or a refusal: empty, too long, or an unknown placeholder."""
    body = services.clean_body(body)
    unknown = placeholders.unknown_in(body)
    if unknown:
        raise ValidationError(
            _(
                "Unknown placeholder: %(names)s. You can use {förnamn} and {behandlare} "
                "(or {first_name} and {practitioner})."
            )
            % {"names": ", ".join(f"{{{name}}}" for name in unknown)},
            code="unknown_placeholder",
        )
    return body


def recipients(actor: User, group: EnrollmentGroup):
    """The group's enrollments the sender may list, with what a message needs joined in."""
    return (
        members_of(actor, group)
        .select_related("citizen", "unit", "release")
        .order_by("citizen__last_name", "citizen__first_name", "pk")
    )


def send_group_message(*, actor: User, group: EnrollmentGroup, body: str) -> GroupSendResult:
    """Send `body` to each enrollment of `group`; report who got it and who did not."""
    require_perm(actor, "messaging.message_group", group)
    body = check_group_text(body)
    enrollments = list(recipients(actor, group)[: MAX_RECIPIENTS + 1])
    if not enrollments:
        raise ValidationError(_("The group has no enrollments to write to."), code="empty")
    if len(enrollments) > MAX_RECIPIENTS:
        raise ValidationError(
            _("A group message can go to at most %(n)d enrollments.") % {"n": MAX_RECIPIENTS},
            code="too_many",
        )
    result = GroupSendResult()
    sender = actor.get_full_name()
    for enrollment in enrollments:
        text = placeholders.fill(
            body, first_name=enrollment.citizen.first_name, practitioner=sender
        )
        try:
            services.send_team_message(actor=actor, enrollment=enrollment, body=text)
        except (ValidationError, PermissionDenied) as refusal:
            reason = " ".join(getattr(refusal, "messages", [])) or str(refusal)
            result.failed.append((enrollment, reason or _("It could not be sent.")))
        else:
            result.sent.append(enrollment)
    return result
