"""Who may invite, change and remove relatives and guardians, and who may follow an enrollment.

Staff with the practitioner or citizen admin role at the enrollment's unit manage its relatives;
new invitations only while the enrollment is open. A relative follows an enrollment only while
their grant is approved and not ended. The citizen answers invitations to their own
enrollments, and may take back an approval the rules asked of them (consent.py). Everything else
is denied.
"""

import rules

from stegvis.care.models import Enrollment
from stegvis.care.permissions import is_open, staff_at_unit
from stegvis.organisation.permissions import is_citizen
from stegvis.relatives.access import active_grant
from stegvis.relatives.consent import needs_citizen_approval
from stegvis.relatives.models import RelativeGrant


@rules.predicate
def has_active_grant(user, enrollment) -> bool:
    return isinstance(enrollment, Enrollment) and active_grant(user, enrollment) is not None


# Target: the Enrollment.
rules.add_perm("relatives.view_grants", staff_at_unit)
rules.add_perm("relatives.invite", staff_at_unit & is_open)
rules.add_perm("relatives.change_grant", staff_at_unit)
rules.add_perm("relatives.end_grant", staff_at_unit)
rules.add_perm("relatives.follow_enrollment", is_citizen & has_active_grant)


@rules.predicate
def owns_granted_enrollment(user, grant) -> bool:
    return isinstance(grant, RelativeGrant) and grant.enrollment.citizen_id == user.pk


@rules.predicate
def asks_citizen(user, grant) -> bool:
    return isinstance(grant, RelativeGrant) and needs_citizen_approval(
        grant.enrollment.citizen, grant.relation
    )


# Target: the RelativeGrant (the citizen's own enrollment's).
rules.add_perm("relatives.answer_invitation", is_citizen & owns_granted_enrollment)
rules.add_perm("relatives.decline_invitation", is_citizen & owns_granted_enrollment & asks_citizen)
