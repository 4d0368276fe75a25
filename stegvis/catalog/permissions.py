"""Who may see the catalog, activate releases on units, withdraw releases and record agreements."""

import rules

from stegvis.organisation.models import Role
from stegvis.organisation.permissions import is_care_staff, is_provider_admin
from stegvis.organisation.roles import roles_of


@rules.predicate
def is_admin_of_release_owner(user, release) -> bool:
    from stegvis.catalog.models import ProgramRelease

    return isinstance(release, ProgramRelease) and Role.PROVIDER_ADMIN in roles_of(
        user
    ).at_provider(release.owner_id)


# Target: a CareProvider (its catalog) or a CareUnit (activation there).
rules.add_perm("catalog.view_catalog", is_care_staff & is_provider_admin)
rules.add_perm("catalog.activate_release", is_care_staff & is_provider_admin)
rules.add_perm("catalog.manage_agreements", is_care_staff & is_provider_admin)
# Program files: exporting a release the provider can see, importing one into the provider.
rules.add_perm("catalog.export_release", is_care_staff & is_provider_admin)
rules.add_perm("catalog.import_release", is_care_staff & is_provider_admin)
# Target: a ProgramRelease; only its owner's provider admins take it out of the catalog.
rules.add_perm("catalog.withdraw_release", is_care_staff & is_admin_of_release_owner)
