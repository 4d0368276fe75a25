"""The kinds of notification; each has a text in texts.py (a test checks that every one does)."""

from enum import StrEnum


class Kind(StrEnum):
    NEW_MESSAGE = "new_message"
    NEW_ENROLLMENT = "new_enrollment"
    MODULE_OPENED = "module_opened"
    FEEDBACK_GIVEN = "feedback_given"
    QUESTIONNAIRE_DUE = "questionnaire_due"
    REMINDER = "reminder"
    PRACTITIONER_CHANGED = "practitioner_changed"
    RELATIVE_INVITED = "relative_invited"
    # The citizen: an invitation waits for their approval; a handover is proposed.
    APPROVAL_REQUESTED = "approval_requested"
    HANDOVER_PROPOSED = "handover_proposed"
    # Staff: the provider changed the status of a program initiative they submitted.
    INITIATIVE_UPDATED = "initiative_updated"
    # Sent by the notifications part itself.
    VERIFICATION_CODE = "verification_code"
    STAFF_DIGEST = "staff_digest"
    # Several notices folded into one send (batching); never passed to notify().
    SEVERAL = "several"


# Kinds that skip quiet hours and batching and are never folded into another send.
IMMEDIATE = frozenset({Kind.VERIFICATION_CODE})


def kind_label(kind: str) -> str:
    """A short name of the kind for staff pages (what sort of notice, never its content)."""
    from django.utils.translation import gettext as _

    labels = {
        Kind.NEW_MESSAGE: _("New message"),
        Kind.NEW_ENROLLMENT: _("New enrollment"),
        Kind.MODULE_OPENED: _("Module opened"),
        Kind.FEEDBACK_GIVEN: _("Feedback given"),
        Kind.QUESTIONNAIRE_DUE: _("Questionnaire due"),
        Kind.REMINDER: _("Reminder"),
        Kind.PRACTITIONER_CHANGED: _("Practitioner changed"),
        Kind.RELATIVE_INVITED: _("Relative invited"),
        Kind.APPROVAL_REQUESTED: _("Approval requested"),
        Kind.HANDOVER_PROPOSED: _("Handover proposed"),
        Kind.INITIATIVE_UPDATED: _("Program initiative updated"),
        Kind.VERIFICATION_CODE: _("Verification code"),
        Kind.STAFF_DIGEST: _("Staff digest"),
        Kind.SEVERAL: _("Several"),
    }
    return labels.get(kind, kind)
