"""Research exports: who may make them, and the record of each one made.

The pseudonymisation key of an export is never stored (only its fingerprint): re-identifying
a row needs the key the provider was handed, so Stegvis alone cannot link a research file back
to a citizen. See docs/statistics.md, "Research export".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResearchExportAuthorisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ResearchExportAuthorisation(models.Model):
    """A provider admin's permission for a data admin of one of its units to export research data.

    Counts only while not revoked and while the person is still data admin at that unit.
    Revoking keeps the row: who could export, granted by whom, and when, is itself a record.
    """

    provider = models.ForeignKey(
        "organisation.CareProvider", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("organisation.CareUnit", on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ResearchExportAuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("research export authorisation")
        verbose_name_plural = _("research export authorisations")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "staff"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_research_export_authorisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.provider}"


class ResearchExport(models.Model):
    """One pseudonymised research export: what, why, by whom, and how much. Never changed."""

    class Channel(models.TextChoices):
        CLINIC = "clinic", _("Staff portal")
        COMMAND = "command", _("Command line")

    provider = models.ForeignKey(
        "organisation.CareProvider", on_delete=models.PROTECT, related_name="+"
    )
    # The staff member who exported; empty for an operator's command (see `operator`).
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exported_by_role = models.CharField(max_length=32, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    # The operating-system account that ran the command (a command has no signed-in user).
    operator = models.CharField(max_length=150, blank=True)
    program_key = models.SlugField(_("program"), max_length=64)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    reason = models.TextField(_("reason"))
    includes_free_text = models.BooleanField(_("free text included"), default=False)
    free_text_reason = models.TextField(_("why free text is included"), blank=True)
    enrollment_count = models.PositiveIntegerField(default=0)
    citizen_count = models.PositiveIntegerField(default=0)
    response_count = models.PositiveIntegerField(default=0)
    # SHA-256 of the key, shortened: lets the provider tell which key belongs to which export
    # without the record holding anything that re-identifies.
    key_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "created_at"])]

    def __str__(self) -> str:
        return f"{self.program_key} {self.period_from}–{self.period_to} #{self.pk}"


from stegvis.statistics.models_summaries import (  # noqa: E402, F401  (the app's models)
    OutcomeScore,
    SummaryState,
    UsageDay,
    UsageMonth,
    UsageReply,
    UsageWeek,
)
