"""Who may see notification problems: practitioners and citizen admins at the unit."""

import rules

from stegvis.care.permissions import staff_at_unit

# Target: the CareUnit.
rules.add_perm("notifications.view_problems", staff_at_unit)
