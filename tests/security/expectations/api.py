"""The API (stegvis/api): OAuth endpoints, FHIR endpoints, and the clinic's API-klienter pages.

Ground truth: stegvis/api/permissions.py, tests/api/ (tokens, scopes and per-client denials:
a FHIR endpoint is tested there as real clients call it, with bearer tokens). Here every
persona comes with a signed-in session and no token: a session is never a credential for the
FHIR API (no CSRF there), so every data endpoint answers 401; only the CapabilityStatement is
open. The token and revocation endpoints take POSTs from clients only.
"""

import uuid

from django.urls import reverse

from stegvis.api import services
from stegvis.api.models import BulkExport
from tests.security.matrix import (
    BAD_REQUEST,
    NOT_ALLOWED,
    OK,
    UNAUTHORIZED,
    Entry,
    cells,
    everyone,
)

ADMIN = {"provider_admin"}
SIGNED_IN_CITIZENS = {"citizen", "other_citizen", "relative", "ended_relative"}


def build(sw):
    sw.api_client = services.create_client(
        actor=sw.provider_admin,
        provider=sw.provider,
        name="Säkerhetsmatrisens klient",
        kind="system",
        scopes=["system/*.read"],
    ).client
    sw.bulk_export = BulkExport.objects.create(
        public_id=uuid.uuid4(), client=sw.api_client, program_key="matrix", request_url="/"
    )


def _fhir(name: str, *args, post: bool = False) -> Entry:
    return Entry(
        f"fhir:{name}",
        lambda sw: reverse(f"fhir:{name}", args=[a(sw) if callable(a) else a for a in args]),
        get=everyone(UNAUTHORIZED),
        post=everyone(UNAUTHORIZED) if post else None,
        post_data=(lambda sw: {}) if post else None,
        label="a session, no token",
    )


ENTRIES = [
    Entry("fhir:metadata", lambda sw: reverse("fhir:metadata"), get=everyone(OK)),
    _fhir("organization_search"),
    _fhir("organization_provider", lambda sw: sw.provider.pk),
    _fhir("organization_unit", lambda sw: sw.unit.pk),
    _fhir("patient_search", post=True),
    _fhir("patient_post_search", post=True),
    _fhir("patient", lambda sw: sw.citizen.pk),
    _fhir("practitioner", lambda sw: sw.practitioner.pk),
    _fhir("episode_search"),
    _fhir("episode", lambda sw: sw.enrollment.pk),
    _fhir("questionnaire_search"),
    _fhir("questionnaire", "phq9-1-0-1"),
    _fhir("questionnaire_response_search", post=True),
    _fhir("questionnaire_response", lambda sw: sw.due.pk),
    _fhir("observation_search"),
    _fhir("observation", lambda sw: sw.due.pk),
    _fhir("export"),
    _fhir("export_status", lambda sw: sw.bulk_export.public_id),
    _fhir("export_file", lambda sw: sw.bulk_export.public_id),
    _fhir("export_codebook", lambda sw: sw.bulk_export.public_id),
    Entry(
        "oauth:authorize",
        lambda sw: reverse("oauth:authorize") + f"?client_id={sw.api_client.application.client_id}",
        # DOT's error page, 400: a system client has no authorization code flow (the flow
        # itself is tested in tests/api/test_pkce.py).
        get=cells(otherwise=BAD_REQUEST),
    ),
    Entry(
        "oauth:token",
        lambda sw: reverse("oauth:token"),
        get=everyone(NOT_ALLOWED),
    ),
    Entry(
        "oauth:revoke",
        lambda sw: reverse("oauth:revoke"),
        get=everyone(NOT_ALLOWED),
    ),
    Entry(
        "clinic:api_clients",
        lambda sw: reverse("clinic:api_clients"),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {"name": "Ny", "kind": "system", "scopes": ["system/*.read"]},
    ),
    Entry(
        "clinic:api_client",
        lambda sw: reverse("clinic:api_client", args=[sw.api_client.pk]),
        get=cells(ok=ADMIN),
    ),
    Entry(
        "clinic:api_client_rotate",
        lambda sw: reverse("clinic:api_client_rotate", args=[sw.api_client.pk]),
        get=cells(**{p: NOT_ALLOWED for p in ADMIN}),
        post=cells(ok=ADMIN),
    ),
    Entry(
        "clinic:api_client_revoke",
        lambda sw: reverse("clinic:api_client_revoke", args=[sw.api_client.pk]),
        get=cells(**{p: NOT_ALLOWED for p in ADMIN}),
        post=cells(ok=ADMIN),
    ),
]
