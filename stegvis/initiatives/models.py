"""Initiering till program: a unit's request that its provider acquire a program."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stegvis.catalog.models import ProgramRelease
from stegvis.organisation.models import CareProvider, CareUnit


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("initiative", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("initiative", "Under review")
    MORE_INFORMATION = "more_information", pgettext_lazy("initiative", "More information needed")
    APPROVED = "approved", pgettext_lazy("initiative", "Approved")
    REJECTED = "rejected", pgettext_lazy("initiative", "Rejected")


DECIDED = (Status.APPROVED, Status.REJECTED)


class ProgramInitiative(models.Model):
    """The form the unit's contact fills in: the basis of the management's decision."""

    provider = models.ForeignKey(
        CareProvider, on_delete=models.CASCADE, related_name="+", verbose_name=_("provider")
    )
    unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitting unit")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("program"), max_length=200)
    need = models.TextField(_("need"), max_length=5000)
    target_group = models.TextField(_("target group"), max_length=2000)
    expected_volume = models.CharField(_("expected volume"), max_length=300)
    evidence = models.TextField(_("evidence"), max_length=5000)
    origin = models.CharField(_("developed by or bought from"), max_length=300)
    cost = models.TextField(_("cost"), max_length=2000)
    contact = models.CharField(_("contact"), max_length=300)
    units_concerned = models.ManyToManyField(
        CareUnit, blank=True, related_name="+", verbose_name=_("units concerned")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The program in the catalog, once approved and acquired.
    release = models.ForeignKey(
        ProgramRelease, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["unit", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    @property
    def latest_request(self) -> str:
        """What the provider admin last asked for ("" if nothing); uses prefetched events."""
        asked = [e for e in self.events.all() if e.status == Status.MORE_INFORMATION]
        return asked[-1].text if asked else ""


class InitiativeEvent(models.Model):
    """One step in the initiative's history: submitted, a status change, added information."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("initiative event", "Submitted")
        STATUS = "status", pgettext_lazy("initiative event", "Status changed")
        COMPLEMENTED = "complemented", pgettext_lazy("initiative event", "Information added")
        LINKED = "linked", pgettext_lazy("initiative event", "Linked to a program")

    initiative = models.ForeignKey(
        ProgramInitiative, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    text = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.get_status_display()})"


class InitiativeAttachment(models.Model):
    """A checked PDF or image (messaging's upload checks), stored under a random name."""

    initiative = models.ForeignKey(
        ProgramInitiative, on_delete=models.CASCADE, related_name="attachments"
    )
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
