"""Who may see statistics, treatment outcomes and research exports.

A data admin sees their own unit's figures (practitioner level included); a provider admin
sees every unit of the provider. Training data never counts, whoever asks.
"""

import rules

from stegvis.organisation.models import CareProvider, CareUnit, Role
from stegvis.organisation.permissions import is_care_staff, is_provider_admin
from stegvis.organisation.roles import roles_of
from stegvis.statistics.models import ResearchExportAuthorisation


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


# Research exports (pseudonymised data leaving Stegvis): a provider admin, or a data admin the
# provider admin has authorised, for as long as they are still data admin at that unit.
_EXPORTER_CACHE_ATTR = "_stegvis_research_exporter_of"


def authorised_exporter_provider_ids(user) -> set[int]:
    """Providers whose research data `user` may export through an authorisation (per request)."""
    cached = getattr(user, _EXPORTER_CACHE_ATTR, None)
    if cached is None:
        data_admin_units = roles_of(user).unit_ids_with(Role.DATA_ADMIN)
        cached = set()
        if data_admin_units:
            cached = set(
                ResearchExportAuthorisation.objects.active()
                .filter(staff_id=user.pk, unit_id__in=data_admin_units)
                .values_list("provider_id", flat=True)
            )
        setattr(user, _EXPORTER_CACHE_ATTR, cached)
    return cached


def forget_exporter_authorisations(user) -> None:
    if hasattr(user, _EXPORTER_CACHE_ATTR):
        delattr(user, _EXPORTER_CACHE_ATTR)


@rules.predicate
def is_authorised_research_exporter(user, provider) -> bool:
    return isinstance(provider, CareProvider) and provider.pk in authorised_exporter_provider_ids(
        user
    )


# Target: the CareProvider whose data is exported.
rules.add_perm(
    "statistics.export_research",
    is_care_staff & (is_provider_admin | is_authorised_research_exporter),
)
rules.add_perm("statistics.manage_research_exporters", is_care_staff & is_provider_admin)
