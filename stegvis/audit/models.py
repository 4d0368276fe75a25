"""The access log required by patientdatalagen (PDL): who touched which citizen's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    """One read or change of citizen data, or of the roles that grant access to it.

    Append-only: rows are created through `stegvis.audit.record` and never changed. The actor's
    HSA-id and role are copied, not only referenced, so the row stays true if grants change.
    """

    class Kind(models.TextChoices):
        READ = "read", _("Read")
        CHANGE = "change", _("Change")

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_hsa_id = models.CharField(max_length=31, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    unit = models.ForeignKey(
        "organisation.CareUnit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        "organisation.CareProvider", null=True, on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Enrollments arrive with the care app; kept as a plain id so audit depends on nothing.
    enrollment_id = models.BigIntegerField(null=True, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    # Tamper evidence: one hash chain per provider (0 for events without one). Each event's
    # hash covers its own fields and the previous event's hash in the same chain.
    chain = models.BigIntegerField(default=0)
    sequence = models.BigIntegerField(default=0)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["unit", "occurred_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="one_event_per_link"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Access events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Access events are append-only and cannot be deleted.")


class LogReviewerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class LogReviewer(models.Model):
    """A provider admin's permission for a staff member to review the provider's access log.

    Ending a grant keeps the row (who granted, who ended, when): the grant is itself evidence.
    """

    provider = models.ForeignKey(
        "organisation.CareProvider", on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LogReviewerQuerySet.as_manager()

    class Meta:
        verbose_name = _("log reviewer")
        verbose_name_plural = _("log reviewers")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "staff"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_log_reviewer_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.provider}"
