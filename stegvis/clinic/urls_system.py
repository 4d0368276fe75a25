"""The system administrator's pages; included in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import system

urlpatterns = [
    path("providers/", system.provider_list, name="providers"),
    path("providers/new/", system.provider_new, name="provider_new"),
    path("providers/<int:provider_id>/", system.provider_detail, name="provider_detail"),
]
