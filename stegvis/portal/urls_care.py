"""URLs of the citizen's programs; included in the "portal" namespace.

Only ids and the release's step keys appear in them, never names or health data.
"""

from django.urls import path

from stegvis.portal import views, views_care

urlpatterns = [
    path("open/<int:release_id>/", views.open_program, name="open_program"),
    path("<int:enrollment_id>/", views_care.program, name="program"),
    path("<int:enrollment_id>/steps/<slug:step_key>/", views_care.step, name="step"),
    path(
        "<int:enrollment_id>/steps/<slug:step_key>/autosave/",
        views_care.autosave,
        name="autosave",
    ),
    path(
        "<int:enrollment_id>/steps/<slug:step_key>/diary/<slug:diary_key>/",
        views_care.add_diary_entry,
        name="diary_entry",
    ),
    path(
        "<int:enrollment_id>/questionnaires/<int:response_id>/",
        views_care.due_questionnaire,
        name="due_questionnaire",
    ),
    path("<int:enrollment_id>/results/", views_care.results, name="results"),
    path("<int:enrollment_id>/plan/", views_care.plan, name="plan"),
    path("<int:enrollment_id>/media/<str:name>", views_care.media, name="media"),
]
