from django.urls import path

from stegvis.clinic.views import retention

urlpatterns = [
    path("", retention.retention_page, name="retention"),
    path("<slug:kind>/", retention.retention_set, name="retention_set"),
    path("<slug:kind>/reset/", retention.retention_reset, name="retention_reset"),
]
