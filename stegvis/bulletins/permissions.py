"""Who may send operational messages, change or end them, and who reads them."""

import rules

from stegvis.bulletins.models import Bulletin
from stegvis.organisation.models import CareUnit, Role
from stegvis.organisation.permissions import is_care_staff, is_provider_admin
from stegvis.organisation.roles import roles_of


@rules.predicate
def works_at_unit(user, unit) -> bool:
    """Any active role at the unit (with a valid care assignment): the unit's staff."""
    return isinstance(unit, CareUnit) and bool(roles_of(user).at_unit(unit.pk))


@rules.predicate
def is_admin_of_bulletins_provider(user, bulletin) -> bool:
    """The provider admin of the provider that sent `bulletin` (a Bulletin)."""
    return isinstance(bulletin, Bulletin) and Role.PROVIDER_ADMIN in roles_of(user).at_provider(
        bulletin.provider_id
    )


# Target: the CareProvider whose units get the messages.
rules.add_perm("bulletins.manage", is_care_staff & is_provider_admin)
# Target: a Bulletin. Changing and ending a sent message is for whoever may send them (whether
# it has ended already is the service's question, answered with a message, not a refusal).
rules.add_perm("bulletins.change", is_care_staff & is_admin_of_bulletins_provider)
# Target: the CareUnit the staff member works at.
rules.add_perm("bulletins.read", is_care_staff & works_at_unit)
