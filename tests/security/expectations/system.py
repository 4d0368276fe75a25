"""The system administrator's pages (care providers) and the provider admin's HSA import.

No persona of the matrix is a system administrator, so every staff member is refused there;
their own tests are in tests/organisation/test_onboarding_pages.py.
"""

from django.urls import reverse

from tests.security.matrix import Entry, cells

ENTRIES = [
    Entry(
        "clinic:hsa_import",
        lambda sw: reverse("clinic:hsa_import"),
        get=cells(ok={"provider_admin"}),
        post=cells(ok={"provider_admin"}),
        post_data=lambda sw: {},
    ),
    Entry("clinic:providers", lambda sw: reverse("clinic:providers"), get=cells()),
    Entry(
        "clinic:provider_new",
        lambda sw: reverse("clinic:provider_new"),
        get=cells(),
        post=cells(),
        post_data=lambda sw: {"name": "Region Ny", "code": "region-ny"},
    ),
    Entry(
        "clinic:provider_detail",
        lambda sw: reverse("clinic:provider_detail", args=[sw.provider.pk]),
        get=cells(),
        post=cells(),
        post_data=lambda sw: {"hsa_id": sw.practitioner.hsa_id},
    ),
]
