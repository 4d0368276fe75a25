"""State changes in the organisation: units, care assignments, roles and citizens.

Each function is one transaction with its audit event; the acting user is a keyword argument and
is checked against permissions.py again here, so no caller can skip the rule.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.organisation.identifiers import normalise_hsa_id, normalise_personnummer
from stegvis.organisation.models import (
    CareAssignment,
    CareProvider,
    CareUnit,
    Citizen,
    Role,
    RoleGrant,
    Staff,
    User,
)
from stegvis.organisation.permissions import acting_role, require_perm
from stegvis.organisation.recording import record_change, record_read
from stegvis.organisation.relationships import blocked_at, care_units_of
from stegvis.organisation.roles import forget_roles
from stegvis.organisation.training import in_training, is_test_personnummer


def _require_someone_else(actor: User, staff: User) -> None:
    """Refuse, with a message for the page, a change of the actor's own roles."""
    if not actor.has_perm("organisation.change_roles_of", staff):
        raise ValidationError(
            _(
                "You cannot grant or inactivate your own roles. Another administrator at the "
                "unit must do it."
            ),
            code="own_roles",
        )


@transaction.atomic
def create_unit(*, actor: User, provider: CareProvider, name: str, hsa_id: str) -> CareUnit:
    require_perm(actor, "organisation.manage_units", provider)
    unit = CareUnit(provider=provider, name=name.strip(), hsa_id=normalise_hsa_id(hsa_id))
    unit.full_clean()
    unit.save()
    record_change(
        actor=actor, action="unit.create", unit=unit, role=Role.PROVIDER_ADMIN, target=unit
    )
    return unit


@transaction.atomic
def deactivate_unit(*, actor: User, unit: CareUnit) -> CareUnit:
    require_perm(actor, "organisation.manage_units", unit)
    if unit.is_active:
        unit.is_active = False
        unit.deactivated_at = timezone.now()
        unit.deactivated_by = actor
        unit.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
        record_change(
            actor=actor, action="unit.deactivate", unit=unit, role=Role.PROVIDER_ADMIN, target=unit
        )
    return unit


@transaction.atomic
def add_care_assignment(
    *,
    actor: User,
    staff: User,
    unit: CareUnit,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> CareAssignment:
    require_perm(actor, "organisation.manage_units", unit)
    if not staff.is_care_staff:
        raise ValidationError(_("Only staff can have a care assignment."))
    assignment = CareAssignment(
        staff=staff,
        unit=unit,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
    )
    assignment.full_clean()
    assignment.save()
    record_change(
        actor=actor,
        action="assignment.create",
        unit=unit,
        role=Role.PROVIDER_ADMIN,
        target=assignment,
    )
    return assignment


def find_staff_by_hsa_id(hsa_id: str, provider: CareProvider | None = None) -> Staff | None:
    staff = Staff.objects.filter(hsa_id=normalise_hsa_id(hsa_id), is_active=True)
    if provider is not None:
        staff = staff.filter(care_assignments__unit__provider=provider).distinct()
    return staff.first()


def _has_valid_assignment(staff: User, unit: CareUnit) -> bool:
    return CareAssignment.objects.valid_on().filter(staff=staff, unit=unit).exists()


def _grant(*, actor: User, staff: User, unit: CareUnit, role: str, acting_role: str) -> RoleGrant:
    if not staff.is_care_staff or not staff.is_active:
        raise ValidationError(_("Roles can only be granted to active staff."))
    if not unit.is_active:
        raise ValidationError(_("The unit is not active."))
    if not _has_valid_assignment(staff, unit):
        raise ValidationError(
            _(
                "%(name)s has no valid care assignment at %(unit)s. A role can only be granted "
                "to staff with a care assignment at the unit."
            )
            % {"name": staff, "unit": unit},
            code="no_care_assignment",
        )
    existing = RoleGrant.objects.active().filter(staff=staff, unit=unit, role=role).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                staff=staff, unit=unit, provider_id=unit.provider_id, role=role, granted_by=actor
            )
    except IntegrityError:
        # A concurrent request granted the same role a moment ago.
        return RoleGrant.objects.active().get(staff=staff, unit=unit, role=role)
    record_change(actor=actor, action="role.grant", unit=unit, role=acting_role, target=grant)
    forget_roles(staff)
    return grant


