"""The FHIR R4 endpoints (docs/api.md). Ids are ints or slugs (tests/hardening)."""

from django.urls import path

from stegvis.api.fhir import (
    create,
    episode,
    export,
    metadata,
    observation,
    organization,
    people,
    questionnaire,
    questionnaire_response,
)

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
    path("Patient", people.patient_search, name="patient_search"),
    path("Patient/_search", people.patient_search, name="patient_post_search"),
    path("Patient/<int:pk>", people.patient_read, name="patient"),
    path("Practitioner/<int:pk>", people.practitioner_read, name="practitioner"),
    path("EpisodeOfCare", episode.search, name="episode_search"),
    path("EpisodeOfCare/<int:pk>", episode.read, name="episode"),
    path("Questionnaire", questionnaire.search, name="questionnaire_search"),
    path("Questionnaire/<slug:pk>", questionnaire.read, name="questionnaire"),
    path("QuestionnaireResponse", create.collection, name="questionnaire_response_search"),
    path(
        "QuestionnaireResponse/<int:pk>",
        questionnaire_response.read,
        name="questionnaire_response",
    ),
    path("Observation", observation.search, name="observation_search"),
    path("Observation/total-<int:pk>", observation.read, name="observation"),
    # Bulk Data $export (one program's responses, pseudonymised): kick-off, status, files.
    path("$export", export.kickoff, name="export"),
    path("$export-status/<uuid:public_id>", export.status, name="export_status"),
    path(
        "$export-files/<uuid:public_id>/QuestionnaireResponse.ndjson",
        export.output,
        {"name": "QuestionnaireResponse.ndjson"},
        name="export_file",
    ),
    path(
        "$export-files/<uuid:public_id>/codebook.csv",
        export.output,
        {"name": "codebook.csv"},
        name="export_codebook",
    ),
]
