"""Statistics, treatment outcomes and research exports; included in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import statistics_usage

urlpatterns: list = [
    path("usage/", statistics_usage.usage, name="statistics_usage"),
    path(
        "usage/<str:table>.<str:file_format>",
        statistics_usage.usage_export,
        name="statistics_usage_export",
    ),
]
