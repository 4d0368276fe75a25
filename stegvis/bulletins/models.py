"""Driftinformation: a provider admin's operational message to all or some of its units."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.models import CareProvider, CareUnit


class Bulletin(models.Model):
    """One message, shown on the start page of its units' staff from `starts_on`.

    It stays there until the staff member marks it read or `ends_on` has passed; the archive
    keeps every message that reached a unit. While it has not ended the provider admin may
    change it (`version` counts the changes, so a form from before another admin's change is
    refused) or end it now (`ended_at`): it then leaves start pages and stays in the archive.
    """

    provider = models.ForeignKey(
        CareProvider, on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("provider")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    starts_on = models.DateField(_("shown from"))
    ends_on = models.DateField(_("shown until"), null=True, blank=True)
    # True: every unit of the provider, also units added later; False: `units` only.
    all_units = models.BooleanField(_("all units"), default=True)
    units = models.ManyToManyField(CareUnit, blank=True, related_name="+", verbose_name=_("units"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["provider", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="bulletin_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_current(self, today) -> bool:
        return self.starts_on <= today and not self.has_ended_on(today)

    def has_ended_on(self, today) -> bool:
        """Ended early ("End now") or past its end date: no longer shown, no longer changed."""
        return self.ended_at is not None or (self.ends_on is not None and self.ends_on < today)

    @property
    def has_ended(self) -> bool:
        return self.has_ended_on(timezone.localdate())


class BulletinRead(models.Model):
    """A staff member has read (and so hidden) a message; once per person."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="reads")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "staff"], name="bulletin_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} read by {self.staff_id}"
