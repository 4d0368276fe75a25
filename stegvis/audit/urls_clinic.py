"""The log review in the staff portal; included in the "clinic" namespace."""

from django.urls import path

from stegvis.audit.views import review, reviewers

urlpatterns = [
    path("", review.search, name="access_log"),
    path("export/", review.export_csv, name="access_log_export"),
    path("patterns/", review.pattern_list, name="access_log_patterns"),
    path("reviewers/", reviewers.reviewer_list, name="access_log_reviewers"),
    path("reviewers/<int:grant_id>/end/", reviewers.reviewer_end, name="access_log_reviewer_end"),
]
