"""Notifications: tell someone that there is something new, never what it is.

`notify` is the one entry point other parts call, inside their transaction. The notifications
part owns what happens next (channels, preferences, quiet hours, batching, delivery).
"""

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


def notify(recipient, kind: Kind, *, key: str, enrollment=None) -> None:
    """Queue a notification of `kind` to `recipient` once per `key` (idempotency key)."""
