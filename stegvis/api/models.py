"""API clients: a system or app that holds OAuth 2.0 tokens for one care provider (ADR 0010)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.api import scopes as smart


class ApiClientQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=now)
        )


class ApiClient(models.Model):
    """Stegvis's side of one OAuth application: who it acts for, which scopes, its state.

    One-to-one with django-oauth-toolkit's `Application`, which keeps the OAuth parts (client
    id, hashed secret, grant type, redirect URIs). Revoking keeps the row (who, when): the
    access log names the client by `code` long after.
    """

    class Kind(models.TextChoices):
        SYSTEM = "system", _("System (client credentials)")
        PATIENT_APP = "patient_app", _("Citizen's app (authorization code with PKCE)")
        STAFF_APP = "staff_app", _("Staff app (authorization code with PKCE)")

    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="api_client"
    )
    provider = models.ForeignKey(
        "organisation.CareProvider", on_delete=models.PROTECT, related_name="+"
    )
    # Empty: every unit of the provider. Otherwise only enrollments at these units.
    units = models.ManyToManyField("organisation.CareUnit", blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    # Named in the access log (in the place of an HSA-id): "API-" and 8 hex digits.
    code = models.CharField(max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    scopes = models.JSONField(_("scopes"), default=list)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def context(self) -> str:
        """The SMART context of every token the client gets."""
        return {
            self.Kind.SYSTEM: smart.SYSTEM,
            self.Kind.PATIENT_APP: smart.PATIENT,
            self.Kind.STAFF_APP: smart.USER,
        }[self.kind]

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.valid_until is None or self.valid_until > now


class BulkExport(models.Model):
    """One `$export` of a program's responses for research (FHIR Bulk Data, docs/api.md).

    Asked for by a system client, run by a task, read back only by the same client. The key
    that made its pseudonyms is never stored (only its fingerprint): nobody, Stegvis included,
    can link its rows back to a citizen. Cancelling deletes the files and keeps the row (the
    access log names it).
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    # In the status and file URLs: random, so one client cannot guess another's job.
    public_id = models.UUIDField(unique=True)
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    program_key = models.SlugField(_("program"), max_length=64)
    # The units whose enrollments it holds: the client's reach at the kick-off.
    unit_ids = models.JSONField(default=list)
    # Completed responses from this moment on (`_since`); empty for all.
    since = models.DateTimeField(null=True, blank=True)
    # The kick-off URL as the client sent it (the manifest's `request`).
    request_url = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACCEPTED)
    progress = models.PositiveIntegerField(default=0)  # responses written so far
    # When the data was read (the manifest's transactionTime).
    transaction_time = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The job's folder under PRIVATE_MEDIA_ROOT (bulk-exports/<public_id>), empty once deleted.
    directory = models.CharField(max_length=200, blank=True)
    response_count = models.PositiveIntegerField(default=0)
    citizen_count = models.PositiveIntegerField(default=0)
    key_fingerprint = models.CharField(max_length=64, blank=True)
    # What went wrong, in English, for the client (never health data).
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bulk export")
        verbose_name_plural = _("bulk exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"$export {self.program_key} #{self.pk}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.ACCEPTED, self.Status.IN_PROGRESS)
