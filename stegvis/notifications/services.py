"""Notifications: tell someone that there is something new, never what it is.

`notify` is the one entry point other parts call, inside their transaction. The notifications
part owns what happens next (channels, preferences, quiet hours, batching, delivery).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from stegvis.notifications.kinds import Kind
from stegvis.notifications.models import Channel, Notification, Preference, VerificationCode
from stegvis.notifications.schedule import earliest_send
from stegvis.notifications.subjects import Subject
from stegvis.notifications.texts import VERIFICATION_MINUTES

__all__ = ["Kind", "Subject", "notify"]

CODE_ATTEMPTS = 5
CODES_PER_HOUR = 5


def notify(recipient, kind: Kind, *, key: str, subject: Subject | None = None) -> None:
    """Queue a notification of `kind` to `recipient` once per `key` (idempotency key).

    `subject` is what it is about (subjects.py): its unit's staff see it should it not go out.

    One row per channel the recipient chose and verified; none when they chose none. Sending
    is a task enqueued on commit; a notice held back by quiet hours or batching is picked up by
    the sweep (`send_due_notifications`).
    """
    kind = Kind(kind)
    if kind in (Kind.SEVERAL, Kind.VERIFICATION_CODE, Kind.STAFF_DIGEST):
        raise ValueError(f"{kind} is sent by the notifications part itself")
    preference = Preference.objects.filter(user_id=recipient.pk).first()
    if preference is None:
        return
    for channel in preference.channels():
        queue_notification(recipient.pk, kind, channel, key=key, subject=subject)


def queue_notification(
    recipient_id: int,
    kind: str,
    channel: str,
    *,
    key: str,
    subject: Subject | None = None,
    address: str = "",
    secret: str = "",
) -> Notification | None:
    """Create the row (or find the existing one for the key) and enqueue it if due now."""
    now = timezone.now()
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient_id=recipient_id,
                kind=kind,
                key=key[:200],
                channel=channel,
                defaults={
                    "unit_id": subject.unit_id if subject else None,
                    "subject_kind": subject.kind if subject else "",
                    "subject_id": subject.pk if subject else None,
                    "not_before": earliest_send(recipient_id, channel, kind, now),
                    "address": address,
                    "secret": secret,
                },
            )
    except IntegrityError:
        return None
    if created and notification.not_before <= now:
        enqueue_delivery(notification.pk)
    return notification if created else None


def move_subject(subject: Subject) -> None:
    """Show the notices about `subject` at its unit now (a care handover moved it there)."""
    Notification.objects.filter(subject_kind=subject.kind, subject_id=subject.pk).exclude(
        unit_id=subject.unit_id
    ).update(unit_id=subject.unit_id)


def enqueue_delivery(notification_id: int) -> None:
    from stegvis.notifications.tasks import deliver

    transaction.on_commit(lambda: deliver.enqueue(notification_id))


# Verification of addresses -------------------------------------------------------------------


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


class VerificationRefused(Exception):
    """A code was not sent; `reason` ("too_many_codes", "address_unavailable") picks the message."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def address_of_another_account(user, channel: str, address: str) -> bool:
    """Whether `address` is another account's sign-in e-mail or another's verified address.

    Such an address can't be verified by a second account: mail to it (a password reset link,
    in the demo outbox) must never reach someone else.
    """
    address = address.strip()
    if not address:
        return False
    others = Preference.objects.exclude(user=user)
    if channel == Channel.EMAIL:
        accounts = get_user_model().objects.exclude(pk=user.pk).filter(email__iexact=address)
        verified = others.filter(email__iexact=address, email_verified_at__isnull=False)
        return accounts.exists() or verified.exists()
    return others.filter(phone=address, phone_verified_at__isnull=False).exists()


def addresses_of_other_accounts(user, addresses: set[str]) -> set[str]:
    """The members of `addresses` (compared case-insensitively) that belong to another account."""
    lowered = {a.lower() for a in addresses if a}
    if not lowered:
        return set()
    emails = Q()
    for address in lowered:
        emails |= Q(email__iexact=address)
    taken = {
        e.lower()
        for e in get_user_model()
        .objects.exclude(pk=user.pk)
        .filter(emails)
        .values_list("email", flat=True)
    }
    others = Preference.objects.exclude(user=user)
    verified = others.filter(
        Q(emails, email_verified_at__isnull=False)
        | Q(phone__in=addresses, phone_verified_at__isnull=False)
    ).values_list("email", "phone", "email_verified_at", "phone_verified_at")
    for email, phone, email_at, phone_at in verified:
        if email_at and email:
            taken.add(email.lower())
        if phone_at and phone:
            taken.add(phone.lower())
    return {a for a in addresses if a and a.lower() in taken}


