"""Who may administer the organisation: units, access admins, role grants, citizens.

Every rule is a `rules` predicate over the roles a user holds now (see roles.py). A permission
that is not declared here does not exist, and `has_perm` denies it.
"""

import rules
from django.core.exceptions import PermissionDenied

from stegvis.organisation.models import CareProvider, CareUnit, Role
from stegvis.organisation.roles import roles_of


def _unit_role(role: str):
    @rules.predicate(name=f"has_{role}_at_unit")
    def predicate(user, unit) -> bool:
        return isinstance(unit, CareUnit) and role in roles_of(user).at_unit(unit.pk)

    return predicate


@rules.predicate
def is_provider_admin(user, target) -> bool:
    if isinstance(target, CareUnit):
        provider_id = target.provider_id
    elif isinstance(target, CareProvider):
        provider_id = target.pk
    else:
        return False
    return Role.PROVIDER_ADMIN in roles_of(user).at_provider(provider_id)


@rules.predicate
def is_someone_else(user, staff) -> bool:
    return staff is not None and staff.pk != user.pk


@rules.predicate
def is_care_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_care_staff


@rules.predicate
def is_citizen(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_citizen


@rules.predicate
def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_system_admin)


def is_active_citizen(user) -> bool:
    """The one test of "an active citizen account", for code that asks without `rules`."""
    return bool(user is not None and is_citizen.test(user))


# The role the access log records for staff acting at a unit. One precedence everywhere: the
# clinical role first (the one under which health data is read), then the administrative ones.
ACTING_ROLE_PRECEDENCE = (
    Role.PRACTITIONER,
    Role.CITIZEN_ADMIN,
    Role.ACCESS_ADMIN,
    Role.DATA_ADMIN,
    Role.PUBLISHER,
    Role.DESIGNER,
)


def acting_role(user, unit_id: int | None, *, among: tuple[str, ...] | None = None) -> str:
    """The role `user` acts in at unit `unit_id`, as the access log records it; "" if none.

    `among` narrows the candidates to the roles the action itself needs (only a citizen admin
    approves an incoming handover, so that is the role recorded, whatever else the user holds
    there); the order is always ACTING_ROLE_PRECEDENCE.
    """
    if user is None:
        return ""
    held = roles_of(user).at_unit(unit_id)
    for role in ACTING_ROLE_PRECEDENCE:
        if role in held and (among is None or role in among):
            return role
    return ""


def require_perm(user, perm: str, target) -> None:
    """Refuse (PermissionDenied) a user that rule `perm` denies on `target`: services call it."""
    if not user.has_perm(perm, target):
        raise PermissionDenied


is_access_admin = _unit_role(Role.ACCESS_ADMIN)
is_practitioner = _unit_role(Role.PRACTITIONER)
is_citizen_admin = _unit_role(Role.CITIZEN_ADMIN)
is_data_admin = _unit_role(Role.DATA_ADMIN)

# Provider administration: target is a CareProvider or one of its units.
rules.add_perm("organisation.manage_units", is_care_staff & is_provider_admin)
rules.add_perm("organisation.appoint_access_admins", is_care_staff & is_provider_admin)
# Staff and roles at one unit ("Personal"): target is the CareUnit.
rules.add_perm("organisation.manage_roles", is_care_staff & is_access_admin)
# Whose roles an admin may grant or inactivate: target is the staff member. Nobody changes their
# own roles (an access admin could otherwise make themself practitioner and read patients);
# another admin does it, which is why a unit has two access admins.
rules.add_perm("organisation.change_roles_of", is_care_staff & is_someone_else)
# Citizens: finding and registering them at a unit.
rules.add_perm("organisation.find_citizens", is_care_staff & (is_citizen_admin | is_practitioner))
rules.add_perm("organisation.register_citizens", is_care_staff & is_citizen_admin)
# Who sees the name of a found citizen with no care relationship at the unit: only who may
# start an enrollment for them there, the citizen admin (ADR 0008). Target: the CareUnit.
rules.add_perm("organisation.identify_found_citizens", is_care_staff & is_citizen_admin)
# The instance: care providers and their first provider admins (docs/onboarding.md). A system
# admin holds no role at any provider, so none of the rules above, which read citizen data or
# the access log, lets them in.
rules.add_perm("organisation.manage_providers", is_care_staff & is_system_admin)
# Whom a system admin may appoint provider admin: target is the staff member, never themself.
rules.add_perm(
    "organisation.appoint_provider_admin", is_care_staff & is_system_admin & is_someone_else
)
