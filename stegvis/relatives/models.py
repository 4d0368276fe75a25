"""Relatives and guardians invited to follow one enrollment.

A relative is a citizen account of their own (they sign in themselves); what they may see is
what their grant says. Grants are ended, never deleted, so the record of who had access stays.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RelativeGrant(models.Model):
    class Relation(models.TextChoices):
        RELATIVE = "relative", _("Relative")
        GUARDIAN = "guardian", _("Guardian")

    enrollment = models.ForeignKey(
        "care.Enrollment", on_delete=models.PROTECT, related_name="relative_grants"
    )
    relative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="relative_grants"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    may_message = models.BooleanField(_("may read and write messages"), default=True)
    # Keys of the release's modules the relative may read; empty means none.
    module_keys = models.JSONField(_("modules"), default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("relative's access")
        verbose_name_plural = _("relatives' access")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "relative"],
                condition=Q(ended_at__isnull=True),
                name="one_active_grant_per_relative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relation} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
