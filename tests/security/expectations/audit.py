"""The access log (PDL): the provider's log review and the citizen's own "who read my data".

Ground truth: stegvis/audit/permissions.py and tests/audit. Provider admins review their
provider's log (and staff they permit through a LogReviewer grant, none among the personas);
everyone else is refused. Reviewing is itself a read: a search records an event, naming the
citizen when it is filtered by one. A citizen reading their own accesses records nothing
(stegvis/portal/views_access_log.py).
"""

from django.urls import reverse

from stegvis.audit.models import LogReviewer
from tests.security.matrix import (
    CITIZEN_DATA,
    CITIZENS,
    NOT_ALLOWED,
    UNNAMED_READ,
    Entry,
    cells,
)

ADMIN = {"provider_admin"}


def build(sw):
    # A reviewer grant to someone outside the personas, so that no persona's rights change.
    sw.log_reviewer = LogReviewer.objects.create(
        provider=sw.provider, staff=sw.unassigned_staff, granted_by=sw.provider_admin
    )


ENTRIES = [
    Entry(
        "clinic:access_log",
        lambda sw: reverse("clinic:access_log"),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {},
        shows_citizen_data=UNNAMED_READ,
    ),
    Entry(
        "clinic:access_log",
        lambda sw: f"{reverse('clinic:access_log')}?citizen={sw.citizen.pk}",
        get=cells(ok=ADMIN),
        shows_citizen_data=CITIZEN_DATA,
        label="filtered by the citizen",
    ),
    Entry(
        "clinic:access_log_export",
        lambda sw: reverse("clinic:access_log_export"),
        get=cells(ok=ADMIN),
        shows_citizen_data=UNNAMED_READ,
    ),
    Entry(
        "clinic:access_log_patterns",
        lambda sw: reverse("clinic:access_log_patterns"),
        get=cells(ok=ADMIN),
        shows_citizen_data=UNNAMED_READ,
    ),
    Entry(
        "clinic:access_log_reviewers",
        lambda sw: reverse("clinic:access_log_reviewers"),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {"hsa_id": ""},
    ),
    Entry(
        "clinic:access_log_reviewer_end",
        lambda sw: reverse("clinic:access_log_reviewer_end", args=[sw.log_reviewer.pk]),
        get=cells(provider_admin=NOT_ALLOWED),
        post=cells(ok=ADMIN),
    ),
    Entry(
        "portal:access_log",
        lambda sw: reverse("portal:access_log"),
        get=cells(ok=CITIZENS),
    ),
]