@transaction.atomic
def grant_roles(*, actor: User, staff: User, unit: CareUnit, roles: list[str]) -> list[RoleGrant]:
    """Grant `roles` to `staff` at `unit`; roles already held are left as they are.

    Nobody grants roles to themself (ValidationError, code "own_roles"): another access admin
    does, and each grant records who granted it.
    """
    require_perm(actor, "organisation.manage_roles", unit)
    _require_someone_else(actor, staff)
    unknown = set(roles) - {r.value for r in Role if r != Role.PROVIDER_ADMIN}
    if unknown or not roles:
        raise ValidationError(_("Choose at least one role that exists at a unit."))
    return [
        _grant(actor=actor, staff=staff, unit=unit, role=role, acting_role=Role.ACCESS_ADMIN)
        for role in roles
    ]


@transaction.atomic
def appoint_access_admin(*, actor: User, staff: User, unit: CareUnit) -> RoleGrant:
    require_perm(actor, "organisation.appoint_access_admins", unit)
    _require_someone_else(actor, staff)
    return _grant(
        actor=actor,
        staff=staff,
        unit=unit,
        role=Role.ACCESS_ADMIN,
        acting_role=Role.PROVIDER_ADMIN,
    )


@transaction.atomic
def inactivate_grant(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """Inactivate a role grant; access admins act at their unit, provider admins anywhere in it.

    Nobody inactivates their own grants (ValidationError, code "own_roles").
    """
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.unit is None:
        require_perm(actor, "organisation.manage_units", grant.provider)
        acting_role = Role.PROVIDER_ADMIN
    elif actor.has_perm("organisation.manage_roles", grant.unit):
        acting_role = Role.ACCESS_ADMIN
    else:
        require_perm(actor, "organisation.appoint_access_admins", grant.unit)
        acting_role = Role.PROVIDER_ADMIN
    _require_someone_else(actor, grant.staff)
    if grant.inactivated_at is None:
        grant.inactivated_at = timezone.now()
        grant.inactivated_by = actor
        grant.save(update_fields=["inactivated_at", "inactivated_by"])
        record_change(
            actor=actor,
            action="role.inactivate",
            unit=grant.unit,
            provider=grant.provider,
            role=acting_role,
            target=grant,
        )
        forget_roles(grant.staff)
    return grant


@dataclass(frozen=True)
class CitizenFound:
    """A citizen found by personnummer, and what the searcher may see of them (ADR 0008)."""

    citizen: Citizen
    # The citizen has an enrollment (open or closed) at the searcher's unit.
    cared_for_here: bool
    # Name and profile: with a care relationship here, or to who may start one (citizen admin).
    may_see_name: bool
    # The citizen has blocked the unit (spärr) and is not in care here: nothing is shown.
    blocked: bool = False


def _record_citizen_read(
    *, actor: User, unit: CareUnit, citizen: Citizen, action: str, care_units: dict[int, int]
) -> None:
    """Record the read in the chain of every provider with an enrollment for the citizen.

    Those providers' reviews must see who searched for their citizen, from which unit. A
    citizen in care nowhere is recorded in the searcher's own chain.
    """
    provider_ids = set(care_units.values()) or {unit.provider_id}
    role = acting_role(actor, unit.pk)
    for provider in CareProvider.objects.filter(pk__in=provider_ids).order_by("pk"):
        record_read(
            actor=actor,
            action=action,
            citizen=citizen,
            unit=unit,
            provider=provider,
            role=role,
            target=citizen,
        )


def _found(actor: User, unit: CareUnit, citizen: Citizen, care_units: dict) -> CitizenFound:
    here = unit.pk in care_units
    # A unit that holds no record of the citizen and is blocked sees no name (spärr).
    if not here and blocked_at(citizen.pk, unit):
        return CitizenFound(citizen=citizen, cared_for_here=False, may_see_name=False, blocked=True)
    may_identify = actor.has_perm("organisation.identify_found_citizens", unit)
    return CitizenFound(citizen=citizen, cared_for_here=here, may_see_name=here or may_identify)


@transaction.atomic
def search_citizen(*, actor: User, unit: CareUnit, personnummer: str) -> CitizenFound | None:
    """Search a citizen by personnummer from `unit`; a hit is an access to them and is logged.

    The caller shows only what `CitizenFound` allows. A miss records nothing.
    """
    require_perm(actor, "organisation.find_citizens", unit)
    digits = normalise_personnummer(personnummer)
    # Only a citizen of the searcher's world: training and real care never meet (training.py).
    citizen = Citizen.objects.filter(personnummer=digits, is_training=in_training(actor)).first()
    if citizen is None:
        return None
    care_units = care_units_of(citizen.pk)
    _record_citizen_read(
        actor=actor, unit=unit, citizen=citizen, action="citizen.lookup", care_units=care_units
    )
    return _found(actor, unit, citizen, care_units)


def find_citizen(*, actor: User, unit: CareUnit, personnummer: str) -> Citizen | None:
    """Look a citizen up by personnummer to act on them (e.g. start an enrollment); logged.

    Shows nothing by itself: a page that displays the citizen uses `search_citizen`.
    """
    found = search_citizen(actor=actor, unit=unit, personnummer=personnummer)
    return found.citizen if found is not None else None


@transaction.atomic
def register_citizen(
    *,
    actor: User,
    unit: CareUnit,
    personnummer: str,
    first_name: str,
    last_name: str,
    email: str = "",
) -> Citizen:
    require_perm(actor, "organisation.register_citizens", unit)
    digits = normalise_personnummer(personnummer)
    training = in_training(actor)
    if training != is_test_personnummer(digits):
        raise ValidationError(
            _("In training, register test personnummer only (birth number 980–999).")
            if training
            else _("This is a test personnummer: register test citizens in training mode."),
            code="training_personnummer",
        )
    if Citizen.objects.filter(personnummer=digits).exists():
        raise ValidationError(
            _("A citizen with this personnummer is already registered."), code="already_registered"
        )
    return create_citizen_account(
        is_training=training,
        actor=actor,
        unit=unit,
        role=acting_role(actor, unit.pk, among=(Role.CITIZEN_ADMIN,)),
        digits=digits,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )


def create_citizen_account(
    *,
    actor: User,
    unit: CareUnit,
    role: str,
    digits: str,
    first_name: str,
    last_name: str,
    email: str = "",
    is_training: bool = False,
) -> Citizen:
    """Create the account of a citizen not yet registered; the caller checks who may.

    Without an e-mail address the account gets an address that can never receive mail: the
    citizen signs in with e-ID, and a real address is added when they verify one.
    """
    email = email.strip().lower() or f"{digits}@citizen.stegvis.invalid"
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("This e-mail address is already in use."))
    citizen = Citizen.objects.create_user(
        email=email,
        kind=User.Kind.CITIZEN,
        personnummer=digits,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_training=is_training,
    )
    record_change(
        actor=actor,
        action="citizen.register",
        citizen=citizen,
        unit=unit,
        role=role,
        target=citizen,
    )
    return citizen


@transaction.atomic
def get_citizen_for(*, actor: User, unit: CareUnit, pk: int) -> CitizenFound:
    """Fetch a found citizen's profile for staff at `unit` and log the read.

    Raises Citizen.DoesNotExist when the citizen is unknown, inactive or not for this searcher
    to see (no care relationship here and no citizen admin role: ADR 0008).
    """
    require_perm(actor, "organisation.find_citizens", unit)
    citizen = Citizen.objects.filter(pk=pk, is_active=True, is_training=in_training(actor)).first()
    if citizen is None:
        raise Citizen.DoesNotExist
    care_units = care_units_of(citizen.pk)
    found = _found(actor, unit, citizen, care_units)
    if not found.may_see_name:
        raise Citizen.DoesNotExist
    _record_citizen_read(
        actor=actor, unit=unit, citizen=citizen, action="citizen.view", care_units=care_units
    )
    return found
