"""A unit's own groups of enrollments (docs/groups.md): the lists' filter, group messages."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.care.models import Enrollment


class EnrollmentGroup(models.Model):
    """A unit's own group of enrollments ("grupp vår 2027", "väntar på bedömning").

    Staff's way to sort their work: the lists filter by it and a message can go to each of its
    enrollments. It moves nothing and grants nothing; a handover leaves the unit's groups.
    """

    unit = models.ForeignKey(
        "organisation.CareUnit",
        on_delete=models.PROTECT,
        related_name="enrollment_groups",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(Lower("name"), "unit", name="one_group_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """One enrollment in one group. The unique index (group, enrollment) serves the filter."""

    group = models.ForeignKey(EnrollmentGroup, on_delete=models.CASCADE, related_name="members")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="group_memberships"
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "enrollment"], name="one_membership_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.enrollment_id}"
