"""A care provider's own retention periods (docs/operations.md, Retention)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.operations.periods import Kind

MAX_DAYS = 100 * 366


class RetentionPeriod(models.Model):
    """How long `provider` keeps one kind of data; without a row the installation's default."""

    provider = models.ForeignKey(
        "organisation.CareProvider", on_delete=models.PROTECT, related_name="retention_periods"
    )
    kind = models.CharField(_("kind of data"), max_length=32, choices=Kind.choices)
    days = models.PositiveIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)]
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind"], name="one_period_per_kind"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="period_at_least_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.kind} {self.days}"
