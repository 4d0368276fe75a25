"""When a notification may go out: quiet hours (SMS) and at most one send per interval."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from stegvis.notifications.kinds import IMMEDIATE
from stegvis.notifications.models import Channel, Notification, Status


def quiet_hours() -> tuple[int, int] | None:
    """(start hour, end hour) in local time from NOTIFICATION_QUIET_HOURS ("21-8"), or None."""
    value = settings.NOTIFICATION_QUIET_HOURS.strip()
    if not value:
        return None
    start, end = (int(part) for part in value.split("-"))
    return start, end


def end_of_quiet_hours(moment: dt.datetime) -> dt.datetime:
    """`moment` itself when it is outside quiet hours, otherwise the moment they end."""
    hours = quiet_hours()
    if hours is None:
        return moment
    start, end = hours
    zone = ZoneInfo(settings.TIME_ZONE)
    local = moment.astimezone(zone)
    # "21-8" wraps past midnight; "13-14" does not.
    quiet = (local.hour >= start or local.hour < end) if start > end else start <= local.hour < end
    if not quiet:
        return moment
    day = local.date() if local.hour < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(end), tzinfo=zone).astimezone(dt.UTC)


def min_interval(channel: str) -> dt.timedelta:
    if channel == Channel.SMS:
        return settings.NOTIFICATION_SMS_MIN_INTERVAL
    return settings.NOTIFICATION_EMAIL_MIN_INTERVAL


def earliest_send(recipient_id: int, channel: str, kind: str, now: dt.datetime) -> dt.datetime:
    """The earliest moment a notice of `kind` may go to the recipient on `channel`."""
    if kind in IMMEDIATE:
        return now
    when = now
    interval = min_interval(channel)
    if interval:
        last_sent = (
            Notification.objects.filter(
                recipient_id=recipient_id, channel=channel, status=Status.SENT
            )
            .exclude(kind__in=IMMEDIATE)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        if last_sent is not None:
            when = max(when, last_sent + interval)
    if channel == Channel.SMS:
        when = end_of_quiet_hours(when)
    return when
