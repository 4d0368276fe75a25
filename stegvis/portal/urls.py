from django.urls import include, path

from stegvis.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", include("stegvis.portal.urls_access_log")),
    path("consent/", include("stegvis.portal.urls_consent")),
    path("my-data/", include("stegvis.portal.urls_record")),
    path("", include("stegvis.portal.urls_care")),
    path("", include("stegvis.portal.urls_messages")),
    path("", include("stegvis.portal.urls_relatives")),
    path("settings/notifications/", include("stegvis.portal.urls_notifications")),
    path("training/", include("stegvis.portal.urls_training")),
]
