"""The log review in the staff portal; included in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import access_log, access_log_reviewers

urlpatterns = [
    path("", access_log.search, name="access_log"),
    path("export/", access_log.export_csv, name="access_log_export"),
    path("patterns/", access_log.pattern_list, name="access_log_patterns"),
    path("reviewers/", access_log_reviewers.reviewer_list, name="access_log_reviewers"),
    path(
        "reviewers/<int:grant_id>/end/",
        access_log_reviewers.reviewer_end,
        name="access_log_reviewer_end",
    ),
]
