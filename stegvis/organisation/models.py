"""Who works where, and who is treated: providers, units, people, assignments and roles."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.identifiers import (
    format_personnummer,
    validate_hsa_id,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("kind", User.Kind.STAFF)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: a member of staff (HSA-id) or a citizen (personnummer).

    `is_staff` keeps Django's meaning (may use the technical admin site); care staff are users
    of kind STAFF.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        CITIZEN = "citizen", _("Citizen")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=31,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_hsa_id],
    )
    personnummer = models.CharField(
        _("personnummer"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Twelve digits, YYYYMMDDNNNN; samordningsnummer allowed."),
    )
    is_training = models.BooleanField(
        _("training person"),
        default=False,
        help_text=_("A test practitioner or test citizen; their data stays out of statistics."),
    )
    # A test citizen who is a member of staff's personal test patient (docs/training.md): the
    # staff member signs in as them from the training mode. Only test citizens carry it.
    test_patient_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="test_patient",
        verbose_name=_("test patient of"),
    )
    # The operator running the instance (docs/onboarding.md): creates care providers and
    # appoints their first provider admins. Above providers, so not a RoleGrant (which is
    # always scoped to a provider); grants no access to any provider's citizens. Only staff carry
    # it: onboarding.make_system_admin refuses a citizen and the rules ask for staff as well.
    is_system_admin = models.BooleanField(_("system administrator"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="citizen", hsa_id__isnull=True)
                | Q(kind="staff", personnummer__isnull=True),
                name="user_identifier_matches_kind",
            ),
        ]
        # The few test accounts, which statistics leave out by id (stegvis/statistics/).
        indexes = [models.Index(fields=["id"], condition=Q(is_training=True), name="user_training")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_care_staff(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN

    @property
    def personnummer_display(self) -> str:
        return format_personnummer(self.personnummer) if self.personnummer else ""


class StaffManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=User.Kind.STAFF)


class CitizenManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=User.Kind.CITIZEN)


class Staff(User):
    objects = StaffManager()

    class Meta:
        proxy = True
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")


class Citizen(User):
    objects = CitizenManager()

    class Meta:
        proxy = True
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")


class CareProvider(models.Model):
    """A region or other care provider (vårdgivare)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=31,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_hsa_id],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("care provider")
        verbose_name_plural = _("care providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareUnit(models.Model):
    """A clinic or unit under a provider (vårdenhet); enrollments belong to one unit."""

    provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, related_name="units", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=200)
    hsa_id = models.CharField(_("HSA-id"), max_length=31, unique=True, validators=[validate_hsa_id])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("care unit")
        verbose_name_plural = _("care units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareAssignmentQuerySet(models.QuerySet):
    def valid_on(self, day: date | None = None):
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class CareAssignment(models.Model):
    """A staff member's mandate to work for a unit (medarbetaruppdrag)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="care_assignments",
        limit_choices_to={"kind": User.Kind.STAFF},
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="care_assignments")
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CareAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("care assignment")
        verbose_name_plural = _("care assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="care_assignment_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.unit}"

    def is_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class Role(models.TextChoices):
    PROVIDER_ADMIN = "provider_admin", _("Provider admin")
    ACCESS_ADMIN = "access_admin", _("Access admin")
    PRACTITIONER = "practitioner", _("Practitioner")
    CITIZEN_ADMIN = "citizen_admin", _("Citizen admin")
    DATA_ADMIN = "data_admin", _("Data admin")
    DESIGNER = "designer", _("Designer")
    PUBLISHER = "publisher", _("Publisher")


UNIT_ROLES = [r for r in Role if r != Role.PROVIDER_ADMIN]
# The three roles every practitioner in a region usually gets at once.
TRIO = [Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN]


class RoleGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(inactivated_at__isnull=True)


class RoleGrant(models.Model):
    """A role given to a staff member at a unit (or, for provider admins, at a provider)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        CareUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="role_grants"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inactivated_at = models.DateTimeField(null=True, blank=True)
    inactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="provider_admin", unit__isnull=True)
                | (~Q(role="provider_admin") & Q(unit__isnull=False)),
                name="role_grant_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["staff", "role", "unit"],
                condition=Q(inactivated_at__isnull=True, unit__isnull=False),
                name="one_active_unit_grant_per_role",
            ),
            models.UniqueConstraint(
                fields=["staff", "role", "provider"],
                condition=Q(inactivated_at__isnull=True, unit__isnull=True),
                name="one_active_provider_grant_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.staff}"

    @property
    def is_active(self) -> bool:
        return self.inactivated_at is None
