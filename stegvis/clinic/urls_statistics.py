"""Statistics, treatment outcomes and research exports; included in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import statistics_outcomes

urlpatterns: list = [
    path("outcomes/", statistics_outcomes.outcomes_page, name="statistics_outcomes"),
]
