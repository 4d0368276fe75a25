"""The citizen's own access log; included in the "portal" namespace."""

from django.urls import path

from stegvis.audit.views import portal

urlpatterns = [
    path("", portal.my_accesses, name="access_log"),
]
