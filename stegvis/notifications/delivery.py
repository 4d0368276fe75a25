"""Sending one notification: claim it, send it outside any transaction, record the outcome.

At most once: the claim (pending -> sending) commits before the provider is called. A worker
killed after the claim leaves the row "sending"; the sweep marks such stale claims "uncertain"
and shows them to staff instead of sending again, because the provider may already have sent.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from stegvis.notifications import texts
from stegvis.notifications.kinds import IMMEDIATE, Kind
from stegvis.notifications.models import Channel, Notification, Preference, Status
from stegvis.notifications.schedule import earliest_send
from stegvis.notifications.sms import SmsError, send_sms

logger = logging.getLogger(__name__)

STALE_CLAIM = dt.timedelta(minutes=10)


class Outcome:
    SENT = "sent"
    NOT_DUE = "not_due"
    POSTPONED = "postponed"
    SKIPPED = "skipped"
    RETRY = "retry"
    FAILED = "failed"


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 ... minutes after the attempts so far, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver(notification_id: int, now: dt.datetime | None = None) -> str:
    """Send the notification if it is pending and due; return what happened (an Outcome)."""
    claim = _claim(notification_id, now or timezone.now())
    if isinstance(claim, str):
        return claim
    notification, text = claim
    try:
        _send(notification, text)
    except Exception as exc:
        return _record_failure(notification, exc)
    _record_sent(notification)
    return Outcome.SENT


def _claim(notification_id: int, now: dt.datetime):
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=Status.PENDING, not_before__lte=now)
            .first()
        )
        if notification is None:
            return Outcome.NOT_DUE
        when = earliest_send(
            notification.recipient_id, notification.channel, notification.kind, now
        )
        if when > now:
            notification.not_before = when
            notification.save(update_fields=["not_before"])
            return Outcome.POSTPONED
        preference = Preference.objects.filter(user_id=notification.recipient_id).first()
        address = _address(notification, preference)
        folded = _fold_others(notification, now)
        if not address:
            Notification.objects.filter(pk__in=[notification.pk, *folded]).update(
                status=Status.SKIPPED, secret=""
            )
            return Outcome.SKIPPED
        notification.status = Status.SENDING
        notification.claimed_at = now
        notification.attempts += 1
        notification.address = address
        notification.save(update_fields=["status", "claimed_at", "attempts", "address"])
        text = _text(notification, preference, several=bool(folded))
    return notification, text


def _address(notification: Notification, preference: Preference | None) -> str:
    if notification.kind == Kind.VERIFICATION_CODE:
        return notification.address
    if notification.kind == Kind.STAFF_DIGEST:
        return notification.recipient.email
    if preference is None:
        return ""
    chosen = preference.use_email if notification.channel == Channel.EMAIL else preference.use_sms
    return preference.address_for(notification.channel) if chosen else ""


def _fold_others(notification: Notification, now: dt.datetime) -> list[int]:
    """Claim the recipient's other waiting notices on this channel into this one send."""
    if notification.kind in IMMEDIATE or notification.kind == Kind.STAFF_DIGEST:
        return []
    others = list(
        Notification.objects.select_for_update()
        .filter(
            recipient_id=notification.recipient_id,
            channel=notification.channel,
            status=Status.PENDING,
        )
        .exclude(pk=notification.pk)
        .exclude(kind__in=[*IMMEDIATE, Kind.STAFF_DIGEST])
        .values_list("pk", flat=True)
    )
    if others:
        Notification.objects.filter(pk__in=others).update(
            status=Status.FOLDED, folded_into=notification, claimed_at=now
        )
    return others


def _text(notification: Notification, preference: Preference | None, *, several: bool):
    language = preference.language if preference else settings.LANGUAGE_CODE
    if notification.kind == Kind.STAFF_DIGEST:
        from stegvis.notifications.digests import unit_counts_for

        return texts.render(
            Kind.STAFF_DIGEST,
            Channel.EMAIL,
            language=language,
            unit_counts=unit_counts_for(notification.recipient),
        )
    kind = Kind.SEVERAL if several else notification.kind
    return texts.render(kind, notification.channel, language=language, code=notification.secret)


def _send(notification: Notification, text: texts.Text) -> None:
    reference = str(notification.pk)
    if notification.channel == Channel.SMS:
        send_sms(notification.address, text.body, reference=reference)
        return
    message = EmailMessage(
        subject=text.subject,
        body=text.body,
        to=[notification.address],
        headers={"X-Stegvis-Notification": reference, "Auto-Submitted": "auto-generated"},
        connection=get_connection(fail_silently=False),
    )
    message.send(fail_silently=False)


def _record_sent(notification: Notification) -> None:
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=now, secret="", last_error=""
        )
        Notification.objects.filter(folded_into=notification, status=Status.FOLDED).update(
            sent_at=now
        )


def error_summary(exc: Exception) -> str:
    """The error's class and, for our provider errors, their code; never its message."""
    summary = type(exc).__name__
    code = getattr(exc, "code", None) or getattr(exc, "smtp_code", None)
    if (isinstance(exc, SmsError) and code) or isinstance(code, int):
        summary += f" ({code})"
    return summary[:200]


def _record_failure(notification: Notification, exc: Exception) -> str:
    now = timezone.now()
    error = error_summary(exc)
    logger.warning("Notification %s failed: %s", notification.pk, error)
    with transaction.atomic():
        folded = Notification.objects.filter(folded_into=notification, status=Status.FOLDED)
        if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
                status=Status.FAILED, failed_at=now, last_error=error, secret=""
            )
            return Outcome.FAILED
        # Unfold, so the retry carries them again (or another send does, whichever is first).
        folded.update(status=Status.PENDING, folded_into=None, claimed_at=None)
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
            status=Status.PENDING,
            not_before=now + backoff(notification.attempts),
            last_error=error,
            claimed_at=None,
        )
    return Outcome.RETRY


def mark_stale_claims(now: dt.datetime | None = None) -> int:
    """Mark claims older than STALE_CLAIM as uncertain (never resend what may have gone out)."""
    now = now or timezone.now()
    return Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(status=Status.UNCERTAIN, failed_at=now, secret="", last_error="Interrupted")


def due_ids(now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Notification.objects.filter(status=Status.PENDING, not_before__lte=now)
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:limit]
    )
