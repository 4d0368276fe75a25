"""Notification problems in the staff portal; included by stegvis/clinic/urls.py."""

from django.urls import path

from stegvis.clinic.views import notifications

urlpatterns = [
    path("", notifications.problems, name="notification_problems"),
]
