"""The practitioner's response to a feedback moment."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Feedback, Flag
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.history import add_history
from stegvis.care.subjects import about_enrollment
from stegvis.notifications.services import Kind as NotificationKind
from stegvis.notifications.services import notify
from stegvis.organisation.models import User

MAX_LENGTH = 10_000


@transaction.atomic
def respond_feedback(*, actor: User, feedback: Feedback, response: str) -> Feedback:
    """Answer the citizen's feedback moment and settle its "feedback waiting" flag.

    A response can be edited later (the history keeps each time it was answered).
    """
    feedback = Feedback.objects.select_for_update().select_related("enrollment").get(pk=feedback.pk)
    enrollment = feedback.enrollment
    if not actor.has_perm("care.respond_feedback", enrollment):
        raise PermissionDenied
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("Write a response.")}, code="required")
    if len(response) > MAX_LENGTH:
        raise ValidationError(
            {"response": _("The response is too long (at most 10,000 characters).")},
            code="max_length",
        )
    now = timezone.now()
    feedback.response = response
    feedback.responded_at = now
    feedback.responded_by = actor
    feedback.save(update_fields=["response", "responded_at", "responded_by"])
    # Feedback flags are raised yellow (services/answers.py), so settling one leaves the
    # enrollment's count of open red flags (the lists' sort) as it is.
    Flag.objects.filter(
        enrollment=enrollment,
        kind=Flag.Kind.FEEDBACK,
        level=Flag.Level.YELLOW,
        dedupe_key=f"feedback:{feedback.block_key}",
        acknowledged_at__isnull=True,
    ).update(acknowledged_at=now, acknowledged_by=actor)
    add_history(enrollment, actor=actor, action="feedback.answered", block=feedback.block_key)
    record_enrollment_change(
        enrollment, actor=actor, action="care.feedback_respond", target=feedback
    )
    # Once per feedback moment: editing the response later tells the citizen nothing new.
    notify(
        enrollment.citizen,
        NotificationKind.FEEDBACK_GIVEN,
        key=f"feedback:{feedback.pk}",
        subject=about_enrollment(enrollment),
    )
    return feedback
