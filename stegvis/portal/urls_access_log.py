"""The citizen's own access log; included in the "portal" namespace."""

from django.urls import path

from stegvis.portal import views_access_log

urlpatterns = [
    path("", views_access_log.my_accesses, name="access_log"),
]
