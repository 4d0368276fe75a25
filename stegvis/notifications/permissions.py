"""Who may see notification problems: practitioners and citizen admins at the unit."""

import rules

from stegvis.organisation.permissions import is_care_staff, is_citizen_admin, is_practitioner

# Target: the CareUnit (the same rule as care's staff_at_unit, from the ground app).
rules.add_perm("notifications.view_problems", is_care_staff & (is_practitioner | is_citizen_admin))
