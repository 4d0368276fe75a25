"""Released programs, where they may be used, and where they are active."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProgramRelease(models.Model):
    """One immutable version of a program: its frozen release document and media.

    Never edited after creation; a later release supersedes it. Enrollments pin the release they
    started on.
    """

    program_key = models.SlugField(_("program key"), max_length=64)
    name = models.CharField(_("name"), max_length=300)
    owner = models.ForeignKey(
        "organisation.CareProvider",
        on_delete=models.PROTECT,
        related_name="owned_releases",
        verbose_name=_("owner"),
        help_text=_("The provider that designed and released it."),
    )
    developed_by = models.CharField(_("developed by"), max_length=300, blank=True)
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    document = models.JSONField()
    content_hash = models.CharField(max_length=64)
    released_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    release_notes = models.TextField(_("release notes"), blank=True)
    # Provenance of an imported release: where it came from and its hash there.
    imported_from = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    available_to = models.ManyToManyField(
        "organisation.CareProvider",
        related_name="available_releases",
        blank=True,
        verbose_name=_("released to"),
    )

    class Meta:
        verbose_name = _("program release")
        verbose_name_plural = _("program releases")
        ordering = ["name", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "program_key", "major", "minor"], name="one_release_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A program release is immutable; make a new release instead.")
        super().save(*args, **kwargs)

    @property
    def version(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def withdrawn(self):
        """The ReleaseWithdrawal if the release was withdrawn, else None."""
        return getattr(self, "withdrawal", None)

    @property
    def provenance(self):
        """The ReleaseImport if the release was imported from a program file, else None."""
        return getattr(self, "import_record", None) if self.imported_from else None


class ReleaseMedia(models.Model):
    """A media file belonging to a release, stored outside the web root."""

    release = models.ForeignKey(ProgramRelease, on_delete=models.PROTECT, related_name="media")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="releases/")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="one_media_name_per_release")
        ]

    def __str__(self) -> str:
        return self.name


class UnitActivation(models.Model):
    """A release switched on at a unit; only active releases can be started for citizens."""

    release = models.ForeignKey(
        ProgramRelease, on_delete=models.PROTECT, related_name="activations"
    )
    unit = models.ForeignKey(
        "organisation.CareUnit", on_delete=models.PROTECT, related_name="activations"
    )
    activated_at = models.DateTimeField(default=timezone.now)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activation on a unit")
        verbose_name_plural = _("activations on units")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "unit"],
                condition=Q(deactivated_at__isnull=True),
                name="one_active_activation_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.release} @ {self.unit_id}"

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None


class ProgramAgreement(models.Model):
    """Nyttjandeavtal: the terms under which a provider uses another provider's program."""

    program_key = models.SlugField(_("program key"), max_length=64)
    program_name = models.CharField(_("program"), max_length=300)
    owner = models.ForeignKey(
        "organisation.CareProvider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning provider"),
    )
    # The owner when it is not a provider in this Stegvis (a program imported from a file).
    external_owner = models.CharField(_("owner outside this Stegvis"), max_length=300, blank=True)
    user_provider = models.ForeignKey(
        "organisation.CareProvider",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("using provider"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("program agreement")
        verbose_name_plural = _("program agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_range",
            ),
            models.CheckConstraint(
                condition=(Q(owner__isnull=False) & Q(external_owner=""))
                | (Q(owner__isnull=True) & ~Q(external_owner="")),
                name="agreement_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_name}: {self.owner_label} → {self.user_provider}"

    @property
    def owner_label(self) -> str:
        return self.owner.name if self.owner_id else self.external_owner


class ReleaseWithdrawal(models.Model):
    """A release taken out of the catalog ("avpublicerad"); the release itself stays immutable.

    A withdrawn release cannot be activated anew; enrollments already running on it continue.
    """

    release = models.OneToOneField(
        ProgramRelease, on_delete=models.PROTECT, related_name="withdrawal"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")

    def __str__(self) -> str:
        return f"{self.release} withdrawn"


class ReleaseImport(models.Model):
    """Where an imported release came from, as its program file said (provenance)."""

    release = models.OneToOneField(
        ProgramRelease, on_delete=models.PROTECT, related_name="import_record"
    )
    source_instance = models.CharField(max_length=300, blank=True)
    source_owner_code = models.CharField(max_length=40)
    source_owner_name = models.CharField(max_length=200, blank=True)
    source_released_at = models.DateTimeField(null=True, blank=True)
    source_content_hash = models.CharField(max_length=64)
    # The file came from another provider: using it needs a recorded agreement (nyttjandeavtal).
    agreement_needed = models.BooleanField(default=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.release} from {self.source_owner_code}"
