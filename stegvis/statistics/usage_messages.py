"""The care team's response time: from a citizen's message to the team's next message."""

from collections import defaultdict

from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Trunc

from stegvis.messaging.models import Message, SenderSide
from stegvis.statistics.usage_scope import UsageScope, enrollment_filter


def response_hours(scope: UsageScope, key: str | None) -> dict:
    """{(period, breakdown id): [hours]} for the period's citizen messages the team answered.

    One query: each citizen-side message with the first team message at or after it (the
    subquery uses the (enrollment, -created_at) index). Messages still unanswered are left
    out; a citizen's several messages before one reply each count from their own time.
    """
    reply = (
        Message.objects.filter(
            enrollment=OuterRef("enrollment"),
            sender_side=SenderSide.TEAM,
            created_at__gte=OuterRef("created_at"),
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    asked = (
        Message.objects.filter(
            enrollment_filter(scope, "enrollment__"),
            scope.between("created_at"),
            sender_side=SenderSide.CITIZEN,
        )
        .annotate(
            period=Trunc("created_at", scope.group, output_field=DateField()),
            reply_at=Subquery(reply),
            **({"key": F(key)} if key else {}),
        )
        .filter(reply_at__isnull=False)
        .values_list("period", "key" if key else "period", "created_at", "reply_at")
        .order_by()
    )
    hours: dict = defaultdict(list)
    for period, key_value, asked_at, replied_at in asked.iterator(chunk_size=5000):
        row_key = key_value if key else None
        hours[(period, row_key)].append((replied_at - asked_at).total_seconds() / 3600)
    return hours
