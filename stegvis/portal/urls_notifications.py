"""Notification settings in the citizen portal; included by stegvis/portal/urls.py."""

from django.urls import path

from stegvis.portal import views_notifications

urlpatterns = [
    path("", views_notifications.settings_page, name="notification_settings"),
    path("verify/email/", views_notifications.verify_email, name="notification_verify_email"),
    path("verify/sms/", views_notifications.verify_sms, name="notification_verify_sms"),
]
