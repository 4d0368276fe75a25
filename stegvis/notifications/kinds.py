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
    # Sent by the notifications part itself.
    VERIFICATION_CODE = "verification_code"
    STAFF_DIGEST = "staff_digest"
    # Several notices folded into one send (batching); never passed to notify().
    SEVERAL = "several"


# Kinds that skip quiet hours and batching and are never folded into another send.
IMMEDIATE = frozenset({Kind.VERIFICATION_CODE})
