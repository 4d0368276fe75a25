"""The REST API at /api/v1/ (django-ninja): OpenAPI 3 at /api/v1/openapi.json, docs at /docs."""

from ninja import NinjaAPI

from stegvis.api.rest import catalog, enrollments
from stegvis.api.rest.base import Bearer, install_error_handlers

api = NinjaAPI(
    title="Stegvis REST API",
    version="1",
    description=(
        "What FHIR does not model: the catalog, activation per unit, enrollments and messages. "
        "Tokens and scopes as for the FHIR API (docs/api.md). Errors: "
        '`{"error": {"status", "code", "message": {"sv", "en"}}}`.'
    ),
    auth=Bearer(),
    urls_namespace="rest",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", catalog.router)
api.add_router("", enrollments.router)
install_error_handlers(api)
