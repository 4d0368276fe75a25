"""Staff digests: counts of unread citizen messages and unacknowledged red flags per unit.

Once per NOTIFICATION_STAFF_DIGEST_PERIOD per staff member, and only when something arrived
since their last digest. The e-mail names units by HSA-id and carries counts, nothing else.
The counts come from messaging and care through `digest_counts` (they sit above this app).
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from stegvis.notifications.digest_counts import (
    COUNTS,
    OPEN_RED_FLAGS,
    UNREAD_MESSAGES,
    count_per_unit,
)
from stegvis.notifications.kinds import Kind
from stegvis.notifications.models import Channel, Notification
from stegvis.notifications.services import queue_notification
from stegvis.organisation.models import CareUnit, Role
from stegvis.organisation.roles import roles_of

DIGEST_ROLES = (Role.PRACTITIONER, Role.CITIZEN_ADMIN)


def _digest_unit_ids(staff) -> set[int]:
    roles = roles_of(staff)
    return {unit_id for unit_id, held in roles.by_unit.items() if held & set(DIGEST_ROLES)}


def unit_counts_for(staff) -> list[tuple[str, int, int]]:
    """(unit HSA-id, unread citizen messages, open red flags) for units with something."""
    unit_ids = _digest_unit_ids(staff)
    if not unit_ids:
        return []
    message_counts = count_per_unit(UNREAD_MESSAGES, unit_ids)
    flag_counts = count_per_unit(OPEN_RED_FLAGS, unit_ids)
    units = CareUnit.objects.filter(pk__in=unit_ids).order_by("hsa_id")
    return [
        (unit.hsa_id, message_counts.get(unit.pk, 0), flag_counts.get(unit.pk, 0))
        for unit in units
        if message_counts.get(unit.pk) or flag_counts.get(unit.pk)
    ]


def _staff_with_digest_roles():
    from stegvis.organisation.models import RoleGrant, Staff

    staff_ids = (
        RoleGrant.objects.active()
        .filter(role__in=DIGEST_ROLES, unit__isnull=False, unit__is_active=True)
        .values_list("staff_id", flat=True)
        .distinct()
    )
    # Test practitioners get none: the digest counts real care only (docs/training.md).
    return Staff.objects.filter(pk__in=staff_ids, is_active=True, is_training=False).exclude(
        email=""
    )


def queue_staff_digests(now: dt.datetime | None = None) -> int:
    """Create (and enqueue) a digest for every staff member with news since their last one."""
    now = now or timezone.now()
    period: dt.timedelta = settings.NOTIFICATION_STAFF_DIGEST_PERIOD
    last_by_staff = dict(
        Notification.objects.filter(kind=Kind.STAFF_DIGEST)
        .values("recipient_id")
        .annotate(last=Max("created_at"))
        .values_list("recipient_id", "last")
    )
    queued = 0
    for staff in _staff_with_digest_roles():
        last = last_by_staff.get(staff.pk)
        if last is not None and now - last < period:
            continue
        unit_ids = _digest_unit_ids(staff)
        if not unit_ids:
            continue
        since = last or now - period
        news = any(count_per_unit(name, unit_ids, since) for name in COUNTS)
        if not news:
            continue
        period_index = int(now.timestamp() // max(period.total_seconds(), 60))
        created = queue_notification(
            staff.pk, Kind.STAFF_DIGEST, Channel.EMAIL, key=f"digest:{period_index}"
        )
        queued += created is not None
    return queued
