"""Work waiting on an enrollment that an app above care holds: that app answers (a registry).

Care sits below messaging and must not import it, yet a handover lists the citizen's messages
nobody in the team has read. Messaging registers the count in `MessagingConfig.ready`. A missing
registration is an error, never "nothing waiting".
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# enrollment -> citizen-side messages nobody in the care team has opened yet.
UnansweredMessages = Callable[[object], int]

_unanswered_messages: UnansweredMessages | None = None


def register(*, unanswered_messages: UnansweredMessages) -> None:
    global _unanswered_messages
    _unanswered_messages = unanswered_messages


def unanswered_messages(enrollment) -> int:
    """Citizen-side messages of `enrollment` that nobody in the care team has opened yet."""
    if _unanswered_messages is None:
        raise ImproperlyConfigured("No app registered the unanswered messages (messaging app).")
    return _unanswered_messages(enrollment)
