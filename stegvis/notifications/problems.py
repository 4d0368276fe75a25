"""Notifications to a unit's citizens that failed, were interrupted, or are stuck waiting."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from stegvis.notifications.delivery import STALE_CLAIM
from stegvis.notifications.models import Notification, Status

# A due notice still waiting this long means the worker is not running or keeps failing.
OVERDUE = dt.timedelta(minutes=30)
LIMIT = 200


def problems_at(unit, now: dt.datetime | None = None, *, training: bool = False) -> QuerySet:
    """Failed, interrupted, retrying and overdue notices about subjects at `unit`.

    Only those to people of the asker's world (docs/training.md): notices to test persons in
    training, to real people otherwise.
    """
    now = now or timezone.now()
    stuck = (
        Q(status__in=[Status.FAILED, Status.UNCERTAIN])
        | Q(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        | Q(status=Status.PENDING, attempts__gt=0)
        | Q(status=Status.PENDING, not_before__lt=now - OVERDUE)
    )
    return (
        Notification.objects.filter(unit=unit, recipient__is_training=training)
        .filter(stuck)
        .only(
            "pk",
            "kind",
            "channel",
            "status",
            "created_at",
            "failed_at",
            "not_before",
            "attempts",
            "last_error",
            "subject_kind",
            "subject_id",
        )
        .order_by("-created_at", "-pk")[:LIMIT]
    )
