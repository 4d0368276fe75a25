"""Secure messages: one conversation per enrollment between the citizen side and the care team.

Messages are citizen data. They are never edited or deleted; reads and sends go through
`services.py` and `access.py`, which record access events.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SenderSide(models.TextChoices):
    TEAM = "team", _("Care team")
    # Relatives and guardians write on the citizen's side of the conversation.
    CITIZEN = "citizen", _("Citizen")


class AuthorRole(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    CITIZEN = "citizen", _("Citizen")
    RELATIVE = "relative", _("Relative")
    GUARDIAN = "guardian", _("Guardian")


class Message(models.Model):
    enrollment = models.ForeignKey(
        "care.Enrollment", on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sender_side = models.CharField(_("sender"), max_length=8, choices=SenderSide.choices)
    # How the author took part when writing (a relative stays a relative in the history).
    author_role = models.CharField(max_length=16, choices=AuthorRole.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    # For citizen-side messages: when someone in the care team first opened the conversation.
    read_by_team_at = models.DateTimeField(null=True, blank=True)
    read_by_team_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # For team messages: when the citizen (or a relative who may message) first opened it.
    read_by_citizen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["enrollment", "-created_at"]),
            models.Index(
                fields=["enrollment", "sender_side"],
                condition=Q(read_by_team_at__isnull=True, sender_side="citizen"),
                name="msg_unread_by_team",
            ),
            models.Index(
                fields=["enrollment", "sender_side"],
                condition=Q(read_by_citizen_at__isnull=True, sender_side="team"),
                name="msg_unread_by_citizen",
            ),
        ]

    def __str__(self) -> str:
        return f"message #{self.pk}"


class Attachment(models.Model):
    """A file sent with a message, stored under PRIVATE_MEDIA_ROOT with a random name."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    # Sanitised at upload: no path, no control characters.
    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Relative to PRIVATE_MEDIA_ROOT / "attachments"; random, never derived from the name.
    storage_name = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"attachment #{self.pk}"


class Draft(models.Model):
    """The text an author was writing, kept on the server until the message is sent."""

    enrollment = models.ForeignKey(
        "care.Enrollment", on_delete=models.CASCADE, related_name="message_drafts"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "author"], name="one_draft_per_author"),
        ]

    def __str__(self) -> str:
        return f"draft #{self.pk}"


class MessageTemplate(models.Model):
    """A unit's ready-made text for staff; placeholders are filled in when it is picked."""

    unit = models.ForeignKey(
        "organisation.CareUnit", on_delete=models.PROTECT, related_name="message_templates"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title"], name="unique_template_title_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.title
