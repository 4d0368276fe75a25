"""Who may see the catalog, activate releases on units and record agreements."""

import rules

from stegvis.organisation.permissions import is_care_staff, is_provider_admin

# Target: a CareProvider (its catalog) or a CareUnit (activation there).
rules.add_perm("catalog.view_catalog", is_care_staff & is_provider_admin)
rules.add_perm("catalog.activate_release", is_care_staff & is_provider_admin)
rules.add_perm("catalog.manage_agreements", is_care_staff & is_provider_admin)
