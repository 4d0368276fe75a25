from django.urls import path

from stegvis.api.fhir import metadata, organization

app_name = "fhir"

urlpatterns = [
    path("metadata", metadata.metadata, name="metadata"),
    path("Organization", organization.search, name="organization_search"),
    path(
        "Organization/provider-<int:pk>",
        organization.read,
        {"kind": "provider"},
        name="organization_provider",
    ),
    path(
        "Organization/unit-<int:pk>", organization.read, {"kind": "unit"}, name="organization_unit"
    ),
]
