"""Usage statistics: the page (now), the period (a page, and the part the page loads), exports.

Ground truth: stegvis/statistics/permissions.py. A data admin sees their unit, a provider
admin every unit of the provider; the figures name no citizen, so no access-log event.
"""

from django.urls import reverse

from tests.security.matrix import Entry, cells

STATISTICS = {"data_admin", "provider_admin"}

ENTRIES = [
    Entry(
        "clinic:statistics_usage",
        lambda sw: reverse("clinic:statistics_usage"),
        get=cells(ok=STATISTICS),
    ),
    Entry(
        "clinic:statistics_usage_period",
        lambda sw: reverse("clinic:statistics_usage_period"),
        get=cells(ok=STATISTICS),
    ),
    Entry(
        "clinic:statistics_usage_period_part",
        lambda sw: reverse("clinic:statistics_usage_period_part"),
        get=cells(ok=STATISTICS),
    ),
    Entry(
        "clinic:statistics_usage_export",
        lambda sw: reverse("clinic:statistics_usage_export", args=["historic", "csv"]),
        get=cells(ok=STATISTICS),
    ),
]
