"""Who may export a citizen's record (docs/record-export.md).

The citizen exports their own from the portal (no rule needed beyond being the citizen). In the
clinic: a citizen admin at the active unit, for a citizen with a care relationship there (an
enrollment at the unit, open or closed); the relationship is checked where the citizen is
fetched (`services.citizen_for_export`).
"""

import rules

from stegvis.organisation.permissions import is_care_staff, is_citizen_admin

rules.add_perm("records.export_citizen_record", is_care_staff & is_citizen_admin)
