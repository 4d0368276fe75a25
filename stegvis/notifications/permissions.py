"""Who may see notification problems (practitioners and citizen admins at the unit), and the
whole demo outbox (demo staff; a citizen sees only what was sent to them)."""

import rules

from stegvis.organisation.permissions import is_care_staff, is_citizen_admin, is_practitioner

# Target: the CareUnit (the same rule as care's staff_at_unit, from the ground app).
rules.add_perm("notifications.view_problems", is_care_staff & (is_practitioner | is_citizen_admin))
# The demo outbox (only with STEGVIS_DEMO on): staff see every item; no target.
rules.add_perm("notifications.view_whole_demo_outbox", is_care_staff)
