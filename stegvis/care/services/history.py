"""The enrollment's own history (shown in Hantera), written by the services."""

from typing import Any

from stegvis.care.models import Enrollment, HistoryEvent
from stegvis.organisation.models import User


def add_history(
    enrollment: Enrollment, *, actor: User | None, action: str, **detail: Any
) -> HistoryEvent:
    """Append one event; `detail` holds keys and codes only, never free text from the citizen."""
    return HistoryEvent.objects.create(
        enrollment=enrollment,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        detail=detail,
    )
