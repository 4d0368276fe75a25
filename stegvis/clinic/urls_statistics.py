"""Statistics, treatment outcomes and research exports; included in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import research_export, statistics_outcomes, statistics_usage

urlpatterns: list = [
    path("usage/", statistics_usage.usage, name="statistics_usage"),
    path("usage/period/", statistics_usage.usage_period, name="statistics_usage_period"),
    path(
        "usage/period/part/",
        statistics_usage.usage_period_part,
        name="statistics_usage_period_part",
    ),
    path(
        "usage/<slug:table>.<slug:file_format>",
        statistics_usage.usage_export,
        name="statistics_usage_export",
    ),
    path("outcomes/", statistics_outcomes.outcomes_page, name="statistics_outcomes"),
    path("research/", research_export.export_list, name="research_exports"),
    path("research/new/", research_export.export_new, name="research_export_new"),
    path("research/<int:export_id>/", research_export.export_detail, name="research_export"),
    path(
        "research/<int:export_id>/download/",
        research_export.export_download,
        name="research_export_download",
    ),
    path("research/exporters/", research_export.exporter_list, name="research_exporters"),
    path(
        "research/exporters/<int:authorisation_id>/revoke/",
        research_export.exporter_revoke,
        name="research_exporter_revoke",
    ),
]
