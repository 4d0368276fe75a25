from django.urls import include, path

from stegvis.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", include("stegvis.audit.urls_portal")),
    path("", include("stegvis.portal.urls_care")),
    path("", include("stegvis.messaging.urls_citizen")),
    path("", include("stegvis.relatives.urls_portal")),
    path("settings/notifications/", include("stegvis.notifications.urls_portal")),
]
