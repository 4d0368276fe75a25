"""Operations in the clinic: the provider admin's retention page (gallring).

Ground truth: stegvis/operations/permissions.py, tests/operations/test_retention_page.py. The
page shows periods and counts only, so it records nothing in the access log; a change is
recorded as a change (`retention.period_set`, `retention.period_reset`).
"""

from django.urls import reverse

from tests.security.matrix import NOT_ALLOWED, Entry, cells

ADMIN = {"provider_admin"}

ENTRIES = [
    Entry(
        "clinic:retention",
        lambda sw: reverse("clinic:retention"),
        get=cells(ok=ADMIN),
    ),
    Entry(
        "clinic:retention_set",
        lambda sw: reverse("clinic:retention_set", args=["notifications"]),
        get=cells(**{p: NOT_ALLOWED for p in ADMIN}),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {"notifications-days": "90", "notifications-seen": ""},
    ),
    Entry(
        "clinic:retention_reset",
        lambda sw: reverse("clinic:retention_reset", args=["notifications"]),
        get=cells(**{p: NOT_ALLOWED for p in ADMIN}),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {"notifications-reset-seen": ""},
    ),
]
