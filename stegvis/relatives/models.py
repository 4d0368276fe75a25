"""Relatives and guardians invited to follow one enrollment.

A relative is a citizen account of their own (they sign in themselves); what they may see is
what their grant says, and only once it is approved (by the citizen, or not needed: a guardian
of a young child; rules in consent.py and docs/relatives.md). Grants are ended, never deleted,
so the record of who had access stays.
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

    class Approval(models.TextChoices):
        # Blank while the invitation waits for the citizen.
        PENDING = "", _("Waiting for the citizen's approval")
        CITIZEN = "citizen", _("Approved by the citizen")
        NOT_NEEDED = "not_needed", _("Guardian of a child: no approval needed")
        BEFORE_CONSENT = "before_consent", _("Given before approvals were asked for")
        DECLINED = "declined", _("Declined by the citizen")

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
    # When the grant took effect (approved, or approval not needed); null while pending.
    approved_at = models.DateTimeField(null=True, blank=True)
    approval = models.CharField(
        _("approval"), max_length=16, choices=Approval.choices, default="", blank=True
    )
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
        """Not ended: approved or still waiting for the citizen (`gives_access` says which)."""
        return self.ended_at is None

    @property
    def is_pending(self) -> bool:
        return self.ended_at is None and self.approved_at is None

    @property
    def gives_access(self) -> bool:
        return self.ended_at is None and self.approved_at is not None
