"""The demo outbox; included by stegvis/urls.py at /demo/ (it answers 404 outside the demo)."""

from django.urls import path

from stegvis.portal import views_demo

app_name = "demo"

urlpatterns = [
    path("outbox/", views_demo.outbox, name="outbox"),
]
