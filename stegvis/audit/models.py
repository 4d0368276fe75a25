"""The access log required by patientdatalagen (PDL): who touched which citizen's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    """One read or change of citizen data, or of the roles that grant access to it.

    Append-only: rows are created through `stegvis.audit.recording` and never changed, except
    that the sealer fills the seal columns once (ADR 0007). The actor's
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
    # Indexed with the time (Meta.indexes), not alone.
    provider = models.ForeignKey(
        "organisation.CareProvider",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Enrollments arrive with the care app; kept as a plain id so audit depends on nothing.
    enrollment_id = models.BigIntegerField(null=True, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # A compact list read (ADR 0007): one event for a whole list page, naming its citizens in
    # AccessEventSubject rows; this many of them. NULL for an event that names its own citizen.
    # (No CHECK constraint: adding one to the big table would make PostgreSQL scan it.)
    subject_count = models.IntegerField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    # Tamper evidence (ADR 0007): one keyed chain per provider (0 for events without one). An
    # event is inserted unsealed (these four NULL) and the sealer fills them once: its sequence
    # in the chain, the previous link, its own link (an HMAC over its fields and the previous
    # link) and the id of the key that made the link.
    chain = models.BigIntegerField(default=0)
    sequence = models.BigIntegerField(null=True, blank=True)
    # NULL, not "", means "not sealed yet": the PostgreSQL trigger allows filling NULLs only.
    prev_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    key_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["unit", "occurred_at"]),
            # The log review's newest lines of a provider, read in order up to the page's end.
            models.Index(
                fields=["provider", "-occurred_at", "-id"], name="audit_event_provider_newest"
            ),
            # The sealer's queue: unsealed events of a chain, in id order.
            models.Index(
                fields=["chain", "id"],
                condition=models.Q(sequence__isnull=True),
                name="audit_unsealed_events",
            ),
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

    @property
    def is_sealed(self) -> bool:
        return self.sequence is not None


class AccessEventSubject(models.Model):
    """One citizen (and enrollment) shown by a compact list read: a narrow row, not an event.

    Append-only like its event, and covered by the event's keyed link: the sealer links the
    event together with the sorted list of its subjects, so a removed, added or changed
    subject row breaks the chain at that event (ADR 0007, "Compact list reads").
    """

    event = models.ForeignKey(AccessEvent, on_delete=models.PROTECT, related_name="subject_rows")
    # No index of its own: the (citizen, event) index below serves every lookup by citizen.
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enrollment_id = models.BigIntegerField(null=True, blank=True)
    # The event's time, copied: on PostgreSQL the subjects are partitioned by month with their
    # events and refer to them by (id, occurred_at) (stegvis/audit/partitions.py).
    occurred_at = models.DateTimeField()

    class Meta:
        verbose_name = _("citizen shown in a list read")
        verbose_name_plural = _("citizens shown in list reads")
        # The citizen's own view and the review's citizen search: index reads by citizen.
        indexes = [
            models.Index(fields=["citizen", "event"], name="audit_subject_citizen"),
            # The log review's newest lines of list reads (their time is their event's).
            models.Index(fields=["-occurred_at", "-event", "citizen"], name="audit_subject_newest"),
        ]

    def __str__(self) -> str:
        return f"citizen {self.citizen_id} in event {self.event_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Access event subjects are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Access event subjects are append-only and cannot be deleted.")


class Checkpoint(models.Model):
    """A signed statement of a chain's head: "chain C had S events ending in link L at time T".

    Written by the sealer after each batch and regularly, to this table and to an append-only
    file per chain in AUDIT_CHECKPOINT_DIR that an operator ships off the machine. A *base*
    checkpoint marks where a chain continues after its older events were archived.
    """

    class Kind(models.TextChoices):
        HEAD = "head", _("Head")
        BASE = "base", _("Base")

    chain = models.BigIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.HEAD)
    sequence = models.BigIntegerField()
    link = models.CharField(max_length=64)
    event_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now)
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("access log checkpoint")
        verbose_name_plural = _("access log checkpoints")
        indexes = [models.Index(fields=["chain", "kind", "sequence"])]

    def __str__(self) -> str:
        return f"chain {self.chain} {self.kind} at {self.sequence}"


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
