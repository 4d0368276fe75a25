"""Treatment outcomes (Behandlingsresultat): data admins for their units, provider admins.

Ground truth: stegvis/statistics/permissions.py and tests/statistics. The page shows
aggregates with small groups suppressed, so it reads no single citizen's record and records
nothing in the access log.
"""

from django.urls import reverse

from tests.security.matrix import NO_DATA, Entry, cells

ENTRIES = [
    Entry(
        "clinic:statistics_outcomes",
        lambda sw: reverse("clinic:statistics_outcomes"),
        get=cells(ok={"data_admin", "provider_admin"}),
        shows_citizen_data=NO_DATA,
    ),
]
