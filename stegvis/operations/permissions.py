"""Who may see and set the provider's retention periods (gallring): the provider admin.

The periods decide when a provider's data is deleted, so they are the provider's decision and
its admin's page; everyone else is denied. The operator sets them from the command line
(`manage.py operations retention-period`), outside these rules.
"""

import rules

from stegvis.organisation.permissions import is_care_staff, is_provider_admin

# Target: the CareProvider whose periods are shown and set.
rules.add_perm("operations.manage_retention", is_care_staff & is_provider_admin)
