"""Notification problems in the staff portal; included by stegvis/clinic/urls.py."""

from django.urls import path

from stegvis.notifications import views_clinic

urlpatterns = [
    path("", views_clinic.problems, name="notification_problems"),
]
