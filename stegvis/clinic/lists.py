"""Care's enrollment lists as the clinic shows them: each row with its unread message count.

Care sits below messaging and knows nothing of messages; the clinic composes the two, still in
one annotated query per page.
"""

from django.db.models import QuerySet

from stegvis.care.services import lists as care_lists
from stegvis.care.services.lists import programs_at
from stegvis.messaging.queries import annotate_unread
from stegvis.organisation.models import CareUnit, User

__all__ = ["my_enrollments", "programs_at", "unit_enrollments"]


def my_enrollments(user: User, unit: CareUnit) -> QuerySet:
    """Mina (see care's `my_enrollments`), each row with `unread_messages`."""
    return annotate_unread(care_lists.my_enrollments(user, unit))


def unit_enrollments(user: User, unit: CareUnit, **filters) -> QuerySet:
    """Alla (see care's `unit_enrollments` for the filters), each row with `unread_messages`."""
    return annotate_unread(care_lists.unit_enrollments(user, unit, **filters))
