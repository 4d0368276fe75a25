"""Setting up an instance: care providers, their first provider admins, units and staff.

The clinic calls these with the signed-in system administrator as `actor`, checked against
permissions.py here. The command line (`manage.py organisation ...`) calls them with
`actor=None`: whoever runs manage.py on the server is the operator, and the access log records
the change without an actor. Each function is one transaction with its access-log event.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.organisation.identifiers import normalise_hsa_id
from stegvis.organisation.models import (
    CareAssignment,
    CareProvider,
    CareUnit,
    Role,
    RoleGrant,
    Staff,
    User,
)
from stegvis.organisation.recording import record_change

# The role the access log records for changes a system administrator makes.
SYSTEM_ADMIN_ROLE = "system_admin"


def _require(actor: User | None, perm: str, target=None) -> None:
    if actor is not None and not actor.has_perm(perm, target):
        raise PermissionDenied


def _actor_role(actor: User | None) -> str:
    return SYSTEM_ADMIN_ROLE if actor is not None else ""


@transaction.atomic
def create_provider(*, actor: User | None, code: str, name: str, hsa_id: str = "") -> CareProvider:
    """Create a care provider; ValidationError names the field when the input is bad or taken."""
    _require(actor, "organisation.manage_providers")
    provider = CareProvider(
        code=code.strip().lower(),
        name=name.strip(),
        hsa_id=normalise_hsa_id(hsa_id) or None,
    )
    provider.full_clean()
    provider.save()
    record_change(
        actor=actor,
        action="provider.create",
        provider=provider,
        role=_actor_role(actor),
        target=provider,
    )
    return provider


@transaction.atomic
def create_staff(
    *,
    actor: User | None,
    provider: CareProvider | None,
    hsa_id: str,
    first_name: str,
    last_name: str,
    email: str,
) -> Staff:
    """Create a staff member with no password: they set one by password reset or use the IdP.

    `provider` is whose access log records the creation (None: the instance's own chain).
    """
    _require(actor, "organisation.manage_providers")
    staff = Staff(
        kind=User.Kind.STAFF,
        hsa_id=normalise_hsa_id(hsa_id) or None,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=Staff.objects.normalize_email(email.strip()).lower(),
    )
    staff.set_unusable_password()
    staff.full_clean()
    staff.save()
    record_change(
        actor=actor, action="staff.create", provider=provider, role=_actor_role(actor), target=staff
    )
    return staff


@transaction.atomic
def appoint_provider_admin(*, actor: User | None, provider: CareProvider, staff: User) -> RoleGrant:
    """Make `staff` provider admin of `provider`; an admin already appointed stays as is.

    Nobody appoints themself (ValidationError, code "own_roles"): a system administrator who
    made themself provider admin would read the provider's access log.
    """
    _require(actor, "organisation.manage_providers")
    if actor is not None and not actor.has_perm("organisation.appoint_provider_admin", staff):
        raise ValidationError(
            _("You cannot appoint yourself. Appoint the provider's own administrator."),
            code="own_roles",
        )
    if not staff.is_care_staff or not staff.is_active:
        raise ValidationError(_("Roles can only be granted to active staff."))
    grant, created = RoleGrant.objects.active().get_or_create(
        staff=staff,
        provider=provider,
        unit=None,
        role=Role.PROVIDER_ADMIN,
        defaults={"granted_by": actor},
    )
    if created:
        record_change(
            actor=actor,
            action="role.grant",
            provider=provider,
            role=_actor_role(actor),
            target=grant,
        )
    return grant


@transaction.atomic
def appoint_new_provider_admin(
    *,
    actor: User | None,
    provider: CareProvider,
    hsa_id: str,
    first_name: str,
    last_name: str,
    email: str,
) -> RoleGrant:
    """Create a staff member and make them provider admin, both or neither."""
    staff = create_staff(
        actor=actor,
        provider=provider,
        hsa_id=hsa_id,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    return appoint_provider_admin(actor=actor, provider=provider, staff=staff)


@transaction.atomic
def add_unit(*, actor: User | None, provider: CareProvider, name: str, hsa_id: str) -> CareUnit:
    """Create a unit under `provider` (command line; provider admins use services.create_unit)."""
    _require(actor, "organisation.manage_providers")
    unit = CareUnit(provider=provider, name=name.strip(), hsa_id=normalise_hsa_id(hsa_id))
    unit.full_clean()
    unit.save()
    record_change(
        actor=actor, action="unit.create", unit=unit, role=_actor_role(actor), target=unit
    )
    return unit


@transaction.atomic
def place_staff(
    *, actor: User | None, staff: User, unit: CareUnit, roles: list[str]
) -> list[RoleGrant]:
    """Give `staff` a care assignment at `unit` from today (if none is valid) and `roles` there."""
    _require(actor, "organisation.manage_providers")
    if not CareAssignment.objects.valid_on().filter(staff=staff, unit=unit).exists():
        assignment = CareAssignment.objects.create(staff=staff, unit=unit)
        record_change(
            actor=actor,
            action="assignment.create",
            unit=unit,
            role=_actor_role(actor),
            target=assignment,
        )
    grants = []
    for role in roles:
        grant, created = RoleGrant.objects.active().get_or_create(
            staff=staff, unit=unit, provider_id=unit.provider_id, role=role
        )
        if created:
            record_change(
                actor=actor, action="role.grant", unit=unit, role=_actor_role(actor), target=grant
            )
        grants.append(grant)
    return grants


@transaction.atomic
def make_system_admin(
    *, email: str, first_name: str = "", last_name: str = "", hsa_id: str = ""
) -> tuple[User, bool]:
    """Make the staff member with `email` a system administrator, creating them if need be.

    Only from the command line: the first system administrator has nobody to appoint them.
    Returns the user and whether they were created. A citizen's account is refused.
    """
    email = Staff.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        # An operator need not be in the HSA catalogue: the HSA-id may be left out.
        user = create_staff(
            actor=None,
            provider=None,
            hsa_id=hsa_id,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
    elif not user.is_care_staff:
        raise ValidationError(_("Only staff can be system administrators."), code="not_staff")
    if not user.is_system_admin:
        user.is_system_admin = True
        user.save(update_fields=["is_system_admin"])
        record_change(actor=None, action="system_admin.appoint", role="", target=user)
    return user, created
