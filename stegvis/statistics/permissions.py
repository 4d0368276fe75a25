"""Who may see statistics, treatment outcomes and research exports.

A data admin sees their own unit's figures (practitioner level included); a provider admin
sees every unit of the provider. Training data never counts, whoever asks.
"""

import rules

from stegvis.organisation.models import CareProvider, CareUnit, Role
from stegvis.organisation.permissions import is_provider_admin
from stegvis.organisation.roles import roles_of


@rules.predicate
def is_data_admin_at_unit(user, unit) -> bool:
    return isinstance(unit, CareUnit) and Role.DATA_ADMIN in roles_of(user).at_unit(unit.pk)


def units_with_statistics(user, provider: CareProvider | None = None) -> list[int]:
    """The ids of the units whose statistics `user` may see (all of a provider they admin)."""
    held = roles_of(user)
    unit_ids = held.unit_ids_with(Role.DATA_ADMIN)
    for provider_id in held.admin_provider_ids:
        if provider is None or provider.pk == provider_id:
            unit_ids.update(
                CareUnit.objects.filter(provider_id=provider_id).values_list("pk", flat=True)
            )
    return sorted(unit_ids)


rules.add_perm("statistics.view_unit", is_data_admin_at_unit | is_provider_admin)
rules.add_perm("statistics.view_provider", is_provider_admin)
