"""Staff digests: counts of unread citizen messages and unacknowledged red flags per unit.

Once per NOTIFICATION_STAFF_DIGEST_PERIOD per staff member, and only when something arrived
since their last digest. The e-mail names units by HSA-id and carries counts, nothing else.
"""

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from stegvis.care.models import Flag
from stegvis.notifications.kinds import Kind
from stegvis.notifications.models import Channel, Notification
from stegvis.notifications.services import queue_notification
from stegvis.organisation.models import CareUnit, Role
from stegvis.organisation.roles import roles_of

DIGEST_ROLES = (Role.PRACTITIONER, Role.CITIZEN_ADMIN)


def _message_model():
    try:
        return apps.get_model("messaging", "Message")
    except LookupError:
        return None


def _digest_unit_ids(staff) -> set[int]:
    roles = roles_of(staff)
    return {unit_id for unit_id, held in roles.by_unit.items() if held & set(DIGEST_ROLES)}


def _unread_messages(unit_ids, since: dt.datetime | None = None):
    message = _message_model()
    if message is None:
        return None
    rows = message.objects.filter(
        enrollment__unit_id__in=unit_ids, sender_side="citizen", read_by_team_at__isnull=True
    )
    return rows.filter(created_at__gt=since) if since else rows


def _open_red_flags(unit_ids, since: dt.datetime | None = None):
    rows = Flag.objects.filter(
        enrollment__unit_id__in=unit_ids,
        level=Flag.Level.RED,
        acknowledged_at__isnull=True,
    )
    return rows.filter(raised_at__gt=since) if since else rows


def unit_counts_for(staff) -> list[tuple[str, int, int]]:
    """(unit HSA-id, unread citizen messages, open red flags) for units with something."""
    unit_ids = _digest_unit_ids(staff)
    if not unit_ids:
        return []
    messages = _unread_messages(unit_ids)
    message_counts = (
        dict(
            messages.values("enrollment__unit_id")
            .annotate(n=Count("pk"))
            .values_list("enrollment__unit_id", "n")
        )
        if messages is not None
        else {}
    )
    flag_counts = dict(
        _open_red_flags(unit_ids)
        .values("enrollment__unit_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment__unit_id", "n")
    )
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
    return Staff.objects.filter(pk__in=staff_ids, is_active=True).exclude(email="")


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
        messages = _unread_messages(unit_ids, since)
        news = (messages is not None and messages.exists()) or _open_red_flags(
            unit_ids, since
        ).exists()
        if not news:
            continue
        period_index = int(now.timestamp() // max(period.total_seconds(), 60))
        created = queue_notification(
            staff.pk, Kind.STAFF_DIGEST, Channel.EMAIL, key=f"digest:{period_index}"
        )
        queued += created is not None
    return queued
