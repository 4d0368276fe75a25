"""Who may read and write messages, and manage a unit's message templates.

The care team of an enrollment is every practitioner at its unit (the responsible one and the
others who open it). Citizen admins see the enrollment but not its messages: they are
clinical. The citizen side (the citizen, and relatives whose grant allows messages) is checked
in `access.py`, because a relative's right comes from their grant, not from a role.
"""

import rules

from stegvis.care.permissions import is_citizen_admin_here, is_open, is_practitioner_here
from stegvis.organisation.permissions import is_care_staff

care_team = is_care_staff & is_practitioner_here

# Target: the CareUnit.
rules.add_perm("messaging.view_unit_conversations", care_team)
manages_templates = is_care_staff & (is_practitioner_here | is_citizen_admin_here)
rules.add_perm("messaging.manage_templates", manages_templates)
# Target: the Enrollment.
rules.add_perm("messaging.read_conversation", care_team)
rules.add_perm("messaging.write_as_team", care_team & is_open)
# A message to a group (docs/groups.md): the unit's practitioners. Target: the EnrollmentGroup;
# each enrollment is then checked with "messaging.write_as_team".
rules.add_perm("messaging.message_group", care_team)
