"""Who may send operational messages and who reads them."""

import rules

from stegvis.organisation.models import CareUnit
from stegvis.organisation.permissions import is_care_staff, is_provider_admin
from stegvis.organisation.roles import roles_of


@rules.predicate
def works_at_unit(user, unit) -> bool:
    """Any active role at the unit (with a valid care assignment): the unit's staff."""
    return isinstance(unit, CareUnit) and bool(roles_of(user).at_unit(unit.pk))


# Target: the CareProvider whose units get the messages.
rules.add_perm("bulletins.manage", is_care_staff & is_provider_admin)
# Target: the CareUnit the staff member works at.
rules.add_perm("bulletins.read", is_care_staff & works_at_unit)
