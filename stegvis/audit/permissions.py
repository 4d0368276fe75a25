"""Who may review the access log, grant that to others, and see their own accesses.

A provider admin reviews the provider's log and may permit staff who work for the provider (a
`LogReviewer` grant). A reviewer's grant counts only while it has not ended and they still hold
a role at one of the provider's units. Everything else is denied.
"""

import rules

from stegvis.audit.models import LogReviewer
from stegvis.organisation.models import CareProvider
from stegvis.organisation.permissions import is_care_staff, is_citizen, is_provider_admin
from stegvis.organisation.roles import roles_of

_CACHE_ATTR = "_stegvis_log_reviewer_of"


def reviewer_provider_ids(user) -> set[int]:
    """Providers whose log `user` may review through a grant, cached on the user per request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        working_for = set(roles_of(user).unit_providers.values())
        cached = set()
        if working_for:
            cached = set(
                LogReviewer.objects.active()
                .filter(staff_id=user.pk, provider_id__in=working_for)
                .values_list("provider_id", flat=True)
            )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_reviewer_grants(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


@rules.predicate
def is_log_reviewer(user, provider) -> bool:
    return isinstance(provider, CareProvider) and provider.pk in reviewer_provider_ids(user)


# Target: the CareProvider whose log is reviewed.
rules.add_perm("audit.review_log", is_care_staff & (is_provider_admin | is_log_reviewer))
rules.add_perm("audit.manage_reviewers", is_care_staff & is_provider_admin)
# A citizen's own accesses ("who has read my data"); no target.
rules.add_perm("audit.view_own_accesses", is_citizen)
