"""Who may submit program initiatives and who decides them.

A unit's staff (any active role there) submit initiatives and follow their unit's; the
provider admin reviews every initiative of the provider and decides.
"""

import rules

from stegvis.initiatives.models import ProgramInitiative
from stegvis.organisation.models import CareUnit, Role
from stegvis.organisation.permissions import is_care_staff, is_provider_admin
from stegvis.organisation.roles import roles_of


@rules.predicate
def works_at_unit(user, unit) -> bool:
    return isinstance(unit, CareUnit) and bool(roles_of(user).at_unit(unit.pk))


@rules.predicate
def admin_of_initiative(user, initiative) -> bool:
    return isinstance(initiative, ProgramInitiative) and Role.PROVIDER_ADMIN in roles_of(
        user
    ).at_provider(initiative.provider_id)


# Target: the CareUnit the staff member works from.
rules.add_perm("initiatives.submit", is_care_staff & works_at_unit)
# Target: the CareProvider.
rules.add_perm("initiatives.review", is_care_staff & is_provider_admin)
# Target: a ProgramInitiative.
rules.add_perm("initiatives.decide", is_care_staff & admin_of_initiative)
