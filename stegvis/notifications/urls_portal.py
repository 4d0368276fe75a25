"""Notification settings in the citizen portal; included by stegvis/portal/urls.py."""

from django.urls import path

from stegvis.notifications import views_portal

urlpatterns = [
    path("", views_portal.settings_page, name="notification_settings"),
    path("verify/email/", views_portal.verify_email, name="notification_verify_email"),
    path("verify/sms/", views_portal.verify_sms, name="notification_verify_sms"),
]