def send_verification_code(*, user, channel: str, address: str) -> VerificationCode:
    """Send a fresh six-digit code to `address` and keep only its hash.

    Earlier unused codes for the channel stop working. At most CODES_PER_HOUR codes an hour.
    An address of another account is refused (and the attempt counts towards the hour's
    limit, so it cannot be used to probe for addresses).
    """
    with transaction.atomic():
        record = _new_code(user=user, channel=channel, address=address)
    if isinstance(record, str):  # raised only now, so that the spent row stays committed
        raise VerificationRefused(record)
    return record


def _new_code(*, user, channel: str, address: str) -> VerificationCode | str:
    """The new code, or the reason it is refused."""
    now = timezone.now()
    recent = VerificationCode.objects.filter(
        user=user, channel=channel, created_at__gte=now - timedelta(hours=1)
    ).count()
    if recent >= CODES_PER_HOUR:
        return "too_many_codes"
    if address_of_another_account(user, channel, address):
        # A spent row without the address: it counts towards the limit and names no one.
        VerificationCode.objects.create(
            user=user, channel=channel, address="", code_hash="", expires_at=now, used_at=now
        )
        return "address_unavailable"
    VerificationCode.objects.filter(user=user, channel=channel, used_at__isnull=True).update(
        used_at=now
    )
    code = f"{secrets.randbelow(10**6):06d}"
    record = VerificationCode.objects.create(
        user=user,
        channel=channel,
        address=address,
        code_hash=_hash(code),
        expires_at=now + timedelta(minutes=VERIFICATION_MINUTES),
    )
    queue_notification(
        user.pk,
        Kind.VERIFICATION_CODE,
        channel,
        key=f"code:{record.pk}",
        address=address,
        secret=code,
    )
    return record


class CodeResult:
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"
    MISSING = "missing"
    UNAVAILABLE = "unavailable"


@transaction.atomic
def check_verification_code(*, user, channel: str, code: str) -> str:
    """Check `code` against the latest code for `channel`; mark the address verified if right.

    Returns a CodeResult. A code dies after CODE_ATTEMPTS wrong tries or when it expires.
    """
    record = (
        VerificationCode.objects.select_for_update()
        .filter(user=user, channel=channel, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    now = timezone.now()
    if record is None:
        return CodeResult.MISSING
    if record.attempts >= CODE_ATTEMPTS:
        return CodeResult.LOCKED
    if record.expires_at <= now:
        return CodeResult.EXPIRED
    if not hmac.compare_digest(record.code_hash, _hash(code.strip())):
        record.attempts += 1
        record.save(update_fields=["attempts"])
        return CodeResult.LOCKED if record.attempts >= CODE_ATTEMPTS else CodeResult.WRONG
    record.used_at = now
    record.save(update_fields=["used_at"])
    if address_of_another_account(user, channel, record.address):
        return CodeResult.UNAVAILABLE  # another account verified it since the code was sent
    preference = preference_for(user, lock=True)
    if channel == Channel.EMAIL:
        preference.email, preference.email_verified_at = record.address, now
    else:
        preference.phone, preference.phone_verified_at = record.address, now
    preference.updated_at = now
    preference.save()
    return CodeResult.OK


# Preferences ---------------------------------------------------------------------------------


def preference_for(user, *, lock: bool = False) -> Preference:
    manager = Preference.objects.select_for_update() if lock else Preference.objects
    preference = manager.filter(user=user).first()
    if preference is None:
        preference, _ = Preference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def choose_channels(
    *, user, use_email: bool, use_sms: bool, language: str | None = None
) -> Preference:
    """Save the chosen channels (and the language texts go out in).

    A channel without a verified address cannot be chosen.
    """
    preference = preference_for(user, lock=True)
    if language in ("sv", "en"):
        preference.language = language
    preference.use_email = use_email and bool(preference.address_for(Channel.EMAIL))
    preference.use_sms = use_sms and bool(preference.address_for(Channel.SMS))
    preference.updated_at = timezone.now()
    preference.save()
    return preference


def pending_address(user, channel: str) -> str:
    """The address the latest unused code was sent to (to show on the code form)."""
    return (
        VerificationCode.objects.filter(user=user, channel=channel, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("address", flat=True)
        .first()
        or ""
    )
