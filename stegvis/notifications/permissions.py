"""Who may see notification problems (practitioners and citizen admins at the unit), and the
whole demo outbox (demo staff; a citizen sees only what was sent to them)."""

import rules

from stegvis.care.permissions import staff_at_unit
from stegvis.organisation.permissions import is_care_staff

# Target: the CareUnit.
rules.add_perm("notifications.view_problems", staff_at_unit)
# The demo outbox (only with STEGVIS_DEMO on): staff see every item; no target.
rules.add_perm("notifications.view_whole_demo_outbox", is_care_staff)
