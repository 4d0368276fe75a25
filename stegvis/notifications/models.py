"""Where a person wants to hear that something is new, and every notification sent to them.

A `Notification` never stores what happened, only its kind: the text is rendered at send time
from the kind alone (texts.py), so no health data can end up in an e-mail or SMS.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Preference(models.Model):
    """A person's verified addresses and the channels they chose (none by default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    use_email = models.BooleanField(_("e-mail"), default=False)
    use_sms = models.BooleanField(_("SMS"), default=False)
    language = models.CharField(max_length=8, default="sv")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"preference:{self.user_id}"

    def address_for(self, channel: str) -> str:
        """The verified address for `channel`, or "" when there is none."""
        if channel == Channel.EMAIL and self.email and self.email_verified_at:
            return self.email
        if channel == Channel.SMS and self.phone and self.phone_verified_at:
            return self.phone
        return ""

    def channels(self) -> list[str]:
        """The chosen channels that have a verified address."""
        chosen = []
        if self.use_email and self.address_for(Channel.EMAIL):
            chosen.append(Channel.EMAIL)
        if self.use_sms and self.address_for(Channel.SMS):
            chosen.append(Channel.SMS)
        return chosen


class VerificationCode(models.Model):
    """A one-time code sent to an address; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    address = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "channel", "created_at"])]

    def __str__(self) -> str:
        return f"code:{self.user_id}:{self.channel}"


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FOLDED = "folded", _("Sent together with another")
    FAILED = "failed", _("Failed")
    UNCERTAIN = "uncertain", _("Interrupted while sending")
    SKIPPED = "skipped", _("No verified address")


class Notification(models.Model):
    """One notice to one recipient on one channel, sent at most once.

    `key` is the caller's idempotency key: the same (recipient, kind, key, channel) is one row.
    `secret` holds a verification code until it is sent, then is emptied.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    key = models.CharField(max_length=200)
    # What it is about, as the notifying app names it (subjects.py): the unit whose staff see
    # it on the problems page and an opaque reference, never a foreign key into an app above.
    unit = models.ForeignKey(
        "organisation.CareUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_kind = models.CharField(max_length=32, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    not_before = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # The exception's class and, for our own provider errors, a status code; never content.
    last_error = models.CharField(max_length=200, blank=True)
    # Where it went (filled when sent, or fixed at creation for a verification code).
    address = models.CharField(max_length=254, blank=True)
    secret = models.CharField(max_length=16, blank=True)
    folded_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="folded"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key", "channel"], name="one_notification_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "not_before"]),
            models.Index(fields=["recipient", "channel", "status"]),
            models.Index(fields=["subject_kind", "subject_id"], name="notification_subject_idx"),
            models.Index(
                fields=["unit", "status"],
                name="notification_problem_idx",
                condition=Q(status__in=["failed", "uncertain"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.channel}:{self.pk}"


class DemoOutboxItem(models.Model):
    """What the demo's e-mail and SMS backends "sent", shown at /demo/outbox/ (demo only)."""

    channel = models.CharField(max_length=8, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    reference = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"outbox:{self.channel}:{self.pk}"
