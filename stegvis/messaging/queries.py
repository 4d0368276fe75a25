"""Unread counts, single and in bulk (the lists annotate; they never loop)."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from stegvis.messaging.models import Message, SenderSide


def _unread_by_team():
    return Message.objects.filter(sender_side=SenderSide.CITIZEN, read_by_team_at__isnull=True)


def _unread_by_citizen():
    return Message.objects.filter(sender_side=SenderSide.TEAM, read_by_citizen_at__isnull=True)


def unanswered_count(enrollment) -> int:
    """Citizen-side messages of `enrollment` that nobody in the care team has opened yet."""
    return _unread_by_team().filter(enrollment=enrollment).count()


def unread_for_citizen_count(enrollment) -> int:
    """Team messages of `enrollment` the citizen side has not opened yet."""
    return _unread_by_citizen().filter(enrollment=enrollment).count()


def _count_subquery(messages) -> Coalesce:
    counted = (
        messages.filter(enrollment=OuterRef("pk"))
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def annotate_unread(queryset: QuerySet) -> QuerySet:
    """Annotate enrollments with `unread_messages`: citizen-side messages the team has not read."""
    return queryset.annotate(unread_messages=_count_subquery(_unread_by_team()))


def annotate_unread_for_citizen(queryset: QuerySet) -> QuerySet:
    """Annotate enrollments with `unread_messages`: team messages the citizen has not read."""
    return queryset.annotate(unread_messages=_count_subquery(_unread_by_citizen()))


def unread_by_team_per_unit(unit_ids: set[int], since: dt.datetime | None = None) -> dict[int, int]:
    """{unit id: citizen-side messages the team has not read} (new since `since`, when given).

    Registered as the staff digest's unread count (notifications sits below messaging). Training
    enrollments never count: the digest goes to real staff (docs/training.md).
    """
    rows = _unread_by_team().filter(enrollment__unit_id__in=unit_ids, enrollment__is_training=False)
    if since:
        rows = rows.filter(created_at__gt=since)
    return dict(
        rows.values("enrollment__unit_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment__unit_id", "n")
    )
