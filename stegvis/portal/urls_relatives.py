"""Portal URLs of a relative following an enrollment; included in the "portal" namespace.

Only the enrollment's id and the release's step keys appear in them.
"""

from django.urls import path

from stegvis.portal import views_relatives

urlpatterns = [
    path("<int:enrollment_id>/following/", views_relatives.following, name="following"),
    path(
        "<int:enrollment_id>/following/steps/<slug:step_key>/",
        views_relatives.step,
        name="following_step",
    ),
    path(
        "<int:enrollment_id>/following/media/<str:name>",
        views_relatives.media,
        name="following_media",
    ),
]
